import type { Db } from '../../src/db/db';
import { createTestDb } from '../helpers/db';
import { ALICE, BOB, CAROL, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

/** The outbox: a Slack outage loses nothing and sends nothing twice. */
describe('delivering messages through Slack outages and refusals', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const outbox = async (key: string) =>
    (
      await t.db.query<{ status: string; attempts: number; last_error: string | null }>(
        'select status, attempts, last_error from outbox where idempotency_key = $1',
        [key],
      )
    ).rows[0];

  it('answers /healthz with 200 while the database answers', async () => {
    const res = await fetch(`${t.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'up' });
  });

  it('keeps a celebration through Slack 500s and delivers it once Slack is back', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Draft the survey`);
    await t.settle();
    t.standIn.failNext('chat.postMessage', 3, { status: 500 });
    const r = await t.command(BOB, '/outcome', 'D-1 win Early customer calls');
    expect(r.text).toContain('Recorded');
    await t.settle(); // retries with backoff (turned down to 0 in tests) until Slack answers
    const tries = t.standIn
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.args).includes('Early customer calls'));
    // the three failures are shared with the leader's acknowledgement nudge, sent at the same time
    expect(tries.filter((c) => !c.ok).length).toBeGreaterThanOrEqual(1);
    expect(tries.filter((c) => c.ok)).toHaveLength(1);
    expect(tries.at(-1)!.ok).toBe(true);
    const posts = t.standIn
      .messagesIn(GENERAL)
      .filter((m) => messageText(m).includes('Early customer calls'));
    expect(posts).toHaveLength(1);
    expect(await outbox('delegation:1:celebration')).toMatchObject({ status: 'sent' });
    expect((await outbox('delegation:1:celebration'))!.attempts).toBe(tries.length);
  });

  it('waits out a 429 for the Retry-After Slack asks, then sends once', async () => {
    await t.command(ALICE, '/delegate', `<@${CAROL}> Plan the offsite`);
    await t.settle();
    t.standIn.failNext('chat.postMessage', 1, { ratelimitedFor: 1 });
    await t.command(CAROL, '/outcome', 'D-2 win Booked early');
    await t.app.delivery.drain();
    expect(await outbox('delegation:2:celebration')).toMatchObject({
      status: 'pending',
      last_error: 'ratelimited',
      attempts: 0,
    });
    // the delivery loop's own timer sends it after Retry-After; we wait for the message, not for time
    await t.standIn.waitFor(
      (s) => s.messagesIn(GENERAL).find((m) => messageText(m).includes('Booked early')),
      5000,
    );
    expect(t.standIn.messagesIn(GENERAL).filter((m) => messageText(m).includes('Booked early'))).toHaveLength(
      1,
    );
  });

  it('tells the people involved by DM when it cannot post in a private channel it was not invited to', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Prepare the board memo`, 'G0SECRET1');
    await t.command(BOB, '/outcome', 'D-3 win Started from the last memo');
    await t.settle();
    await t.settle();
    expect(await outbox('delegation:3:celebration')).toMatchObject({
      status: 'failed',
      last_error: 'channel_not_found',
    });
    for (const user of [ALICE, BOB]) {
      const dm = messageText(t.standIn.dmsTo(user).at(-1));
      expect(dm).toContain('Started from the last memo');
      expect(dm).toMatch(/invite me/i);
    }
  });

  it('does not keep retrying a Home tab for someone Slack does not know', async () => {
    // events are acknowledged before the listener runs (as Bolt does): wait for Slack's refusal, then
    // give delivery every chance to try again
    await t.slack.event({ type: 'app_home_opened', user: 'U0NOBODY1', tab: 'home' });
    await t.standIn.waitFor((s) =>
      s.callsTo('views.publish').find((c) => JSON.stringify(c.args).includes('U0NOBODY1')),
    );
    await t.settle();
    await t.settle();
    const { rows } = await t.db.query<{ status: string; attempts: number; last_error: string | null }>(
      `select status, attempts, last_error from outbox where kind = 'home' and payload->>'user_id' = 'U0NOBODY1'`,
    );
    expect(rows).toMatchObject([{ status: 'failed', attempts: 1 }]);
    // Slack refuses it once (unknown user); it is not asked again
    expect(
      t.standIn.callsTo('views.publish').filter((c) => JSON.stringify(c.args).includes('U0NOBODY1')),
    ).toHaveLength(1);
  });

  it('gives up for good on a permanent error, recording why', async () => {
    t.standIn.failNext('chat.postMessage', 1, { error: 'invalid_blocks' });
    await t.command(ALICE, '/delegate', `<@${CAROL}> Sort the receipts`);
    await t.settle();
    expect(await outbox('delegation:4:assigned')).toMatchObject({
      status: 'failed',
      last_error: 'invalid_blocks',
      attempts: 1,
    });
  });
});

/** A database that is briefly too busy to record a send must not turn one celebration into two. */
describe('recording a message Slack accepted while the database is busy', () => {
  let t: E2E;
  let failRecords = 0;
  // Delivery's real-time clock, which the claim's lease runs on; the test moves it past the lease.
  let wallAhead = 0;
  beforeAll(async () => {
    const db = await createTestDb();
    // The record of a send is the only statement that writes channel_pace; the first ones time out,
    // as they did in the replicas drill when a big tick held every pooled connection.
    const busyWhenRecording =
      (q: Db['query']): Db['query'] =>
      (text, params) => {
        if (text.includes('insert into channel_pace') && failRecords > 0) {
          failRecords--;
          return Promise.reject(new Error('timeout exceeded when trying to connect'));
        }
        return q(text, params);
      };
    const busy: Db = {
      kind: db.kind,
      query: busyWhenRecording((text, params) => db.query(text, params)),
      exec: (sql) => db.exec(sql),
      close: () => db.close(),
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            exec: (sql) => tx.exec(sql),
            query: busyWhenRecording((text, params) => tx.query(text, params)),
          }),
        ),
    };
    t = await startE2E({
      db: busy,
      delivery: {
        recordRetryMs: (attempt) => (attempt < 5 ? 0 : null),
        leaseMs: 60_000,
        wall: () => new Date(Date.now() + wallAhead),
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('retries the record, so the celebration is sent once and marked sent', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Write the launch post`);
    await t.settle();
    failRecords = 3;
    await t.command(BOB, '/outcome', 'D-1 win Shipped it with a day to spare');
    await t.settle();
    // The claim's lease has run out: a send left unrecorded would be claimed and sent again now. (A
    // lease of 0 instead let the same pass claim it again while its record was still being retried.)
    wallAhead = 2 * 60_000;
    await t.settle();
    expect(failRecords).toBe(0);
    const posts = t.standIn.messagesIn(GENERAL).filter((m) => messageText(m).includes('a day to spare'));
    expect(posts).toHaveLength(1);
    const { rows } = await t.db.query<{ status: string }>(
      `select status from outbox where idempotency_key = 'delegation:1:celebration'`,
    );
    expect(rows).toEqual([{ status: 'sent' }]);
  });
});
