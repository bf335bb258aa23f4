import type { IncomingMessage } from 'node:http';
import pino from 'pino';
import type { Db } from '../../src/db/db';
import { purgeExpiredRequests, rememberRequestOnce } from '../../src/db/request-replays';
import { createReplayGuard } from '../../src/http/replay-guard';
import { createSlackEndpoint, MAX_BODY_BYTES } from '../../src/http/slack-endpoint';
import { signatureHeaders } from '../../src/sandbox/slack-client';
import { startServer, type RunningServer } from '../../src/server';
import { createTestDb } from '../helpers/db';
import { openRaw } from '../helpers/raw-http';

const SECRET = 'endpoint-test-secret';
const FORM = 'application/x-www-form-urlencoded';

/**
 * The endpoint in front of Bolt, with a stand-in for Bolt's listener that records what reaches it:
 * nothing that is not Slack's, and what is, once, with the exact bytes Slack signed.
 */
describe('the Slack endpoint', () => {
  let db: Db;
  let server: RunningServer;
  let url: string;
  const seen: { body: string; rawBody: Buffer }[] = [];
  beforeAll(async () => {
    db = await createTestDb();
    const log = pino({ level: 'silent' });
    const endpoint = createSlackEndpoint({
      signingSecret: SECRET,
      log,
      replays: createReplayGuard({ db, log }),
      bolt: (req, res) => {
        const rawBody = (req as IncomingMessage & { rawBody: Buffer }).rawBody;
        seen.push({ body: rawBody.toString(), rawBody });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('bolt');
      },
    });
    // the unanswered guard is pushed out of the way: these tests hold requests open on purpose
    server = await startServer({ db, log, slack: endpoint, unansweredAfterMs: 60_000 }, 0, '127.0.0.1');
    url = `${server.url}/slack/events`;
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body });
  const signed = (body: string, offsetSec = 0) =>
    signatureHeaders(body, SECRET, Date.now(), { timestampOffsetSec: offsetSec });

  it('hands Bolt a signed request once, already buffered, byte for byte', async () => {
    const body = 'command=%2Fdelegate&text=caf%C3%A9+%F0%9F%8E%89&trigger_id=1';
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('bolt');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.rawBody.equals(Buffer.from(body))).toBe(true);
  });

  const nowSec = () => String(Math.floor(Date.now() / 1000));
  it.each<[string, () => Record<string, string>]>([
    ['no signature headers', () => ({})],
    ['a signature from another secret', () => signatureHeaders('x=1', 'other-secret', Date.now())],
    ['a stale timestamp', () => signed('x=1', -360)],
    ['a timestamp from the future', () => signed('x=1', 360)],
    [
      'a timestamp that is not a number',
      () => ({ 'X-Slack-Request-Timestamp': '12ab', 'X-Slack-Signature': `v0=${'0'.repeat(64)}` }),
    ],
    [
      'an unknown signature version',
      () => ({ 'X-Slack-Request-Timestamp': nowSec(), 'X-Slack-Signature': `v1=${'0'.repeat(64)}` }),
    ],
  ])('refuses a request with %s, and Bolt never sees it', async (_name, headers) => {
    const res = await post('x=1', headers());
    expect(res.status).toBe(401);
    expect(res.headers.get('connection')).toBe('close');
    expect(seen).toEqual([]);
  });

  it('refuses a body over the cap that is signed correctly, and Bolt never sees it', async () => {
    const body = `text=${'a'.repeat(MAX_BODY_BYTES)}`;
    const ex = openRaw(
      url,
      { headers: { 'Content-Type': FORM, 'Content-Length': Buffer.byteLength(body), ...signed(body) } },
      body.slice(0, 1000),
    );
    expect((await ex.response).status).toBe(413);
    await ex.closed;
    expect(seen).toEqual([]);
  });

  it('turns away large bodies beyond its reading budget, while small ones still get in', async () => {
    // ten signed headers claiming 900 kB each, whose bodies never come: they hold the budget (8 MiB)
    const holders = Array.from({ length: 10 }, () =>
      openRaw(url, { headers: { 'Content-Type': FORM, 'Content-Length': 900_000, ...signed('') } }, 'a'),
    );
    try {
      // nine fit in the budget and wait for their bodies; the tenth is answered at once
      const turnedAway = await Promise.any(holders.map((h) => h.response));
      expect(turnedAway.status).toBe(503);
      expect(turnedAway.headers['retry-after']).toBe('1');
      const large = `text=${'a'.repeat(400_000)}`;
      expect((await post(large, signed(large))).status).toBe(503);
      const body = 'command=%2Fdelegate&trigger_id=2';
      const small = await post(body, signed(body));
      expect(small.status).toBe(200);
      expect(seen.map((s) => s.body)).toEqual([body]);
    } finally {
      for (const h of holders) h.destroy();
    }
  });

  it('acts once on a replay, and again on a new request', async () => {
    const body = 'command=%2Fdelegate&trigger_id=3';
    const nowMs = Date.now();
    const headers = signatureHeaders(body, SECRET, nowMs, { timestampOffsetSec: -10 });
    expect((await post(body, headers)).status).toBe(200);
    const replay = await post(body, headers);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe('');
    expect(seen).toHaveLength(1);
    // the same body signed at another second is a new request (real Slack bodies never repeat anyway)
    expect(
      (await post(body, signatureHeaders(body, SECRET, nowMs, { timestampOffsetSec: -20 }))).status,
    ).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('acts once when the same request arrives many times at the same moment, checked together', async () => {
    const guard = createReplayGuard({ db, log: pino({ level: 'silent' }), purgeEveryMs: Infinity });
    const later = new Date(Date.now() + 60_000);
    // ten copies of one request and ten different ones, all at once: the checks share statements
    const keys = [
      ...Array.from({ length: 10 }, () => 'sig:burst'),
      ...Array.from({ length: 10 }, (_, i) => `sig:burst-${i}`),
    ];
    const seenAs = await Promise.all(keys.map((k) => guard.firstSeen(k, later)));
    expect(seenAs.slice(0, 10).filter((s) => s === 'first')).toHaveLength(1);
    expect(seenAs.slice(10)).toEqual(Array.from({ length: 10 }, () => 'first'));
    // and each stays remembered
    expect(await guard.firstSeen('sig:burst-3', later)).toBe('replay');
  });

  it('forgets signatures once they have gone stale', async () => {
    const now = new Date();
    expect(await rememberRequestOnce(db, 'sig:old', new Date(now.getTime() - 1000))).toBe(true);
    expect(await rememberRequestOnce(db, 'sig:young', new Date(now.getTime() + 60_000))).toBe(true);
    expect(await purgeExpiredRequests(db, now)).toBeGreaterThanOrEqual(1);
    expect(await rememberRequestOnce(db, 'sig:old', new Date(now.getTime() + 1000))).toBe(true);
    expect(await rememberRequestOnce(db, 'sig:young', new Date(now.getTime() + 60_000))).toBe(false);
  });

  it('lets requests through when the database cannot say (fail open), and stops asking for a moment', async () => {
    let asked = 0;
    let hang!: () => void;
    const hanging: Db = {
      ...db,
      query: async () => {
        asked++;
        await new Promise<void>((resolve) => (hang = resolve));
        throw new Error('gone');
      },
    };
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
    const guard = createReplayGuard({
      db: hanging,
      log,
      timeoutMs: 20,
      backOffMs: 60_000,
      purgeEveryMs: Infinity,
    });
    expect(await guard.firstSeen('sig:a', new Date(Date.now() + 60_000))).toBe('unknown');
    // while it backs off, requests do not wait for the database at all
    expect(await guard.firstSeen('sig:b', new Date(Date.now() + 60_000))).toBe('unknown');
    expect(asked).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/let them through/);
    hang();
  });
});
