import type { Db } from '../../src/db/db';
import type { OutboxRow, StaleRule } from '../../src/db/outbox';
import { staleReason, staleReasons } from '../../src/messages/staleness';
import { heldUntil, heldUntilMany } from '../../src/messages/working-hours-gate';
import { createTestDb } from '../helpers/db';

// A Wednesday, 10:00 UTC
const NOW = new Date('2026-11-25T10:00:00Z');

let nextId = 1;
const row = (teamId: string, rule: StaleRule | null, inHoursOf: string | null = null): OutboxRow => ({
  id: nextId++,
  team_id: teamId,
  idempotency_key: `k${nextId}`,
  kind: 'api',
  method: 'chat.postMessage',
  payload: {},
  channel_key: 'U1',
  status: 'sending',
  attempts: 1,
  not_before: NOW,
  retry_at: null,
  lease_until: null,
  last_error: null,
  result: null,
  generation: 0,
  stale_unless: rule,
  fallback_dm_to: null,
  subjects: null,
  in_hours_of: inHoursOf,
});

describe('the checks a claimed batch needs before sending, read once for the whole batch', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
    await db.exec(`
      insert into workspaces (team_id) values ('T1'), ('T2');
      insert into commitments (team_id, ref, owner_id, text, due_at, original_due_at, created_at, status, closed_at)
        values ('T1', 1, 'U1', 'open one', now(), now(), now(), 'open', null),
               ('T1', 2, 'U1', 'kept one', now(), now(), now(), 'kept', now());
      insert into delegations (team_id, ref, leader_id, assignee_id, title, stakes, due_at, channel_id, created_at, status, closed_at, acknowledged_at)
        values ('T1', 1, 'U1', 'U2', 'open, unacknowledged', 'small', now(), 'C1', now(), 'open', null, null),
               ('T1', 2, 'U1', 'U2', 'open, acknowledged', 'small', now(), 'C1', now(), 'open', null, now()),
               ('T1', 3, 'U1', 'U2', 'won', 'small', now(), 'C1', now(), 'won', now(), null);
      insert into members (team_id, user_id, name, real_name, tz, work_start, work_end, work_days)
        values ('T1', 'U1', 'ana', 'Ana', 'UTC', 540, 1080, '{1,2,3,4,5}'),
               ('T1', 'U2', 'bo', 'Bo', 'Asia/Tokyo', 540, 1080, '{1,2,3,4,5}'),
               ('T2', 'U1', 'cy', 'Cy', 'UTC', 540, 1080, '{1,2,3,4,5}');
      insert into days_off (team_id, channel_id, from_date, until_date, label, created_at)
        values ('T2', null, '2026-11-25', '2026-11-26', 'offsite', now());
    `);
  });
  afterAll(async () => {
    await db.close();
  });

  it('drops the same messages for the same reasons as the per-message check', async () => {
    const rows = [
      row('T1', null),
      row('T1', { commitment_open: 1 }),
      row('T1', { commitment_open: 2 }),
      row('T1', { commitment_open: 99 }),
      row('T1', { delegation_open: 1 }),
      row('T1', { delegation_open: 3 }),
      row('T1', { delegation_unacknowledged: 1 }),
      row('T1', { delegation_unacknowledged: 2 }),
      // several conditions: the first that fails is the reason, as before
      row('T1', { commitment_open: 2, delegation_open: 3 }),
      row('T1', { commitment_open: 1, delegation_open: 1, delegation_unacknowledged: 2 }),
      // the same refs in another workspace are another workspace's: nothing there is open
      row('T2', { commitment_open: 1 }),
      row('T2', { delegation_unacknowledged: 1 }),
    ];
    const batch = await staleReasons(db, rows);
    const one = await Promise.all(rows.map((r) => staleReason(db, r)));
    expect(rows.map((r) => batch.get(r.id))).toEqual(one);
    expect(one).toEqual([
      null,
      null,
      'C-2 is no longer open',
      'C-99 is no longer open',
      null,
      'D-3 is no longer open',
      null,
      'D-2 was already acknowledged',
      'C-2 is no longer open',
      'D-2 was already acknowledged',
      'C-1 is no longer open',
      'D-1 was already acknowledged',
    ]);
  });

  it('holds the same messages until the same moments as the per-message gate', async () => {
    const rows = [
      row('T1', null), // asks for no hours
      row('T1', null, 'U1'), // inside their hours: goes now
      row('T1', null, 'U2'), // 19:00 in Tokyo: waits for tomorrow morning
      row('T2', null, 'U1'), // their workspace's day off: waits
      row('T1', null, 'U9'), // someone we know nothing of: goes
      row('T1', null, 'U2'), // the same person twice in one batch
    ];
    const batch = await heldUntilMany(db, rows, NOW);
    const one = await Promise.all(rows.map((r) => heldUntil(db, r, NOW)));
    expect(rows.map((r) => batch.get(r.id))).toEqual(one);
    expect(one.map((d) => d?.toISOString() ?? null)).toEqual([
      null,
      null,
      '2026-11-26T00:00:00.000Z',
      '2026-11-27T09:00:00.000Z',
      null,
      '2026-11-26T00:00:00.000Z',
    ]);
  });

  it('reads nothing for a batch that asks for nothing', async () => {
    const counted: string[] = [];
    const counting = {
      ...db,
      query: (sql: string, params?: unknown[]) => (counted.push(sql), db.query(sql, params)),
    } as Db;
    await staleReasons(counting, [row('T1', null)]);
    await heldUntilMany(counting, [row('T1', null)], NOW);
    expect(counted).toEqual([]);
  });
});
