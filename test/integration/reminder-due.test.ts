/**
 * `reminder_due` (migration 0022): the next moment an open item needs the tick, kept in a narrow table
 * of its own. Only the tick moves it later, by compare-and-set; every change to the item or its owner's
 * rhythm moves it strictly earlier in the same statement, and wins over a tick that read it before.
 */
import type { Db } from '../../src/db/db';
import { advanceAndMark, openItemsNeedingAttention, type DueOpenItem } from '../../src/db/nudges';
import { createTestDb } from '../helpers/db';

const NOW = new Date('2026-11-25T10:00:00Z');
const CREATED = '2026-11-20T10:00:00Z';

async function seed(db: Db): Promise<void> {
  await db.exec(`
    insert into workspaces (team_id) values ('T1'), ('T2');
    insert into members (team_id, user_id, tz, fetched_at) values ('T1', 'U1', 'UTC', now()), ('T2', 'U1', 'UTC', now());
    insert into commitments (team_id, ref, owner_id, text, due_at, original_due_at, created_at)
      values ('T1', 1, 'U1', 'Send the report', '2026-11-26T09:00:00Z', '2026-11-26T09:00:00Z', '${CREATED}'),
             ('T2', 1, 'U1', 'Same ref, other workspace', '2026-12-20T09:00:00Z', '2026-12-20T09:00:00Z', '${CREATED}');
    insert into delegations (team_id, ref, leader_id, assignee_id, title, stakes, due_at, channel_id, created_at)
      values ('T1', 1, 'U9', 'U1', 'Big launch', 'large', '2026-11-30T10:00:00Z', 'C1', '${CREATED}');
  `);
}

/** What the tick writes for an item it read: its instant moved on to `to`, with no DM (no new marks). */
const advance = (item: DueOpenItem, to: Date | null) => ({
  teamId: item.teamId,
  subject: item.subject,
  ref: item.ref,
  from: item.remindAt,
  to,
  due: item.dueAt,
  kinds: item.marks ?? 0,
  fresh: 0,
  userId: item.userId,
  bundleKey: null,
});

const due = async (db: Db) =>
  (
    await db.query<{ team_id: string; subject: string; ref: number; remind_at: Date }>(
      'select team_id, subject, ref, remind_at from reminder_due order by team_id, subject, ref',
    )
  ).rows.map((r) => `${r.team_id} ${r.subject} ${r.ref} ${r.remind_at.toISOString()}`);

