/** Which reminder kinds each person turned off (migration 0018). Every query is scoped by team_id. */
import type { ReminderSetting } from '../domain/days-off';
import type { Queryable } from './db';

export async function remindersOff(
  db: Queryable,
  teamId: string,
  userId: string,
): Promise<ReminderSetting[]> {
  const { rows } = await db.query<{ kind: ReminderSetting }>(
    `select kind from reminder_preferences where team_id = $1 and user_id = $2 and setting = 'off' order by kind`,
    [teamId, userId],
  );
  return rows.map((r) => r.kind);
}

export async function setReminder(
  db: Queryable,
  teamId: string,
  userId: string,
  kind: ReminderSetting,
  on: boolean,
  at: Date,
): Promise<void> {
  if (on) {
    await db.query(`delete from reminder_preferences where team_id = $1 and user_id = $2 and kind = $3`, [
      teamId,
      userId,
      kind,
    ]);
    return;
  }
  await db.query(
    `insert into reminder_preferences (team_id, user_id, kind, setting, updated_at) values ($1, $2, $3, 'off', $4)
     on conflict (team_id, user_id, kind) do update set setting = 'off', updated_at = excluded.updated_at`,
    [teamId, userId, kind, at],
  );
}

/** Everyone's turned-off kinds in these workspaces, "team|user" → kinds (one query per tick batch). */
export async function remindersOffOfTeams(
  db: Queryable,
  teamIds: string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (teamIds.length === 0) return out;
  const { rows } = await db.query<{ team_id: string; user_id: string; kind: string }>(
    `select team_id, user_id, kind from reminder_preferences where team_id = any($1::text[]) and setting = 'off'`,
    [teamIds],
  );
  for (const r of rows) {
    const key = `${r.team_id}|${r.user_id}`;
    const set = out.get(key) ?? new Set<string>();
    set.add(r.kind);
    out.set(key, set);
  }
  return out;
}

/** Forget me: a person's preferences go with them. */
export async function forgetReminderPreferences(
  db: Queryable,
  teamId: string,
  userId: string,
): Promise<number> {
  const { rowCount } = await db.query(
    `delete from reminder_preferences where team_id = $1 and user_id = $2`,
    [teamId, userId],
  );
  return rowCount ?? 0;
}
