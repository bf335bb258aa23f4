/**
 * Channel rituals: setting them up, changing them, and posting each occurrence when it comes.
 */
import {
  advanceRituals,
  claimOccurrence,
  closedOutcomesInChannel,
  deleteRitual,
  dueRituals,
  listRituals,
  setRitualEnabled,
  upsertRitual,
  type DueRitual,
  type RitualCursor,
  type RitualReadMark,
} from '../db/rituals';
import { ensureWorkspace } from '../db/workspaces';
import { TEXT_LIMITS } from '../domain/limits';
import type { Ritual, RitualKind, RitualSchedule } from '../domain/ritual';
import { ForbiddenError, InputError } from '../errors';
import { memberOf } from './members';
import { asSlackText } from './parse/text';
import { daysOffOfTeams } from '../db/days-off';
import { dayOffAt, daysOffFor } from './schedule/days-off';
import type { ServiceDeps } from './ports';
import {
  dueOccurrence,
  nextLookAt,
  nextPostedOccurrence,
  occurrenceAtOrBefore,
} from './schedule/ritual-schedule';

/**
 * A channel's ritual is changed only by the person who set it up or a workspace admin/owner (asked of
 * Slack at the moment: users.info `is_admin` / `is_owner`); anyone else is told who can.
 */
async function checkMayChange(
  deps: ServiceDeps,
  teamId: string,
  ritual: Ritual,
  userId: string,
): Promise<void> {
  if (ritual.createdBy === userId) return;
  const profile = await deps.directory.userInfo(teamId, userId).catch((err: unknown) => {
    deps.log.warn({ err, teamId, userId }, 'could not ask Slack whether someone is an admin');
    return null;
  });
  if (profile?.isAdmin || profile?.isOwner) return;
  throw new ForbiddenError(
    'not_ritual_owner',
    `Only <@${ritual.createdBy}>, who set up the ${ritual.kind} in <#${ritual.channelId}>, or a workspace admin can change it. Ask them — or set up your own ritual in another channel.`,
  );
}

const findRitual = async (deps: ServiceDeps, teamId: string, channelId: string, kind: RitualKind) =>
  (await listRituals(deps.db, teamId, channelId)).find((x) => x.kind === kind) ?? null;

/** `/ritual retro every Friday 16:00`: in the configuring person's time zone, stored with the ritual. */
export async function configureRitual(
  deps: ServiceDeps,
  r: { teamId: string; channelId: string; userId: string; kind: RitualKind; schedule: RitualSchedule },
): Promise<{ ritual: Ritual; next: Date; tz: string }> {
  const now = deps.clock.now();
  const me = await memberOf(deps, r.teamId, r.userId);
  await ensureWorkspace(deps.db, r.teamId);
  const existing = await findRitual(deps, r.teamId, r.channelId, r.kind);
  if (existing) await checkMayChange(deps, r.teamId, existing, r.userId);
  const ritual = await deps.db.transaction(async (tx) => {
    const saved = await upsertRitual(tx, { ...r, tz: me.tz, createdBy: r.userId, now });
    await deps.announce(
      tx,
      [
        {
          type: 'ritual_changed',
          teamId: r.teamId,
          channelId: r.channelId,
          kind: r.kind,
          by: r.userId,
          change: existing ? 'rescheduled' : 'set',
          schedule: { schedule: saved.schedule, tz: saved.tz },
        },
      ],
      now,
    );
    return saved;
  });
  deps.wakeDelivery();
  const next = nextPostedOccurrence(ritual.schedule, now, ritual.tz, ritual.lastFiredKey);
  deps.log.info(
    { teamId: r.teamId, user: r.userId, channel: r.channelId, kind: r.kind },
    'ritual configured',
  );
  return { ritual, next, tz: me.tz };
}

export function ritualsIn(deps: ServiceDeps, teamId: string, channelId: string): Promise<Ritual[]> {
  return listRituals(deps.db, teamId, channelId);
}

export type RitualChange = 'pause' | 'resume' | 'off';

export type RitualChanged =
  | { action: 'off'; kind: RitualKind; channelId: string }
  | { action: 'pause'; kind: RitualKind; channelId: string }
  | { action: 'resume'; kind: RitualKind; channelId: string; next: Date; tz: string };

const CHANGE_WORD = { pause: 'paused', resume: 'resumed', off: 'off' } as const;

export async function changeRitual(
  deps: ServiceDeps,
  r: { teamId: string; channelId: string; userId: string; kind: RitualKind; action: RitualChange },
): Promise<RitualChanged> {
  const now = deps.clock.now();
  const existing = await findRitual(deps, r.teamId, r.channelId, r.kind);
  if (!existing)
    throw new InputError(
      'no_ritual',
      `There’s no ${r.kind} in <#${r.channelId}> yet. Set one with \`/ritual ${r.kind} every Friday 16:00\`.`,
    );
  await checkMayChange(deps, r.teamId, existing, r.userId);
  const ritual = await deps.db.transaction(async (tx) => {
    const changed =
      r.action === 'off'
        ? (await deleteRitual(tx, r.teamId, r.channelId, r.kind))
          ? existing
          : null
        : await setRitualEnabled(tx, r.teamId, r.channelId, r.kind, r.action === 'resume', now);
    if (changed)
      await deps.announce(
        tx,
        [
          {
            type: 'ritual_changed',
            teamId: r.teamId,
            channelId: r.channelId,
            kind: r.kind,
            by: r.userId,
            change: CHANGE_WORD[r.action],
            schedule: null,
          },
        ],
        now,
      );
    return changed;
  });
  // removed or changed by someone else a moment ago
  if (!ritual) throw new InputError('no_ritual', `There’s no ${r.kind} in <#${r.channelId}> any more.`);
  deps.wakeDelivery();
  deps.log.info(
    { teamId: r.teamId, user: r.userId, channel: r.channelId, kind: r.kind, action: r.action },
    'ritual changed',
  );
  if (r.action === 'off') return { action: 'off', kind: r.kind, channelId: r.channelId };
  if (r.action === 'pause') return { action: 'pause', kind: r.kind, channelId: r.channelId };
  return {
    action: 'resume',
    kind: r.kind,
    channelId: r.channelId,
    next: nextPostedOccurrence(ritual.schedule, now, ritual.tz, ritual.lastFiredKey),
    tz: ritual.tz,
  };
}