describe('the next-reminder instant of each open item', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
    await seed(db);
  });
  afterEach(async () => {
    await db.close();
  });

  it('starts at the tz-free lower bound: 26 h before due, or halfway for large stakes', async () => {
    expect(await due(db)).toEqual([
      'T1 commitment 1 2026-11-25T07:00:00.000Z',
      'T1 delegation 1 2026-11-25T10:00:00.000Z',
      'T2 commitment 1 2026-12-19T07:00:00.000Z',
    ]);
  });

  it('moves later only by the tick, and only where it still holds what the tick read', async () => {
    const [item] = await openItemsNeedingAttention(db, NOW, 10).then((xs) =>
      xs.filter((x) => x.subject === 'commitment'),
    );
    expect(item).toMatchObject({ teamId: 'T1', ref: 1 });
    // the promise is moved after the tick read it: the move wins over the tick's write
    await db.query(`update commitments set due_at = '2026-11-27T09:00:00Z' where team_id = 'T1' and ref = 1`);
    const moved = (await due(db))[0];
    await advanceAndMark(db, [advance(item!, new Date('2026-11-26T09:00:00Z'))], NOW);
    expect((await due(db))[0]).toBe(moved);
    expect(moved < 'T1 commitment 1 2026-11-25T07:00:00.000Z').toBe(true);
    // a tick that read the current value advances it; one that finds nothing left removes the row
    const [again] = (await openItemsNeedingAttention(db, NOW, 10)).filter((x) => x.subject === 'commitment');
    await advanceAndMark(db, [advance(again!, new Date('2026-11-27T09:00:00Z'))], NOW);
    expect((await due(db))[0]).toBe('T1 commitment 1 2026-11-27T09:00:00.000Z');
    const [third] = await openItemsNeedingAttention(db, new Date('2026-11-27T09:00:00Z'), 10).then((xs) =>
      xs.filter((x) => x.subject === 'commitment' && x.teamId === 'T1'),
    );
    await advanceAndMark(db, [advance(third!, null)], NOW);
    expect(await due(db)).toEqual([
      'T1 delegation 1 2026-11-25T10:00:00.000Z',
      'T2 commitment 1 2026-12-19T07:00:00.000Z',
    ]);
  });

  it('comes back, earlier than any value a tick read, when the owner’s rhythm changes', async () => {
    const read = await openItemsNeedingAttention(db, NOW, 10);
    await advanceAndMark(
      db,
      read.map((i) => advance(i, null)),
      NOW,
    );
    expect(await due(db)).toEqual(['T2 commitment 1 2026-12-19T07:00:00.000Z']);
    await db.query(`update members set work_start = 420 where team_id = 'T1' and user_id = 'U1'`);
    // everything of U1 in T1 is due for a re-plan now (before its creation); T2's U1 is another person
    expect(await due(db)).toEqual([
      'T1 commitment 1 2026-11-20T09:59:59.999Z',
      'T1 delegation 1 2026-11-20T09:59:59.999Z',
      'T2 commitment 1 2026-12-19T07:00:00.000Z',
    ]);
    // a tick that read the value before the change cannot overwrite it
    await advanceAndMark(
      db,
      read.map((i) => advance(i, new Date('2026-12-01T00:00:00Z'))),
      NOW,
    );
    expect((await due(db)).slice(0, 2)).toEqual([
      'T1 commitment 1 2026-11-20T09:59:59.999Z',
      'T1 delegation 1 2026-11-20T09:59:59.999Z',
    ]);
  });

  it('has no row once the item is closed, and none left when the workspace’s data is deleted', async () => {
    await db.query(
      `update delegations set status = 'won', closed_at = now(), closed_by = 'U9' where team_id = 'T1' and ref = 1`,
    );
    expect(await due(db)).toEqual([
      'T1 commitment 1 2026-11-25T07:00:00.000Z',
      'T2 commitment 1 2026-12-19T07:00:00.000Z',
    ]);
    await db.query(`delete from commitments where team_id = 'T2'`);
    expect(await due(db)).toEqual(['T1 commitment 1 2026-11-25T07:00:00.000Z']);
  });

  it('marks what a DM covered on the item’s row, in the statement that moves its instant on', async () => {
    const read = await openItemsNeedingAttention(db, NOW, 10);
    const promise = read.find((i) => i.teamId === 'T1' && i.subject === 'commitment')!;
    const next = new Date('2026-11-26T09:00:00Z');
    await advanceAndMark(
      db,
      read.map((i) =>
        i === promise
          ? { ...advance(i, next), kinds: 1, fresh: 1, bundleKey: 'nudge:U1:2026-11-25' }
          : advance(i, next),
      ),
      NOW,
    );
    expect(await due(db)).toEqual([
      'T1 commitment 1 2026-11-26T09:00:00.000Z',
      'T1 delegation 1 2026-11-26T09:00:00.000Z',
      'T2 commitment 1 2026-12-19T07:00:00.000Z',
    ]);
    // the next tick reads the mark with the item: "before" (bit 1) is done for this deadline
    const later = await openItemsNeedingAttention(db, next, 10);
    expect(later.find((i) => i.teamId === 'T1' && i.subject === 'commitment')?.marks).toBe(1);
    expect(later.find((i) => i.teamId === 'T1' && i.subject === 'delegation')?.marks).toBe(0);
    expect((await db.query('select key from reminder_points')).rows).toEqual([]);
    // once the promise is kept, its row goes and its mark is kept as a point of its own
    await db.query(
      `update commitments set status = 'kept', closed_at = now() where team_id = 'T1' and ref = 1`,
    );
    const { rows } = await db.query<{ key: string; user_id: string }>(
      `select key, user_id from reminder_points where team_id = 'T1'`,
    );
    expect(rows).toEqual([
      { key: 'reminder:T1:commitment:1:before:2026-11-26T09:00:00.000Z', user_id: 'U1' },
    ]);
  });

  it('records a DM’s points by themselves when the item closed while the DM was being written', async () => {
    const read = await openItemsNeedingAttention(db, NOW, 10);
    const promise = read.find((i) => i.teamId === 'T1' && i.subject === 'commitment')!;
    await db.query(
      `update commitments set status = 'kept', closed_at = now() where team_id = 'T1' and ref = 1`,
    );
    await advanceAndMark(
      db,
      [{ ...advance(promise, null), kinds: 1, fresh: 1, bundleKey: 'nudge:U1:2026-11-25' }],
      NOW,
    );
    const { rows } = await db.query<{ key: string; bundled_in: string }>(
      `select key, bundled_in from reminder_points where team_id = 'T1'`,
    );
    expect(rows).toEqual([
      { key: 'reminder:T1:commitment:1:before:2026-11-26T09:00:00.000Z', bundled_in: 'nudge:U1:2026-11-25' },
    ]);
  });
});
