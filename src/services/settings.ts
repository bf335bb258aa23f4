import { DateTime } from 'luxon';
import { listCommitments } from '../db/commitments';
import { updateMySettings } from '../db/members';
import { ensureWorkspace } from '../db/workspaces';
import type { Commitment } from '../domain/commitment';
import { moveCommitment } from './commitments';
import { memberOf } from './members';
import type { ServiceDeps } from './ports';
import type { MySettingsChange } from './schedule/personal-hours';
import { formatMinute } from './schedule/local-time';
import { hoursOf, nextWorkingStart } from './schedule/working-hours';

export interface SettingsResult {
  summary: string;
  /** Open promises due while the person is away: offered a move to after their return. */
  dueWhileAway: Commitment[];
  away: { from: string; until: string } | null;
  tz: string;
}

/** `/ritual me …`: a person's working hours, days, quiet days and time off. */
export async function applyMySettings(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
  change: MySettingsChange,
): Promise<SettingsResult> {
  const me = await memberOf(deps, teamId, userId);
  await ensureWorkspace(deps.db, teamId);
  switch (change.kind) {
    case 'hours':
      await updateMySettings(deps.db, teamId, userId, {
        workStart: change.startMinute,
        workEnd: change.endMinute,
      });
      break;
    case 'days':
      await updateMySettings(deps.db, teamId, userId, { workDays: change.days });
      break;
    case 'away':
      await updateMySettings(deps.db, teamId, userId, { away: { from: change.from, until: change.until } });
      break;
    case 'back':
      await updateMySettings(deps.db, teamId, userId, { away: null });
      break;
    case 'quiet':
      await updateMySettings(deps.db, teamId, userId, { quietAdd: change.dates });
      break;
    case 'quiet_off':
      await updateMySettings(deps.db, teamId, userId, { quietRemove: change.dates });
      break;
    case 'show':
      break;
  }
  const after = await memberOf(deps, teamId, userId);
  const summary =
    change.kind === 'show'
      ? `Your rhythm: ${formatMinute(after.workStart)}–${formatMinute(after.workEnd)} on ${after.workDays.length} days a week (${after.tz})` +
        (after.awayFrom ? `, away ${after.awayFrom} to ${after.awayUntil}` : '') +
        (after.quietDates.length ? `, quiet on ${after.quietDates.join(', ')}` : '') +
        '.'
      : change.summary;
  let dueWhileAway: Commitment[] = [];
  if (change.kind === 'away') {
    const open = await listCommitments(deps.db, teamId, { ownerId: userId, status: 'open' }, 100);
    dueWhileAway = open.filter((c) => {
      const day = DateTime.fromJSDate(c.dueAt, { zone: me.tz }).toISODate() ?? '';
      return day >= change.from && day <= change.until;
    });
  }
  deps.log.info({ teamId, user: userId, setting: change.kind }, 'personal rhythm changed');
  return {
    summary,
    dueWhileAway,
    away: change.kind === 'away' ? { from: change.from, until: change.until } : null,
    tz: me.tz,
  };
}

export type AwayMoves =
  { kind: 'no_time_off' } | { kind: 'moved'; moved: { ref: number; dueAt: Date }[]; tz: string };

/**
 * Out-of-office offer accepted: each open promise due during the time off moves to the same local time
 * on the first working day after it — a renegotiation made before the due date, with the counterpart told.
 */
export async function movePromisesPastAway(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
  actionKey: string,
): Promise<AwayMoves> {
  const me = await memberOf(deps, teamId, userId);
  if (!me.awayFrom || !me.awayUntil) return { kind: 'no_time_off' };
  const hours = hoursOf(me);
  const open = await listCommitments(deps.db, teamId, { ownerId: userId, status: 'open' }, 100);
  const moved: { ref: number; dueAt: Date }[] = [];
  for (const c of open) {
    const local = DateTime.fromJSDate(c.dueAt, { zone: me.tz });
    const day = local.toISODate() ?? '';
    if (day < me.awayFrom || day > me.awayUntil) continue;
    // the first working day after the time off, at the promise's own local time
    const firstDay = DateTime.fromJSDate(
      nextWorkingStart(DateTime.fromISO(me.awayUntil, { zone: me.tz }).plus({ days: 1 }).toJSDate(), hours),
      { zone: me.tz },
    );
    const newDue = firstDay
      .set({ hour: local.hour, minute: local.minute, second: 0, millisecond: 0 })
      .toJSDate();
    const r = await moveCommitment(deps, {
      teamId,
      actorId: userId,
      ref: c.ref,
      actionKey: `${actionKey}:${c.ref}`,
      newDue,
      reason: 'Out of office',
    }).catch(() => null);
    if (r?.kind === 'applied') moved.push({ ref: c.ref, dueAt: r.commitment.dueAt });
  }
  return { kind: 'moved', moved, tz: me.tz };
}
