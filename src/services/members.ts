import { findMembersByName, getMember, upsertProfiles, type MemberRow } from '../db/members';
import { ensureWorkspace } from '../db/workspaces';
import { InputError, NotFoundError } from '../errors';
import type { ServiceDeps } from './ports';
import type { WorkingHours } from './schedule/working-hours';

/** How long a cached profile (name, time zone) is trusted before asking Slack again. */
export const PROFILE_TTL_MS = 24 * 60 * 60 * 1000;
/** A plain `@name` not in the cache refreshes the member list at most this often. */
export const DIRECTORY_REFRESH_MS = 10 * 60 * 1000;

/** users.list is rate-limited (Tier 2): a typo must not trigger a full refresh on every command. */
const lastListAt = new Map<string, number>();

export type PersonRef = { kind: 'id'; userId: string } | { kind: 'name'; name: string };

/**
 * A member with their time zone, from the cache or from Slack (users.info). When Slack cannot be
 * reached, a stale cache entry is still used; a person never seen before falls back to UTC so a command
 * still works (the echoed date makes the time zone visible).
 */
export async function memberOf(deps: ServiceDeps, teamId: string, userId: string): Promise<MemberRow> {
  const cached = await getMember(deps.db, teamId, userId);
  const now = deps.clock.now();
  if (cached?.fetched_at && now.getTime() - cached.fetched_at.getTime() < PROFILE_TTL_MS) return cached;
  try {
    const profile = await deps.directory.userInfo(teamId, userId);
    if (profile) {
      await ensureWorkspace(deps.db, teamId);
      await upsertProfiles(deps.db, teamId, [profile], now);
      return (await getMember(deps.db, teamId, userId))!;
    }
    if (!cached)
      throw new NotFoundError('unknown_person', `I couldn't find ${`<@${userId}>`} in this workspace.`);
    return cached;
  } catch (err) {
    if (err instanceof NotFoundError) throw err;
    deps.log.warn({ err, teamId, userId }, 'could not refresh member profile from Slack; using what we have');
    if (cached) return cached;
    return {
      team_id: teamId,
      user_id: userId,
      name: '',
      real_name: '',
      tz: 'UTC',
      is_bot: false,
      deleted: false,
      work_start: 540,
      work_end: 1080,
      work_days: [1, 2, 3, 4, 5],
      quiet_dates: [],
      away_from: null,
      away_until: null,
      snoozed_until: null,
      fetched_at: null,
    };
  }
}

/** Resolves a mention: an escaped `<@U…>` by id, a plain `@ana` through the (cached) member list. */
export async function resolvePerson(
  deps: ServiceDeps,
  teamId: string,
  person: PersonRef,
): Promise<MemberRow> {
  if (person.kind === 'id') return memberOf(deps, teamId, person.userId);
  let matches = await findMembersByName(deps.db, teamId, person.name);
  if (matches.length === 0) {
    const now = deps.clock.now();
    const last = lastListAt.get(teamId);
    if (last === undefined || now.getTime() - last > DIRECTORY_REFRESH_MS) {
      lastListAt.set(teamId, now.getTime());
      const all = await deps.directory.listUsers(teamId).catch((err: unknown) => {
        deps.log.warn({ err, teamId }, 'users.list failed while resolving a name');
        return [];
      });
      await ensureWorkspace(deps.db, teamId);
      await upsertProfiles(deps.db, teamId, all, now);
      matches = await findMembersByName(deps.db, teamId, person.name);
    }
  }
  if (matches.length === 0) {
    throw new NotFoundError(
      'unknown_person',
      `I couldn't find anyone called *@${person.name}* here. Pick them from Slack's @-autocomplete so I get the right person.`,
    );
  }
  const humans = matches.filter((m) => !m.is_bot);
  if (humans.length > 1) {
    throw new InputError(
      'ambiguous_person',
      `More than one person answers to *@${person.name}*. Pick the right one from Slack's @-autocomplete.`,
    );
  }
  return humans[0] ?? matches[0];
}

/** The rhythm the nudge rules read: working hours, quiet days and time off, in the person's zone. */
export function hoursOf(m: {
  tz: string;
  work_start: number;
  work_end: number;
  work_days: number[];
  quiet_dates: string[];
  away_from: string | null;
  away_until: string | null;
}): WorkingHours {
  return {
    tz: m.tz,
    startMinute: m.work_start,
    endMinute: m.work_end,
    days: m.work_days,
    quietDates: m.quiet_dates,
    away: m.away_from && m.away_until ? { from: m.away_from, until: m.away_until } : null,
  };
}
