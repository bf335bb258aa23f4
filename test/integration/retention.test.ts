import type { Db } from '../../src/db/db';
import { enqueue, claimDueOutbox, markSentAndPace } from '../../src/db/outbox';
import { purgeHistory, RETENTION } from '../../src/db/retention';
import { createTestDb } from '../helpers/db';

const T0 = new Date('2026-11-25T10:00:00Z');
const days = (n: number) => new Date(T0.getTime() + n * 24 * 3600_000);

describe('nothing grows without bound', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
    await db.query(`insert into workspaces (team_id) values ('T1')`);
  });
  afterEach(async () => {
    await db.close();
  });

  async function sent(key: string, kind: string, at: Date): Promise<void> {
    await enqueue(db, [
      { teamId: 'T1', key, kind, method: 'chat.postMessage', payload: {}, channelKey: key, notBefore: at },
    ]);
    const [row] = await claimDueOutbox(db, at, at, 10, 30_000);
    await markSentAndPace(db, row!, { channel: 'C1', ts: '1.1' }, at, 0);
  }
  const keys = async () =>
    (await db.query<{ k: string }>('select idempotency_key as k from outbox order by id')).rows.map(
      (r) => r.k,
    );

  it('purges finished messages after the retention, keeps pending ones and the thread anchors longer', async () => {
    await sent('dm:old', 'assignee_dm', T0);
    await sent('celebration:old', 'celebration', T0);
    await enqueue(db, [
      {
        teamId: 'T1',
        key: 'reminder:later',
        kind: 'nudge',
        method: 'chat.postMessage',
        payload: {},
        channelKey: 'U1',
        notBefore: days(60),
      },
    ]);
    await purgeHistory(db, days(RETENTION.finishedMessagesDays - 1), new Date());
    expect(await keys()).toEqual(['dm:old', 'celebration:old', 'reminder:later']);
    const purged = await purgeHistory(db, days(RETENTION.finishedMessagesDays + 1), new Date());
    expect(purged.messages).toBe(1);
    expect(await keys()).toEqual(['celebration:old', 'reminder:later']);
    await purgeHistory(db, days(RETENTION.threadAnchorsDays + 1), new Date());
    expect(await keys()).toEqual(['reminder:later']);
  });

  it('keeps the reminder points of open items (they stop a second reminder), purges those of closed ones', async () => {
    await db.query(
      `insert into delegations (team_id, ref, leader_id, assignee_id, title, stakes, due_at, channel_id, status, closed_at, created_at)
       values ('T1', 1, 'U1', 'U2', 'open one', 'small', $1, 'C1', 'open', null, $1),
              ('T1', 2, 'U1', 'U2', 'closed one', 'small', $1, 'C1', 'won', $1, $1)`,
      [T0],
    );
    const key = (ref: number) => `reminder:T1:delegation:${ref}:due:${T0.toISOString()}`;
    await db.query(
      `insert into reminder_points (team_id, key, user_id, bundled_in, at)
       values ('T1', $1, 'U2', 'nudge:U2:x', $3), ('T1', $2, 'U2', 'nudge:U2:x', $3)`,
      [key(1), key(2), T0],
    );
    const purged = await purgeHistory(db, days(RETENTION.closedRemindersDays + 1), new Date());
    expect(purged.reminderPoints).toBe(1);
    const { rows } = await db.query<{ key: string }>('select key from reminder_points');
    expect(rows.map((r) => r.key)).toEqual([key(1)]);
  });

  it('forgets a conversation’s pacing slot once it is long past', async () => {
    const wall = new Date();
    await db.query(
      `insert into channel_pace (team_id, channel_key, next_allowed_at) values ('T1', 'old', $1), ('T1', 'recent', $2)`,
      [new Date(wall.getTime() - 2 * 24 * 3600_000), wall],
    );
    expect((await purgeHistory(db, T0, wall)).paceSlots).toBe(1);
  });

  it('forgets a Workflow Builder step’s run once Slack could no longer redeliver it', async () => {
    await db.query(
      `insert into function_executions (team_id, function_execution_id, callback_id, outputs, created_at, completed_at)
       values ('T1', 'Fx_old', 'make_promise', '{}', $1, $1), ('T1', 'Fx_recent', 'make_promise', '{}', $2, $2)`,
      [T0, days(RETENTION.stepRunsDays)],
    );
    const purged = await purgeHistory(db, days(RETENTION.stepRunsDays + 1), new Date());
    expect(purged.stepRuns).toBe(1);
    const { rows } = await db.query<{ id: string }>(
      'select function_execution_id as id from function_executions',
    );
    expect(rows.map((r) => r.id)).toEqual(['Fx_recent']);
  });
});
