import type { Db } from '../../src/db/db';
import { bundledKeys, recordBundledKeys } from '../../src/db/nudges';
import { createTestDb } from '../helpers/db';

const NOW = new Date('2026-11-25T10:00:00Z');

describe('the record of which reminder points a DM covered', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('keeps each workspace’s points apart, even when two workspaces use the same key', async () => {
    await recordBundledKeys(
      db,
      [
        { teamId: 'T1', userId: 'U1', bundleKey: 'nudge:U1:w', keys: ['D-1:due', 'C-1:before'] },
        { teamId: 'T2', userId: 'U9', bundleKey: 'nudge:U9:w', keys: ['D-1:due'] },
      ],
      NOW,
    );
    const seen = await bundledKeys(db, [
      { teamId: 'T1', key: 'D-1:due' },
      { teamId: 'T1', key: 'C-1:before' },
      { teamId: 'T2', key: 'D-1:due' },
      { teamId: 'T2', key: 'C-1:before' },
      { teamId: 'T3', key: 'D-1:due' },
    ]);
    expect([...seen].sort()).toEqual(['T1|C-1:before', 'T1|D-1:due', 'T2|D-1:due']);
    const { rows } = await db.query<{ team_id: string; user_id: string; bundled_in: string }>(
      `select team_id, user_id, bundled_in from reminder_points where key = 'D-1:due' order by team_id`,
    );
    expect(rows).toEqual([
      { team_id: 'T1', user_id: 'U1', bundled_in: 'nudge:U1:w' },
      { team_id: 'T2', user_id: 'U9', bundled_in: 'nudge:U9:w' },
    ]);
  });

  it('records a point once: a second bundle claiming it leaves the first record alone', async () => {
    await recordBundledKeys(db, [{ teamId: 'T1', userId: 'U1', bundleKey: 'first', keys: ['D-1:due'] }], NOW);
    await recordBundledKeys(db, [{ teamId: 'T1', userId: 'U1', bundleKey: 'second', keys: ['D-1:due'] }], NOW);
    await recordBundledKeys(db, [], NOW);
    const { rows } = await db.query<{ bundled_in: string }>('select bundled_in from reminder_points');
    expect(rows).toEqual([{ bundled_in: 'first' }]);
  });
});
