import type { Db } from '../../src/db/db';
import { advanceAndMark, bundledKeys, type MarkedAdvance } from '../../src/db/nudges';
import { createTestDb } from '../helpers/db';

const NOW = new Date('2026-11-25T10:00:00Z');
const DUE = new Date('2026-11-26T09:00:00Z');
const key = (teamId: string, kind: string) => `reminder:${teamId}:delegation:1:${kind}:${DUE.toISOString()}`;

/**
 * A DM of the tick that covered delegation 1's points `kinds` (bits: 1 before, 4 due) for `teamId`. No
 * item row takes them here (nothing is seeded), so they go to `reminder_points` themselves, as they do
 * for an item that closed while its DM was written.
 */
const dm = (teamId: string, userId: string, bundleKey: string, kinds: number): MarkedAdvance => ({
  teamId,
  subject: 'delegation',
  ref: 1,
  from: NOW.toISOString(),
  to: null,
  due: DUE,
  kinds,
  fresh: kinds,
  userId,
  bundleKey,
});

describe('the record of which reminder points a DM covered', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('keeps each workspace’s points apart, even when two workspaces use the same key', async () => {
    await advanceAndMark(db, [dm('T1', 'U1', 'nudge:U1:w', 1 | 4), dm('T2', 'U9', 'nudge:U9:w', 4)], NOW);
    const seen = await bundledKeys(db, [
      { teamId: 'T1', key: key('T1', 'due') },
      { teamId: 'T1', key: key('T1', 'before') },
      { teamId: 'T2', key: key('T2', 'due') },
      { teamId: 'T2', key: key('T2', 'before') },
      { teamId: 'T3', key: key('T3', 'due') },
    ]);
    expect([...seen].sort()).toEqual([
      `T1|${key('T1', 'before')}`,
      `T1|${key('T1', 'due')}`,
      `T2|${key('T2', 'due')}`,
    ]);
    const { rows } = await db.query<{ team_id: string; user_id: string; bundled_in: string }>(
      `select team_id, user_id, bundled_in from reminder_points where key like '%:due:%' order by team_id`,
    );
    expect(rows).toEqual([
      { team_id: 'T1', user_id: 'U1', bundled_in: 'nudge:U1:w' },
      { team_id: 'T2', user_id: 'U9', bundled_in: 'nudge:U9:w' },
    ]);
  });

  it('records a point once: a second DM claiming it leaves the first record alone', async () => {
    await advanceAndMark(db, [dm('T1', 'U1', 'first', 4)], NOW);
    await advanceAndMark(db, [dm('T1', 'U1', 'second', 4)], NOW);
    await advanceAndMark(db, [], NOW);
    const { rows } = await db.query<{ bundled_in: string }>('select bundled_in from reminder_points');
    expect(rows).toEqual([{ bundled_in: 'first' }]);
  });
});
