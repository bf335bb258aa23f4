/**
 * Issue 13, "Install anywhere", end to end over signed HTTP: two workspaces install Trustloop through
 * the real OAuth flow against the Slack stand-in, are used side by side, never see each other's work,
 * and one uninstalls: the other keeps working, the first receives nothing more.
 */
import { WebClient } from '@slack/web-api';
import { ALICE, BOB, GENERAL, messageText } from '../helpers/e2e';
import {
  BEA,
  BEN,
  BRAVO,
  BRAVO_CHANNEL,
  BRAVO_WORKSPACE,
  CLIENT_SECRET,
  ENCRYPTION_KEY,
  startOAuthE2E,
  STATE_SECRET,
  type OAuthE2E,
} from '../helpers/oauth-e2e';
import { logCapture } from '../helpers/raw-http';
import { enqueue } from '../../src/db/outbox';
import { createLogger } from '../../src/logger';
import { BOT_SCOPES } from '../../src/slack/scopes';

const ALPHA = 'T0TEAM1'; // the stand-in's first workspace: Alice, Bob, Carol in #general
const CHARLIE = 'T0CHARLIE';

describe('install anywhere: two workspaces through "Add to Slack", side by side, one uninstalled', () => {
  let t: OAuthE2E;
  const logs = logCapture();

  beforeAll(async () => {
    t = await startOAuthE2E({
      // Trace level over the whole journey: the log scan at the end reads every line.
      log: createLogger({ level: 'trace', pretty: false }, logs),
      workspaces: [
        BRAVO_WORKSPACE,
        {
          teamId: CHARLIE,
          teamName: 'Charlie',
          users: [
            { id: 'U0CHUCK01', name: 'chuck', is_admin: true },
            { id: 'U0CHLOE01', name: 'chloe' },
          ],
          channels: [{ id: 'C0CHARLIE', name: 'charlie', members: ['U0CHUCK01', 'U0CHLOE01'] }],
        },
      ],
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const callsWith = (teamId: string) => t.standIn.calls.filter((c) => c.teamId === teamId);

  it('shows an install page: what Trustloop does, each scope and why, privacy, and the Add to Slack button', async () => {
    const res = await fetch(t.installUrl);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('set-cookie')).toMatch(/^slack-app-oauth-state=/);
    expect(html).toContain('Add to Slack');
    expect(html).toContain('/delegate');
    for (const s of BOT_SCOPES) {
      expect(html).toContain(`<code>${s.scope}</code>`);
      expect(html).toContain(s.why.replace(/’/g, '’'));
    }
    expect(html).toContain('id="privacy"');
    const link = /href="([^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&') ?? '';
    const authorize = new URL(link);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(t.standIn.authorizeUrl);
    expect(authorize.searchParams.get('scope')).toBe(BOT_SCOPES.map((s) => s.scope).join(','));
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${t.url}/slack/oauth_redirect`);
  });

  it('installs two workspaces through the OAuth flow, each with its own token, stored encrypted', async () => {
    for (const team of [ALPHA, BRAVO]) {
      const flow = await t.install(team);
      expect(flow.callback?.status).toBe(200);
      expect(flow.callback?.body).toMatch(/Trustloop is in/);
      expect(flow.callback?.body).toContain('/delegate');
      expect(flow.callback?.body).toContain('Home');
    }
    expect(await t.installationCount()).toBe(2);
    const a = t.standIn.installation(ALPHA)?.botToken ?? '';
    const b = t.standIn.installation(BRAVO)?.botToken ?? '';
    expect(a).toMatch(/^xoxb-/);
    expect(b).not.toBe(a);
    const { rows } = await t.db.query<{ raw: string }>(
      'select row_to_json(i)::text as raw from installations i',
    );
    const raw = rows.map((r) => r.raw).join('\n');
    expect(raw).toContain(ALPHA);
    expect(raw).not.toContain(a);
    expect(raw).not.toContain(b);
  });

  it('serves both side by side, each Web API call with its own workspace’s token', async () => {
    const before = t.standIn.calls.length;
    const ra = await t.command(ALPHA, ALICE, '/delegate', `<@${BOB}> Draft the survey by Friday`, GENERAL);
    const rb = await t.command(
      BRAVO,
      BEA,
      '/delegate',
      `<@${BEN}> Plan the offsite by Friday`,
      BRAVO_CHANNEL,
    );
    expect(ra.text).toContain('D-1');
    expect(rb.text).toContain('D-1'); // each workspace numbers its own work
    await t.settle();
    expect(messageText(t.standIn.dmsTo(BOB).at(-1))).toContain('Draft the survey');
    expect(messageText(t.standIn.workspace(BRAVO).dmsTo(BEN).at(-1))).toContain('Plan the offsite');
    const calls = t.standIn.calls.slice(before);
    const alphaToken = t.standIn.installation(ALPHA)?.botToken;
    const bravoToken = t.standIn.installation(BRAVO)?.botToken;
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls) {
      expect(c.ok).toBe(true);
      expect(c.token).toBe(c.teamId === ALPHA ? alphaToken : bravoToken);
    }
    expect(calls.some((c) => c.teamId === BRAVO && c.method === 'users.info')).toBe(true);
  });

  it('keeps each workspace’s work to itself: guessed references, ledgers and Home tabs', async () => {
    await t.command(ALPHA, ALICE, '/delegate', `<@${BOB}> Second task only Alpha has by Friday`, GENERAL);
    await t.settle();
    // Bravo guesses Alpha's D-2: there is no D-2 in Bravo, and Alpha's is untouched.
    const guess = await t.command(BRAVO, BEN, '/outcome', 'D-2 win took it over', BRAVO_CHANNEL);
    expect(guess.text).toMatch(/D-2/);
    expect(guess.text).not.toMatch(/Second task/);
    const { rows } = await t.db.query<{ team_id: string; ref: number; status: string }>(
      'select team_id, ref, status from delegations order by team_id, ref',
    );
    expect(rows).toEqual([
      { team_id: BRAVO, ref: 1, status: expect.any(String) },
      { team_id: ALPHA, ref: 1, status: expect.any(String) },
      { team_id: ALPHA, ref: 2, status: expect.any(String) },
    ]);
    expect(rows.find((r) => r.team_id === ALPHA && r.ref === 2)?.status).not.toMatch(/won|lost|closed/);
    // Bravo's ledger of Alpha's Bob knows nothing of him.
    const ledger = await t.command(BRAVO, BEA, '/ledger', `<@${BOB}>`, BRAVO_CHANNEL);
    expect(ledger.text).not.toContain('Draft the survey');
    // Ben's Home tab shows Bravo's work only.
    await t.sender(BRAVO).event({ type: 'app_home_opened', user: BEN, tab: 'home' });
    await t.standIn.waitFor(() => t.standIn.workspace(BRAVO).homeView(BEN));
    await t.settle();
    const home = JSON.stringify(t.standIn.workspace(BRAVO).homeView(BEN));
    expect(home).toContain('Plan the offsite');
    expect(home).not.toContain('Draft the survey');
    expect(home).not.toContain('Second task');
  });

  it('keeps rituals to their workspace, even for a channel id guessed from the other', async () => {
    const set = await t.command(ALPHA, ALICE, '/ritual', 'retro every Friday 16:00', GENERAL);
    expect(set.text).toMatch(/retro/i);
    // Bravo names Alpha's channel id: it has no rituals there, and cannot pause Alpha's.
    const list = await t.command(BRAVO, BEA, '/ritual', 'list', GENERAL);
    expect(list.text).toMatch(/No rituals/);
    await t.command(BRAVO, BEA, '/ritual', 'pause retro', GENERAL);
    const { rows } = await t.db.query<{ team_id: string; enabled: boolean }>(
      `select team_id, enabled from rituals`,
    );
    expect(rows).toEqual([{ team_id: ALPHA, enabled: true }]);
  });

  it('refuses a button replayed into the other workspace with that workspace’s ids', async () => {
    // Alpha's D-2 Accept button, posted into Ben's DM in Bravo (as if copied there) and clicked by Ben.
    const alphaDm = t.standIn.dmsTo(BOB).find((m) => messageText(m).includes('Second task'));
    expect(alphaDm).toBeDefined();
    const bravoBot = new WebClient(t.standIn.installation(BRAVO)?.botToken, {
      slackApiUrl: t.standIn.apiUrl,
      retryConfig: { retries: 0 },
    });
    const posted = await bravoBot.chat.postMessage({
      channel: BEN,
      text: 'copied',
      blocks: alphaDm?.blocks as never,
    });
    const before = t.standIn.responsePosts.length;
    const r = await t.sender(BRAVO).blockAction({
      userId: BEN,
      actionId: 'delegation_accept',
      channelId: BEN,
      messageTs: posted.ts ?? '',
    });
    expect(r.status).toBe(200);
    const answer = await t.standIn.waitFor(
      (s) => s.responsePosts.slice(before).find((p) => p.url === r.responseUrl),
      5000,
    );
    expect(messageText(answer.body as { text?: string })).not.toMatch(/accepted/i);
    const { rows } = await t.db.query<{ accepted_at: Date | null }>(
      `select accepted_at from delegations where team_id = $1 and ref = 2`,
      [ALPHA],
    );
    expect(rows[0].accepted_at).toBeNull();
  });

  it('refuses modal metadata naming the other workspace’s work', async () => {
    // Bea (Bravo) submits a Cancel form whose metadata was edited to name ref 2: Alpha's D-2.
    const view = {
      id: 'V0FORGED01',
      type: 'modal',
      callback_id: 'cancel_delegation_modal',
      private_metadata: JSON.stringify({ ref: 2 }),
      state: { values: { reason: { reason: { type: 'plain_text_input', value: 'not needed' } } } },
    };
    const payload = {
      type: 'view_submission',
      team: { id: BRAVO, domain: 'bravo' },
      user: { id: BEA, team_id: BRAVO },
      api_app_id: t.standIn.appId,
      token: 'sandbox-verification-token',
      trigger_id: '1.2.3',
      view,
    };
    const r = await t
      .sender(BRAVO)
      .raw(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain('"response_action":"errors"');
    const { rows } = await t.db.query<{ status: string }>(
      `select status from delegations where team_id = $1 and ref = 2`,
      [ALPHA],
    );
    expect(rows[0].status).not.toBe('cancelled');
    expect(JSON.stringify(r.body)).toContain('find D-2 in this workspace');
  });

  it('answers a workspace that never installed with 200 and does nothing, saying so once in the logs', async () => {
    const calls = t.standIn.calls.length;
    const a = await t.command(
      CHARLIE,
      'U0CHUCK01',
      '/delegate',
      `<@U0CHUCK01> Anything by Friday`,
      'C0CHARLIE',
    );
    const b = await t.command(CHARLIE, 'U0CHUCK01', '/commit', 'Something by Friday', 'C0CHARLIE');
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.text).toBe('');
    await t.settle();
    const { rows } = await t.db.query<{ n: number }>(
      `select (select count(*) from delegations where team_id = $1) + (select count(*) from outbox where team_id = $1) + (select count(*) from members where team_id = $1) as n`,
      [CHARLIE],
    );
    expect(Number(rows[0].n)).toBe(0);
    expect(t.standIn.calls.slice(calls).filter((c) => c.teamId === CHARLIE)).toHaveLength(0);
    expect(
      logs.lines.filter((l) => l.teamId === CHARLIE && /does not serve/.test(String(l.msg))),
    ).toHaveLength(1);
  });

  it('stops an uninstalled workspace at once; the other keeps working, the first receives nothing more', async () => {
    // Something is waiting for Alpha when it uninstalls: a message due in an hour, and a delegation
    // whose DM the delivery loop may or may not have tried yet (then it met the revoked token itself).
    await enqueue(t.db, [
      {
        teamId: ALPHA,
        key: 'later:for-alice',
        method: 'chat.postMessage',
        payload: { channel: ALICE, text: 'due later' },
        channelKey: ALICE,
        notBefore: new Date(t.clock.now().getTime() + 3_600_000),
      },
    ]);
    await t.command(ALPHA, ALICE, '/delegate', `<@${BOB}> Left behind by Friday`, GENERAL);
    const revokedToken = t.standIn.installation(ALPHA)?.botToken;
    // Slack sends tokens_revoked first this time; app_uninstalled follows.
    await t.sender(ALPHA).uninstall({ events: ['tokens_revoked', 'app_uninstalled'] });
    await t.standIn.waitFor(async () => (await t.installationCount()) === 1 || undefined);
    // the events are acknowledged first and processed after: wait for the stop itself, not a moment
    const laterRow = () =>
      t.db.query<{ status: string; last_error: string }>(
        `select status, last_error from outbox where team_id = $1 and idempotency_key = 'later:for-alice'`,
        [ALPHA],
      );
    await t.standIn.waitFor(async () =>
      (await laterRow()).rows[0]?.status === 'dropped' ? true : undefined,
    );
    const later = await laterRow();
    // dropped by the event, or by the workspace's stop when a send in between met the revoked token
    expect(later.rows).toEqual([
      { status: 'dropped', last_error: expect.stringMatching(/tokens?_revoked|not_installed/) as string },
    ]);
    const pending = await t.db.query<{ status: string; last_error: string }>(
      `select status, last_error from outbox where team_id = $1 and idempotency_key like 'delegation:3:%'`,
      [ALPHA],
    );
    expect(pending.rows.length).toBeGreaterThan(0);
    for (const r of pending.rows) {
      expect(r.status).toBe('dropped');
      // dropped by the event, or by a delivery pass that ran between the two events and found the
      // installation gone: either way recorded, never sent
      expect(r.last_error).toMatch(/tokens?_revoked|not_installed/);
    }
    const stopped = await t.db.query<{ reason: string }>(
      'select reason from stopped_workspaces where team_id = $1',
      [ALPHA],
    );
    expect(stopped.rows).toHaveLength(1);
    expect(stopped.rows[0].reason).toMatch(/tokens?_revoked|not_installed/);
    // Queuing for it is refused from now on, whoever asks (a tick, a retried request).
    expect(
      await enqueue(t.db, [
        {
          teamId: ALPHA,
          key: 'after',
          method: 'chat.postMessage',
          payload: {},
          channelKey: ALICE,
          notBefore: t.clock.now(),
        },
      ]),
    ).toBe(0);

    const callsBefore = t.standIn.calls.length;
    await t.settle();
    // Alpha's people ask again: 200, nothing done, nothing queued, no call with the revoked token.
    const again = await t.command(ALPHA, ALICE, '/delegate', `<@${BOB}> After uninstall by Friday`, GENERAL);
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
    await t.sender(ALPHA).event({ type: 'app_home_opened', user: ALICE, tab: 'home' });
    await t.app.tick();
    await t.settle();
    expect(t.standIn.calls.slice(callsBefore).filter((c) => c.token === revokedToken)).toHaveLength(0);
    expect(t.standIn.calls.slice(callsBefore).filter((c) => c.teamId === ALPHA)).toHaveLength(0);
    // Its data is kept (what happens to it is the next issue's).
    const kept = await t.db.query<{ n: number }>(
      'select count(*)::int as n from delegations where team_id = $1',
      [ALPHA],
    );
    expect(kept.rows[0].n).toBe(3);

    // Bravo keeps working.
    const rb = await t.command(BRAVO, BEA, '/delegate', `<@${BEN}> Still here by Friday`, BRAVO_CHANNEL);
    expect(rb.text).toContain('D-2');
    await t.settle();
    expect(messageText(t.standIn.workspace(BRAVO).dmsTo(BEN).at(-1))).toContain('Still here');
    expect(callsWith(BRAVO).every((c) => c.token === t.standIn.installation(BRAVO)?.botToken)).toBe(true);
  });

  it('serves a workspace again when it installs anew', async () => {
    const flow = await t.install(ALPHA);
    expect(flow.callback?.status).toBe(200);
    const r = await t.command(ALPHA, ALICE, '/delegate', `<@${BOB}> Back again by Friday`, GENERAL);
    expect(r.text).toContain('D-4');
    await t.settle();
    expect(messageText(t.standIn.dmsTo(BOB).at(-1))).toContain('Back again');
  });

  it('stops a workspace whose token Slack revoked without telling us, found out mid-delivery', async () => {
    await t.install(CHARLIE);
    await t.command(CHARLIE, 'U0CHUCK01', '/commit', 'Ship the thing by Friday', 'C0CHARLIE');
    await t.settle();
    const queued = await t.command(
      CHARLIE,
      'U0CHUCK01',
      '/delegate',
      `<@U0CHLOE01> Queued before the revoke by Friday`,
      'C0CHARLIE',
    );
    expect(queued.text).toContain('D-1');
    const charlieToken = t.standIn.installation(CHARLIE)?.botToken;
    t.standIn.revokeTokens(CHARLIE); // no event reaches us
    await t.settle();
    const rows = await t.db.query<{ status: string; last_error: string }>(
      `select status, last_error from outbox where team_id = $1 and status <> 'sent'`,
      [CHARLIE],
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect(r.status).toBe('dropped');
    expect(rows.rows.map((r) => r.last_error).join(' ')).toMatch(/token_revoked/);
    const inst = await t.db.query<{ n: number }>(
      `select count(*)::int as n from installations where team_id = $1`,
      [CHARLIE],
    );
    expect(inst.rows[0].n).toBe(0);
    const failed = t.standIn.calls.filter((c) => c.token === charlieToken && !c.ok);
    expect(failed).toHaveLength(1); // one refused call, never retried
  });

  it('never writes a token, the client secret, the state secret or the encryption key to the logs', () => {
    const text = logs.raw.join('\n');
    expect(logs.raw.length).toBeGreaterThan(50);
    expect(text).toContain('"level":20'); // Bolt's and the Web API client's debug lines were written
    const secrets = [
      CLIENT_SECRET,
      STATE_SECRET,
      ENCRYPTION_KEY,
      Buffer.from(ENCRYPTION_KEY, 'base64').toString('hex'),
    ];
    for (const i of t.standIn.installations()) {
      if (i.botToken) secrets.push(i.botToken);
      if (i.botRefreshToken) secrets.push(i.botRefreshToken);
      secrets.push(...Object.values(i.userTokens), ...Object.values(i.userRefreshTokens));
    }
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toMatch(/xox[bpe]-[A-Za-z0-9-]{6,}/);
  });
});
