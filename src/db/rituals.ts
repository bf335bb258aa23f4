import type { ClosedOutcome } from '../domain/delegation';
import type { Ritual, RitualKind, RitualSchedule } from '../domain/ritual';
import type { Queryable } from './db';

interface Row {
  id: number;
  team_id: string;
  channel_id: string;
  kind: RitualKind;
  schedule: RitualSchedule;
  tz: string;
  enabled: boolean;
  created_by: string;
  active_since: Date;
  last_fired_key: string | null;
  last_fired_at: Date | null;
}

const fromRow = (r: Row): Ritual => ({
  id: r.id,
  teamId: r.team_id,
  channelId: r.channel_id,
  kind: r.kind,
  schedule: r.schedule,
  tz: r.tz,
  enabled: r.enabled,
  createdBy: r.created_by,
  activeSince: r.active_since,
  lastFiredKey: r.last_fired_key,
  lastFiredAt: r.last_fired_at,
});

/** Creates or reschedules the channel's ritual of this kind (one retro and one digest per channel). */
export async function upsertRitual(
  db: Queryable,
  r: {
    teamId: string;
    channelId: string;
    kind: RitualKind;
    schedule: RitualSchedule;
    tz: string;
    createdBy: string;
    now: Date;
  },
): Promise<Ritual> {
  const { rows } = await db.query<Row>(
    `insert into rituals (team_id, channel_id, kind, schedule, tz, created_by, active_since, created_at)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7, $7)
     on conflict (team_id, channel_id, kind) do update
       -- whoever reschedules it, it stays the ritual of the person who set it up
       set schedule = excluded.schedule, tz = excluded.tz,
           enabled = true, active_since = excluded.active_since
     returning *`,
    [r.teamId, r.channelId, r.kind, JSON.stringify(r.schedule), r.tz, r.createdBy, r.now],
  );
  return fromRow(rows[0]);
}

export async function listRituals(db: Queryable, teamId: string, channelId: string): Promise<Ritual[]> {
  const { rows } = await db.query<Row>(
    'select * from rituals where team_id = $1 and channel_id = $2 order by kind',
    [teamId, channelId],
  );
  return rows.map(fromRow);
}

export async function setRitualEnabled(
  db: Queryable,
  teamId: string,
  channelId: string,
  kind: RitualKind,
  enabled: boolean,
  now: Date,
): Promise<Ritual | null> {
  const { rows } = await db.query<Row>(
    `update rituals set enabled = $4, active_since = case when $4 and not enabled then $5 else active_since end
      where team_id = $1 and channel_id = $2 and kind = $3 returning *`,
    [teamId, channelId, kind, enabled, now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function deleteRitual(
  db: Queryable,
  teamId: string,
  channelId: string,
  kind: RitualKind,
): Promise<boolean> {
  const r = await db.query('delete from rituals where team_id = $1 and channel_id = $2 and kind = $3', [
    teamId,
    channelId,
    kind,
  ]);
  return r.rowCount > 0;
}

export async function enabledRituals(db: Queryable): Promise<Ritual[]> {
  const { rows } = await db.query<Row>('select * from rituals where enabled order by id');
  return rows.map(fromRow);
}

/** Claims an occurrence: true for exactly one caller, however many replicas tick at once. */
export async function claimOccurrence(db: Queryable, id: number, key: string, at: Date): Promise<boolean> {
  const r = await db.query(
    `update rituals set last_fired_key = $2, last_fired_at = $3
      where id = $1 and enabled and (last_fired_key is null or last_fired_key < $2)`,
    [id, key, at],
  );
  return r.rowCount > 0;
}

/** Outcomes closed in a channel in a period: what a retro quotes, wins and losses alike. */
export async function closedOutcomesInChannel(
  db: Queryable,
  teamId: string,
  channelId: string,
  from: Date,
  to: Date,
): Promise<ClosedOutcome[]> {
  const { rows } = await db.query<ClosedOutcome>(
    `select ref, title, assignee_id as "assigneeId", leader_id as "leaderId", status, lesson, stakes, closed_at as "closedAt" from delegations
      where team_id = $1 and channel_id = $2 and status in ('won', 'lost') and closed_at > $3 and closed_at <= $4
      order by closed_at limit 40`,
    [teamId, channelId, from, to],
  );
  return rows;
}
