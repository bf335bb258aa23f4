import type { Db } from '../../src/db/db';
import {
  claimDueOutbox,
  enqueue,
  markManySentAndPace,
  markRetry,
  markSentAndPace,
  msUntilNextDue,
} from '../../src/db/outbox';
import pino from 'pino';
import { NotFoundError } from '../../src/errors';
import { createDelivery, recordRetryPolicy } from '../../src/jobs/deliver';
import { createTestDb } from '../helpers/db';
import { at, msg, T0 } from '../helpers/outbox';


describe('the outbox', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('enqueues a message once per natural key, however often it is asked', async () => {
    expect(await enqueue(db, [msg('reminder:C-1:due', 'U1')])).toBe(1);
    expect(await enqueue(db, [msg('reminder:C-1:due', 'U1'), msg('reminder:C-2:due', 'U1')])).toBe(1);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from outbox');
    expect(rows[0]!.n).toBe(2);
  });

  it('holds a scheduled message until its business time', async () => {
    await enqueue(db, [msg('later', 'U1', at(60_000))]);
    expect(await claimDueOutbox(db, T0, T0, 10, 30_000)).toHaveLength(0);
    expect(await claimDueOutbox(db, at(60_000), T0, 10, 30_000)).toHaveLength(1);
  });

  it('sends one message per conversation at a time, oldest first, so each channel keeps its order', async () => {
    await enqueue(db, [msg('a1', 'C1'), msg('a2', 'C1'), msg('b1', 'C2')]);
    const first = await claimDueOutbox(db, T0, T0, 10, 30_000);
    expect(first.map((r) => r.idempotency_key)).toEqual(['a1', 'b1']);
    expect(await claimDueOutbox(db, T0, T0, 10, 30_000)).toHaveLength(0); // a2 waits for a1
    await markSentAndPace(db, first[0]!, { ts: '1' }, T0, 0);
    expect((await claimDueOutbox(db, T0, T0, 10, 30_000)).map((r) => r.idempotency_key)).toEqual(['a2']);
  });

  it('keeps order through a failed send: a later message waits while the earlier one is retried', async () => {
    await enqueue(db, [msg('a1', 'C1'), msg('a2', 'C1')]);
    const [a1] = await claimDueOutbox(db, T0, T0, 10, 30_000);
    await markRetry(db, a1!.id, at(5_000), 'http_500');
    expect(await claimDueOutbox(db, T0, at(1_000), 10, 30_000)).toHaveLength(0);
    expect((await claimDueOutbox(db, T0, at(5_000), 10, 30_000)).map((r) => r.idempotency_key)).toEqual([
      'a1',
    ]);
  });

  it('paces a conversation to one message per second (wall time), across all senders', async () => {
    await enqueue(db, [msg('a1', 'C1'), msg('a2', 'C1')]);
    const [a1] = await claimDueOutbox(db, T0, T0, 10, 30_000);
    await markSentAndPace(db, a1!, { ts: '1' }, T0, 1000);
    expect(await claimDueOutbox(db, T0, at(999), 10, 30_000)).toHaveLength(0);
    expect(await claimDueOutbox(db, T0, at(1000), 10, 30_000)).toHaveLength(1);
  });

  it('records many messages Slack accepted in one go: each is sent, and each conversation keeps its own pace', async () => {
    await enqueue(db, [msg('a1', 'C1'), msg('a2', 'C1'), msg('b1', 'C2'), msg('b2', 'C2'), msg('c1', 'C3')]);
    const claimed = await claimDueOutbox(db, T0, T0, 10, 30_000);
    expect(claimed.map((r) => r.idempotency_key)).toEqual(['a1', 'b1', 'c1']);
    const [a1, b1, c1] = claimed;
    await markManySentAndPace(db, [
      { row: a1!, result: { ts: 'a' }, sentAt: T0, spacingMs: 1000 },
      { row: b1!, result: { ts: 'b' }, sentAt: at(500), spacingMs: 1000 },
      { row: c1!, result: { ts: 'c' }, sentAt: T0, spacingMs: 0 },
    ]);
    const { rows } = await db.query<{
      idempotency_key: string;
      status: string;
      result: { ts: string } | null;
    }>(`select idempotency_key, status, result from outbox order by id`);
    expect(rows.map((r) => [r.idempotency_key, r.status, r.result?.ts ?? null])).toEqual([
      ['a1', 'sent', 'a'],
      ['a2', 'pending', null],
      ['b1', 'sent', 'b'],
      ['b2', 'pending', null],
      ['c1', 'sent', 'c'],
    ]);
    expect((await claimDueOutbox(db, T0, at(1000), 10, 30_000)).map((r) => r.idempotency_key)).toEqual([
      'a2',
    ]);
    expect((await claimDueOutbox(db, T0, at(1500), 10, 30_000)).map((r) => r.idempotency_key)).toEqual([
      'b2',
    ]);
  });

  it('claims a paced conversation just before its slot opens, saying when the slot opens', async () => {
    await enqueue(db, [msg('a1', 'C1'), msg('a2', 'C1')]);
    const [a1] = await claimDueOutbox(db, T0, T0, 10, 30_000, 50);
    expect(a1!.send_after).toBeNull(); // nothing paced yet: send at once
    await markSentAndPace(db, a1!, { ts: '1' }, T0, 1000);
    expect(await claimDueOutbox(db, T0, at(949), 10, 30_000, 50)).toHaveLength(0);
    expect(await msUntilNextDue(db, T0, at(900), 50)).toBeCloseTo(50, 0);
    const [a2] = await claimDueOutbox(db, T0, at(950), 10, 30_000, 50);
    expect(a2!.idempotency_key).toBe('a2');
    expect(a2!.send_after).toEqual(at(1000));
  });

  it('never sends to a paced conversation before its slot, even when it claims ahead', async () => {
    await enqueue(
      db,
      ['m1', 'm2', 'm3', 'm4'].map((k) => msg(k, 'C1')),
    );
    const sentAt: number[] = [];
    let allSent = () => undefined as void;
    const done = new Promise<void>((resolve) => (allSent = resolve));
    const delivery = createDelivery({
      db,
      clock: { now: () => T0 },
      slack: {
        call: async () => {
          sentAt.push(performance.now());
          if (sentAt.length === 4) allSent();
          return { ok: true, ts: String(sentAt.length) };
        },
      },
      log: pino({ level: 'silent' }),
      render: () => Promise.resolve(null),
      channelSpacingMs: 150,
      paceAheadMs: 100,
    });
    delivery.start(); // its own timers wake it for each slot
    await done;
    await delivery.stop();
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    // timers may fire up to a millisecond early against the database's clock; never a slot early
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(148);
  });

  it('lets another sender take over a claim whose lease ran out (a crashed sender): the bounded duplicate window', async () => {
    await enqueue(db, [msg('a1', 'C1')]);
    expect(await claimDueOutbox(db, T0, T0, 10, 30_000)).toHaveLength(1);
    expect(await claimDueOutbox(db, T0, at(29_999), 10, 30_000)).toHaveLength(0);
    const retaken = await claimDueOutbox(db, T0, at(30_001), 10, 30_000);
    expect(retaken).toHaveLength(1);
    expect(retaken[0]!.attempts).toBe(2);
  });

  it('never gives the same message to two concurrent senders', async () => {
    const many = Array.from({ length: 200 }, (_, i) => msg(`m${i}`, `C${i}`));
    await enqueue(db, many);
    const claims = await Promise.all(
      Array.from({ length: 4 }, () => claimDueOutbox(db, T0, T0, 100, 30_000)),
    );
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(200);
  });

  it('gives up at once on a message whose subject no longer exists, instead of retrying it for hours', async () => {
    await enqueue(db, [
      {
        ...msg('home:U404', 'home:U404'),
        kind: 'home',
        method: 'views.publish',
        payload: { user_id: 'U404' },
      },
    ]);
    const calls: string[] = [];
    const delivery = createDelivery({
      db,
      clock: { now: () => T0 },
      wall: () => T0,
      slack: { call: async (method) => (calls.push(method), { ok: true }) },
      log: pino({ level: 'silent' }),
      render: () => Promise.reject(new NotFoundError('unknown_person', 'I couldn’t find them.')),
      backoff: () => 0,
    });
    await delivery.drain();
    await delivery.drain();
    const { rows } = await db.query<{ status: string; attempts: number; last_error: string }>(
      'select status, attempts, last_error from outbox',
    );
    expect(rows).toEqual([{ status: 'failed', attempts: 1, last_error: 'unknown_person' }]);
    expect(calls).toEqual([]);
  });

  it('keeps retrying the record of a sent message for half the claim’s lease, then leaves it to the lease', () => {
    const policy = recordRetryPolicy(60_000);
    const waits: number[] = [];
    let elapsed = 0;
    for (let attempt = 0; ; attempt++) {
      const wait = policy(attempt, elapsed);
      if (wait === null) break;
      waits.push(wait);
      elapsed += wait + 10; // each failed try takes a moment too
    }
    expect(waits.slice(0, 6)).toEqual([200, 400, 800, 1600, 3200, 5000]);
    expect(elapsed).toBeLessThanOrEqual(30_000 + 10 * waits.length);
    expect(elapsed).toBeGreaterThan(25_000); // a database away for ~25 s sends nothing twice
  });
});
