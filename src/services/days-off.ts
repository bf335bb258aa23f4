/**
 * Team days off: `/ritual holidays add|list|remove …` for a channel, or for the whole workspace
 * (workspace admins and owners, asked of Slack at the moment: users.info `is_admin` / `is_owner`).
 * The rules of what a day off quiets are in schedule/days-off.
 */
import { addDayOff, daysOffIn, removeDaysOff } from '../db/days-off';
import { remindersOff, setReminder } from '../db/reminder-preferences';
import { ensureWorkspace } from '../db/workspaces';
import type { DayOff, ReminderSetting } from '../domain/days-off';
import { ForbiddenError } from '../errors';
import { memberOf } from './members';
import type { ServiceDeps } from './ports';
import { type HolidaysCommand, matchDaysOff } from './schedule/days-off';
import { isoDate, localDateOf, resolveZone } from './schedule/local-time';

export type HolidaysResult =
  | { kind: 'list'; channelId: string; days: DayOff[] }
  | { kind: 'added'; day: DayOff }
  | { kind: 'removed'; days: DayOff[] }
  | { kind: 'not_found'; target: string; days: DayOff[] };

async function isAdmin(deps: ServiceDeps, teamId: string, userId: string): Promise<boolean> {
  const profile = await deps.directory.userInfo(teamId, userId).catch((err: unknown) => {
    deps.log.warn({ err, teamId, userId }, 'could not ask Slack whether someone is an admin');
    return null;
  });
  return Boolean(profile?.isAdmin || profile?.isOwner);
}

const WORKSPACE_ONLY_ADMINS =
  'Workspace-wide days off are set by a workspace admin — ask one of them. You can set days off for this channel: leave out `workspace`.';

export async function holidays(
  deps: ServiceDeps,
  c: { teamId: string; channelId: string; userId: string },
  cmd: HolidaysCommand,
): Promise<HolidaysResult> {
  const now = deps.clock.now();
  const me = await memberOf(deps, c.teamId, c.userId);
  const today = isoDate(localDateOf(now, resolveZone(me.tz)));
  const current = await daysOffIn(deps.db, c.teamId, c.channelId, today);
  switch (cmd.kind) {
    case 'list':
      return { kind: 'list', channelId: c.channelId, days: current };
    case 'add': {
      if (cmd.workspace && !(await isAdmin(deps, c.teamId, c.userId)))
        throw new ForbiddenError('not_admin', WORKSPACE_ONLY_ADMINS);
      await ensureWorkspace(deps.db, c.teamId);
      const day = await addDayOff(
        deps.db,
        {
          teamId: c.teamId,
          channelId: cmd.workspace ? null : c.channelId,
          from: cmd.from,
          until: cmd.until,
          label: cmd.label,
        },
        now,
      );
      deps.log.info(
        { teamId: c.teamId, channel: day.channelId, from: day.from, until: day.until },
        'day off added',
      );
      return { kind: 'added', day };
    }
    case 'remove': {
      const found = matchDaysOff(current, cmd.target);
      if (found.length === 0) return { kind: 'not_found', target: cmd.target, days: current };
      if (found.some((d) => d.channelId === null) && !(await isAdmin(deps, c.teamId, c.userId)))
        throw new ForbiddenError('not_admin', WORKSPACE_ONLY_ADMINS);
      await removeDaysOff(
        deps.db,
        c.teamId,
        found.map((d) => d.id),
      );
      deps.log.info({ teamId: c.teamId, removed: found.length }, 'days off removed');
      return { kind: 'removed', days: found };
    }
  }
}

/** `/ritual me reminders …` and the Home tab's reminder settings: the kinds now off. */
export async function myReminders(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
  change?: { setting: ReminderSetting; on: boolean },
): Promise<ReminderSetting[]> {
  if (change) {
    await ensureWorkspace(deps.db, teamId);
    await setReminder(deps.db, teamId, userId, change.setting, change.on, deps.clock.now());
    deps.log.info({ teamId, user: userId, kind: change.setting, on: change.on }, 'reminder preference set');
  }
  return remindersOff(deps.db, teamId, userId);
}

/**
 * A reminder kind turned on or off from the Home tab: saved, and the tab published again at once (in the
 * same transaction), so the button the person pressed is replaced by its opposite.
 */
export async function setReminderFromHome(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
  change: { setting: ReminderSetting; on: boolean },
): Promise<void> {
  const now = deps.clock.now();
  await ensureWorkspace(deps.db, teamId);
  await deps.db.transaction(async (tx) => {
    await setReminder(tx, teamId, userId, change.setting, change.on, now);
    await deps.announce(tx, [{ type: 'home_opened', teamId, userId }], now);
  });
  deps.log.info({ teamId, user: userId, kind: change.setting, on: change.on }, 'reminder preference set from Home');
  deps.wakeDelivery();
}