/** Rituals read per round trip; the tick walks every page, oldest first (see `dueRituals`). */
const DUE_PAGE = 500;

/**
 * Posts every ritual whose time has come. Only rituals whose stored next moment (`next_at`, migration
 * 0023) has come are read; each is then decided exactly as before by the pure schedule rules, which
 * stay the truth (`next_at` is only a lower bound of when they can say "due"). Each occurrence is
 * claimed with a conditional update (only one replica wins it) that also moves the ritual on to its
 * next moment, and announced in the same transaction under the occurrence's key. A ritual missed for
 * longer than the catch-up window is skipped, not posted once per missed tick.
 *
 * Days off: an occurrence on a channel or workspace day off is skipped, never moved (schedule/
 * days-off), so a day off cannot make anything due earlier or later. `next_at` therefore follows the
 * schedule alone, and adding or removing a day off needs no re-plan: the day off is checked here when
 * the occurrence comes, as it always was, and the next moment is the schedule's next occurrence.
 */
export async function fireDueRituals(deps: ServiceDeps): Promise<number> {
  const now = deps.clock.now();
  let fired = 0;
  let after: RitualCursor | null = null;
  for (;;) {
    const page = await dueRituals(deps.db, now, after, DUE_PAGE);
    fired += await firePage(deps, page, now);
    if (page.length < DUE_PAGE) return fired;
    const last = page[page.length - 1].read;
    after = { nextAt: last.nextAt, id: last.id };
  }
}

async function firePage(deps: ServiceDeps, page: DueRitual[], now: Date): Promise<number> {
  const dueNow: (DueRitual & { due: NonNullable<ReturnType<typeof dueOccurrence>> })[] = [];
  const early: { read: RitualReadMark; to: Date | null }[] = [];
  for (const r of page) {
    const { schedule, lastFiredKey, tz, activeSince } = r.ritual;
    const due = dueOccurrence(schedule, lastFiredKey, now, tz, activeSince);
    if (due) dueNow.push({ ...r, due });
    // read early (a re-plan after an edit, the first tick after the migration): it just moves on
    else early.push({ read: r.read, to: nextLookAt(schedule, now, tz, lastFiredKey) });
  }
  await advanceRituals(deps.db, early);
  if (dueNow.length === 0) return 0;
  const days = await daysOffOfTeams(deps.db, [...new Set(dueNow.map((r) => r.ritual.teamId))], now);
  let fired = 0;
  for (const { ritual, read, due } of dueNow) {
    const next = nextLookAt(ritual.schedule, now, ritual.tz, due.key);
    // an occurrence on a channel or workspace day off is skipped, not moved (schedule/days-off)
    const off = dayOffAt(daysOffFor(days.get(ritual.teamId) ?? [], ritual.channelId), due.at, ritual.tz);
    if (off) {
      if (await claimOccurrence(deps.db, read, due.key, now, next))
        deps.log.info(
          { teamId: ritual.teamId, channel: ritual.channelId, occurrence: due.key },
          'ritual skipped: day off',
        );
      continue;
    }
    const posted = await deps.db.transaction(async (tx) => {
      if (!(await claimOccurrence(tx, read, due.key, now, next))) return false;
      const previous = occurrenceAtOrBefore(ritual.schedule, new Date(due.at.getTime() - 1), ritual.tz);
      const from = previous ?? new Date(due.at.getTime() - 7 * 24 * 3600_000);
      const outcomes = await closedOutcomesInChannel(tx, ritual.teamId, ritual.channelId, from, now);
      await deps.announce(
        tx,
        [
          {
            type: 'ritual_due',
            teamId: ritual.teamId,
            ritual,
            occurrenceKey: due.key,
            late: due.late,
            outcomes,
          },
        ],
        now,
      );
      return true;
    });
    if (posted) {
      fired++;
      deps.log.info(
        {
          teamId: ritual.teamId,
          channel: ritual.channelId,
          kind: ritual.kind,
          occurrence: due.key,
          late: due.late,
        },
        'ritual posted',
      );
    }
  }
  return fired;
}

/** "Add a lesson" on a retro: the lesson goes into the retro's thread. */
export async function addRetroLesson(
  deps: ServiceDeps,
  req: {
    teamId: string;
    userId: string;
    retro: { channel: string; ts: string };
    lesson: string;
    /** The form's view id: a retried submission posts once. */
    submissionKey: string;
  },
): Promise<{ kind: 'added' } | { kind: 'errors'; errors: { lesson: string } }> {
  if (!req.lesson) return { kind: 'errors', errors: { lesson: 'What did you try, and what did you learn?' } };
  const now = deps.clock.now();
  await ensureWorkspace(deps.db, req.teamId);
  await deps.announce(
    deps.db,
    [
      {
        type: 'retro_lesson_added',
        teamId: req.teamId,
        userId: req.userId,
        retro: req.retro,
        lesson: asSlackText([...req.lesson].slice(0, TEXT_LIMITS.note).join('')),
        submissionKey: req.submissionKey,
      },
    ],
    now,
  );
  deps.wakeDelivery();
  return { kind: 'added' };
}
