import {
  claimOccurrence,
  closedOutcomesInChannel,
  deleteRitual,
  enabledRituals,
  listRituals,
  setRitualEnabled,
  upsertRitual,
  type Ritual,
  type RitualKind,
} from '../db/rituals';
import { enqueue } from '../db/outbox';
import { ensureWorkspace } from '../db/workspaces';
import { InputError } from '../errors';
import { localDateTime } from '../views/format';
import { neutralise } from '../views/neutralise';
import type { MessageView } from '../views/message';
import { digestPost, retroPost, ritualList, ritualSaved } from '../views/rituals';
import { memberOf } from './members';
import type { ServiceDeps } from './ports';
import {
  dueOccurrence,
  nextPostedOccurrence,
  occurrenceAtOrBefore,
  type RitualSchedule,
} from './schedule/ritual-schedule';

/** `/ritual retro every Friday 16:00`: in the configuring person's time zone, stored with the ritual. */
export async function configureRitual(
  deps: ServiceDeps,
  r: { teamId: string; channelId: string; userId: string; kind: RitualKind; schedule: RitualSchedule },
): Promise<MessageView> {
  const now = deps.clock.now();
  const me = await memberOf(deps, r.teamId, r.userId);
  await ensureWorkspace(deps.db, r.teamId);
  const ritual = await upsertRitual(deps.db, { ...r, tz: me.tz, createdBy: r.userId, now });
  const next = nextPostedOccurrence(ritual.schedule, now, ritual.tz, ritual.lastFiredKey);
  deps.log.info(
    { teamId: r.teamId, user: r.userId, channel: r.channelId, kind: r.kind },
    'ritual configured',
  );
  return ritualSaved(ritual, next, `${localDateTime(next, me.tz)} (your time)`);
}

export async function ritualsIn(deps: ServiceDeps, teamId: string, channelId: string): Promise<MessageView> {
  return ritualList(await listRituals(deps.db, teamId, channelId), channelId);
}

export async function changeRitual(
  deps: ServiceDeps,
  r: {
    teamId: string;
    channelId: string;
    userId: string;
    kind: RitualKind;
    action: 'pause' | 'resume' | 'off';
  },
): Promise<string> {
  const now = deps.clock.now();
  const missing = () =>
    new InputError(
      'no_ritual',
      `There’s no ${r.kind} in <#${r.channelId}> yet. Set one with \`/ritual ${r.kind} every Friday 16:00\`.`,
    );
  if (r.action === 'off') {
    if (!(await deleteRitual(deps.db, r.teamId, r.channelId, r.kind))) throw missing();
    deps.log.info({ teamId: r.teamId, user: r.userId, channel: r.channelId, kind: r.kind }, 'ritual removed');
    return `Done — no more ${r.kind} posts in <#${r.channelId}>. Set it again any time.`;
  }
  const ritual = await setRitualEnabled(deps.db, r.teamId, r.channelId, r.kind, r.action === 'resume', now);
  if (!ritual) throw missing();
  deps.log.info(
    { teamId: r.teamId, user: r.userId, channel: r.channelId, kind: r.kind, action: r.action },
    'ritual changed',
  );
  return r.action === 'pause'
    ? `Paused the ${r.kind} in <#${r.channelId}>. \`/ritual resume ${r.kind}\` brings it back.`
    : `The ${r.kind} in <#${r.channelId}> is back on; the next one is ${localDateTime(nextPostedOccurrence(ritual.schedule, now, ritual.tz, ritual.lastFiredKey), ritual.tz)} (${ritual.tz}).`;
}

/**
 * Posts every ritual whose time has come. Each occurrence is claimed with a conditional update (only
 * one replica wins it) and its post enqueued in the same transaction under the occurrence's key. A
 * ritual missed for longer than the catch-up window is skipped, not posted once per missed tick.
 */
export async function fireDueRituals(deps: ServiceDeps): Promise<number> {
  const now = deps.clock.now();
  let fired = 0;
  for (const ritual of await enabledRituals(deps.db)) {
    const due = dueOccurrence(ritual.schedule, ritual.lastFiredKey, now, ritual.tz, ritual.activeSince);
    if (!due) continue;
    const posted = await deps.db.transaction(async (tx) => {
      if (!(await claimOccurrence(tx, ritual.id, due.key, now))) return false;
      const previous = occurrenceAtOrBefore(ritual.schedule, new Date(due.at.getTime() - 1), ritual.tz);
      const from = previous ?? new Date(due.at.getTime() - 7 * 24 * 3600_000);
      const outcomes = await closedOutcomesInChannel(tx, ritual.teamId, ritual.channelId, from, now);
      const view = ritual.kind === 'retro' ? retroPost(outcomes, due.late) : digestPost(outcomes, due.late);
      await enqueue(tx, [
        {
          teamId: ritual.teamId,
          key: `ritual:${ritual.id}:${due.key}`,
          method: 'chat.postMessage',
          payload: {
            channel: ritual.channelId,
            text: view.text,
            blocks: view.blocks,
            unfurl_links: false,
            fallback_dm_to: [ritual.createdBy],
          },
          channelKey: ritual.channelId,
          notBefore: now,
        },
      ]);
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
  teamId: string,
  userId: string,
  where: { channel: string; ts: string },
  lesson: string,
  /** The modal's view id: a retried submission posts once. */
  submissionKey: string,
): Promise<void> {
  const now = deps.clock.now();
  await ensureWorkspace(deps.db, teamId);
  await enqueue(deps.db, [
    {
      teamId,
      key: `retro_lesson:${submissionKey}`,
      method: 'chat.postMessage',
      payload: {
        channel: where.channel,
        thread_ts: where.ts,
        text: `:bulb: <@${userId}>: ${neutralise(lesson)}`,
        unfurl_links: false,
      },
      channelKey: where.channel,
      notBefore: now,
    },
  ]);
  deps.wakeDelivery();
}

export type { Ritual };
