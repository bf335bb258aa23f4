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

/**
 * What the tick read of a ritual, exactly as stored: its compare-and-set writes only if all of it is
 * unchanged, so an edit, pause, resume or another replica's claim committed since always wins, even
 * one made in the same millisecond (a reschedule may write back the very `next_at` it read).
 * Instants as text, as stored (microseconds), so equality cannot be lost in a JS `Date`.
 */
export interface RitualReadMark {
  teamId: string;
  id: number;
  nextAt: string;
  activeSince: string;
  lastFiredKey: string | null;
  schedule: RitualSchedule;
  tz: string;
}

export interface DueRitual {
  ritual: Ritual;
  read: RitualReadMark;
}

/** Where a tick's walk over the due rituals resumes: the last (next_at, id) it read. */
export interface RitualCursor {
  nextAt: string;
  id: number;
}

/**
 * Enabled rituals whose stored next moment has come (migration 0023), across workspaces, oldest first
 * and at most `limit`, after `after` — one range scan of `rituals_next_at`. Oldest first with a
 * cursor: a page cut short never leaves the same rituals behind every minute.
 */
export async function dueRituals(
  db: Queryable,
  now: Date,
  after: RitualCursor | null,
  limit: number,
): Promise<DueRitual[]> {
  const { rows } = await db.query<Row & { next_at_text: string; active_since_text: string }>(
    `select *, next_at::text as next_at_text, active_since::text as active_since_text from rituals
      where enabled and next_at is not null and next_at <= $1
        and ($2::timestamptz is null or (next_at, id) > ($2::timestamptz, $3::bigint))
      order by next_at, id limit $4`,
    [now, after?.nextAt ?? null, after?.id ?? 0, limit],
  );
  return rows.map((r) => ({
    ritual: fromRow(r),
    read: {
      teamId: r.team_id,
      id: r.id,
      nextAt: r.next_at_text,
      activeSince: r.active_since_text,
      lastFiredKey: r.last_fired_key,
      schedule: r.schedule,
      tz: r.tz,
    },
  }));
}

/** The compare-and-set shared by the tick's writes: the row still says what the tick planned from. */
const UNCHANGED_SINCE_READ = `r.team_id = v.team_id and r.id = v.id and r.enabled
  and r.next_at = v.next_at::timestamptz and r.active_since = v.active_since::timestamptz
  and r.last_fired_key is not distinct from v.last_fired_key and r.schedule = v.schedule and r.tz = v.tz`;

const markRecord = (m: RitualReadMark, to: Date | null) => ({
  team_id: m.teamId,
  id: m.id,
  next_at: m.nextAt,
  active_since: m.activeSince,
  last_fired_key: m.lastFiredKey,
  schedule: m.schedule,
  tz: m.tz,
  to: to?.toISOString() ?? null,
});

const MARK_COLUMNS = `team_id text, id bigint, next_at text, active_since text, last_fired_key text, schedule jsonb, tz text, "to" text`;

/**
 * Rituals read but not due: each moves on to its next moment (`null`: never, e.g. a schedule that
 * cannot be read), in one statement. A row changed since it was read keeps the change.
 */
export async function advanceRituals(
  db: Queryable,
  advances: { read: RitualReadMark; to: Date | null }[],
): Promise<void> {
  if (advances.length === 0) return;
  await db.query(
    `update rituals r set next_at = v."to"::timestamptz
       from json_to_recordset($1::json) as v(${MARK_COLUMNS})
      where ${UNCHANGED_SINCE_READ}`,
    [JSON.stringify(advances.map((a) => markRecord(a.read, a.to)))],
  );
}

/**
 * Claims an occurrence and moves the ritual on to its next moment, in one statement: true for exactly
 * one caller, however many replicas tick at once, and only if nothing changed since the tick read it.
 * `team_id` is also a plain parameter (not only inside the read mark), so a distributed PostgreSQL
 * (Citus) routes the claim to the one shard that holds the workspace.
 */
export async function claimOccurrence(
  db: Queryable,
  read: RitualReadMark,
  key: string,
  at: Date,
  next: Date | null,
): Promise<boolean> {
  const r = await db.query(
    `update rituals r set last_fired_key = $2, last_fired_at = $3, next_at = v."to"::timestamptz
       from json_to_recordset($1::json) as v(${MARK_COLUMNS})
      where r.team_id = $4 and ${UNCHANGED_SINCE_READ} and (r.last_fired_key is null or r.last_fired_key < $2)`,
    [JSON.stringify([markRecord(read, next)]), key, at, read.teamId],
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
