import type { Db } from '../../src/db/db';
import {
  claimDueOutbox,
  enqueue,
  markSentAndPace,
  pauseChannel,
} from '../../src/db/outbox';
import { createTestDb } from '../helpers/db';
import { at, msg, T0 } from '../helpers/outbox';

const keys = (rows: { idempotency_key: string }[]) => rows.map((r) => r.idempotency_key);

describe('claiming while a backlog drains (the claim planned as an ordered walk of the due index)', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
    await db.exec(`insert into workspaces (team_id) values ('T1')`);
  });
  afterEach(async () => {
    await db.close();
  });

  it('claims what the ordinary claim claims: oldest first, one per conversation, paced ones left', async () => {
    await enqueue(db, [
      msg('a1', 'C1'),
      msg('a2', 'C1'),
      msg('b1', 'C2'),
      msg('p1', 'C3'),
      msg('later', 'C4', at(60_000)),
    ]);
    await pauseChannel(db, 'T1', 'C3', at(10_000));
    const first = await claimDueOutbox(db, T0, T0, 10, 30_000, 0, true);
    expect(keys(first)).toEqual(['a1', 'b1']);
    expect(await claimDueOutbox(db, T0, T0, 10, 30_000, 0, true)).toHaveLength(0); // a2 waits for a1
    await markSentAndPace(db, first[0]!, { ts: '1' }, T0, 0);
    expect(keys(await claimDueOutbox(db, T0, T0, 10, 30_000, 0, true))).toEqual(['a2']);
    expect(keys(await claimDueOutbox(db, at(60_000), at(10_001), 10, 30_000, 0, true))).toEqual([
      'p1',
      'later',
    ]);
  });

  it('stops at the limit, oldest first', async () => {
    await enqueue(
      db,
      Array.from({ length: 30 }, (_, i) => msg(`m${i}`, `C${i}`, at(i))),
    );
    expect(keys(await claimDueOutbox(db, at(100), at(100), 25, 30_000, 0, true))).toEqual(
      Array.from({ length: 25 }, (_, i) => `m${i}`),
    );
  });
});
