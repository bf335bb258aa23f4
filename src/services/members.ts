import { findMembersByName, getMember, upsertProfiles } from '../db/members';
import { ensureWorkspace } from '../db/workspaces';
import type { Member } from '../domain/member';
import { InputError, NotFoundError } from '../errors';
import type { ServiceDeps } from './ports';
import { DEFAULT_HOURS } from './schedule/working-hours';

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
export async function memberOf(deps: ServiceDeps, teamId: string, userId: string): Promise<Member> {
  const cached = await getMember(deps.db, teamId, userId);
  const now = deps.clock.now();
  if (cached?.fetchedAt && now.getTime() - cached.fetchedAt.getTime() < PROFILE_TTL_MS) return cached;
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
    return strangerMember(teamId, userId);
  }
}

/**
 * `memberOf` for a row the caller already read (in a statement of its own that read more at once):
 * the cached row while it is fresh, otherwise the usual refresh from Slack.
 */
export async function memberFromCache(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
  cached: Member | null,
): Promise<Member> {
  const now = deps.clock.now();
  if (cached?.fetchedAt && now.getTime() - cached.fetchedAt.getTime() < PROFILE_TTL_MS) return cached;
  return memberOf(deps, teamId, userId);
}

/** Resolves a mention: an escaped `<@U…>` by id, a plain `@ana` through the (cached) member list. */
export async function resolvePerson(deps: ServiceDeps, teamId: string, person: PersonRef): Promise<Member> {
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
  const humans = matches.filter((m) => !m.isBot);
  if (humans.length > 1) {
    throw new InputError(
      'ambiguous_person',
      `More than one person answers to *@${person.name}*. Pick the right one from Slack's @-autocomplete.`,
    );
  }
  return humans[0] ?? matches[0];
}

/** Someone Slack could not tell us about just now: UTC and the default hours, until we can look again. */
function strangerMember(teamId: string, userId: string): Member {
  return {
    teamId,
    userId,
    name: '',
    realName: '',
    tz: 'UTC',
    isBot: false,
    deleted: false,
    workStart: DEFAULT_HOURS.startMinute,
    workEnd: DEFAULT_HOURS.endMinute,
    workDays: DEFAULT_HOURS.days,
    quietDates: [],
    awayFrom: null,
    awayUntil: null,
    snoozedUntil: null,
    fetchedAt: null,
  };
}
