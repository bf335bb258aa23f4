import net from 'node:net';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/server';
import { createTestDb } from '../helpers/db';
import type { Db } from '../../src/db/db';

/** The HTTP front door: whatever happens behind it, a request gets an answer. */
describe('the HTTP server', () => {
  let db: Db;
  let server: RunningServer;
  beforeAll(async () => {
    db = await createTestDb();
    server = await startServer(
      {
        db,
        log: pino({ level: 'silent' }),
        // stands in for a Bolt receiver that never answers a request it choked on
        slack: () => undefined,
        unansweredAfterMs: 50,
      },
      0,
      '127.0.0.1',
    );
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  it('answers a Slack request left unanswered behind it with a 400 instead of holding the socket', async () => {
    const res = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      body: 'x=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(400);
  });

  it('closes a connection whose request headers never finish (slow-loris), instead of waiting a minute', async () => {
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise<string>((resolve) => {
      let got = '';
      socket.on('data', (d: Buffer) => (got += d.toString()));
      socket.on('close', () => resolve(got));
    });
    socket.write('POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-Request-Timestamp: 1');
    // Node answers 408 when the headers time out (5 s here; its default is 60 s)
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('still answers /healthz', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
