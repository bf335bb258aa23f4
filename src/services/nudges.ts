import { DateTime } from 'luxon';
import type { OutboxRow } from '../db/outbox';
import {
  bundledKeys,
  bundleItems,
  insertBundles,
  itemStates,
  openItemsNeedingAttention,
  owedTo,
  peopleWithRecentPromises,
  recordBundledKeys,
  setSnooze,
  type BundledPoints,
  type OpenItemRow,
} from '../db/nudges';
import { openDueBefore } from '../db/commitments';
import { commitmentActionCounts } from '../db/ledger';
import { getMember } from '../db/members';
import { InputError } from '../errors';
import { nudgeBundle, snoozedReply, weeklyNote, type NudgeItem } from '../views/nudges';
import type { MessageView } from '../views/message';
import { hoursOf, memberOf } from './members';
import type { ServiceDeps } from './ports';
import { reminderKey, reminderPlan, type ReminderKind, type ReminderPoint } from './schedule/reminders';
import { snoozeUntil, type SnoozeChoice } from './schedule/snooze';
import { isWorkingTime, nextWorkingStart, workingWindowKey } from './schedule/working-hours';

/** How many open items one tick looks at; the rest wait for the next tick (ordered, so none starves). */
export const TICK_ITEM_LIMIT = 200_000;

interface PersonBundle {
  teamId: string;
  userId: string;
  windowKey: string;
  items: { subject: 'delegation' | 'commitment'; ref: number; kind: ReminderKind }[];
  keys: string[];
}

const RANK: Record<ReminderKind, number> = { before: 0, halfway: 1, due: 2, overdue: 3 };

/**
 * Decides who gets a reminder DM now. For every open item it takes the reminder points (pure rules in
 * schedule/reminders) that have reached the owner's working hours and were never bundled; a person in
 * their working window gets ONE DM for the window listing all of them (bundling), each item once with
 * its latest kind (catch-up: after downtime an item is named once, not once per missed point).
 * Snoozed people and people outside their hours wait. Idempotent: the DM's key is the person's window,
 * and each point's key is recorded with it in the same transaction.
 */
export function planBundles(
  rows: OpenItemRow[],
  now: Date,
  alreadyBundled: Set<string>,
  plans: ReminderPoint[][] = rows.map(planOf),
): PersonBundle[] {
  const byPerson = new Map<string, PersonBundle>();
  for (const [i, row] of rows.entries()) {
    const hours = hoursOf(row);
    if (row.snoozed_until && row.snoozed_until.getTime() > now.getTime()) continue;
    if (!isWorkingTime(now, hours)) continue;
    const due = (plans[i] ?? planOf(row)).filter((p) => nextWorkingStart(p.at, hours).getTime() <= now.getTime());
    const fresh = due.filter(
      (p) =>
        !alreadyBundled.has(
          `${row.team_id}|${reminderKey(row.team_id, row.subject, row.ref, p.kind, row.due_at)}`,
        ),
    );
    if (fresh.length === 0) continue;
    const latest = fresh.reduce((a, b) => (RANK[b.kind] > RANK[a.kind] ? b : a));
    const personKey = `${row.team_id}|${row.user_id}`;
    let bundle = byPerson.get(personKey);
    if (!bundle) {
      bundle = {
        teamId: row.team_id,
        userId: row.user_id,
        windowKey: workingWindowKey(now, hours),
        items: [],
        keys: [],
      };
      byPerson.set(personKey, bundle);
    }
    bundle.items.push({ subject: row.subject, ref: row.ref, kind: latest.kind });
    // every point reached so far is covered by this one mention
    bundle.keys.push(...due.map((p) => reminderKey(row.team_id, row.subject, row.ref, p.kind, row.due_at)));
  }
  return [...byPerson.values()];
}

function planOf(row: OpenItemRow): ReminderPoint[] {
  return reminderPlan({ createdAt: row.created_at, dueAt: row.due_at, stakes: row.stakes }, row.tz);
}

export async function enqueueReminders(deps: ServiceDeps): Promise<{ bundles: number; items: number }> {
  const now = deps.clock.now();
  const rows = await openItemsNeedingAttention(deps.db, now, TICK_ITEM_LIMIT);
  // Each plan is computed once per tick: it is the tick's main CPU cost (luxon zone arithmetic).
  const plans = rows.map(planOf);
  const candidateKeys = rows.flatMap((r, i) =>
    plans[i]
      .filter((p) => p.at.getTime() <= now.getTime() + 24 * 3600_000)
      .map((p) => ({ teamId: r.team_id, key: reminderKey(r.team_id, r.subject, r.ref, p.kind, r.due_at) })),
  );
  const seen = await bundledKeys(deps.db, candidateKeys);
  const bundles = planBundles(rows, now, seen, plans);
  let sent = 0;
  let items = 0;
  // One transaction per chunk of people: the DM and the record of what it covered commit together.
  for (let i = 0; i < bundles.length; i += 500) {
    const chunk = bundles.slice(i, i + 500);
    await deps.db.transaction(async (tx) => {
      const fresh = await insertBundles(
        tx,
        chunk.map((b) => ({
          teamId: b.teamId,
          userId: b.userId,
          key: `nudge:${b.userId}:${b.windowKey}`,
          kind: 'nudge' as const,
          payload: { user_id: b.userId, items: b.items },
        })),
        now,
      );
      const recorded: BundledPoints[] = [];
      for (const b of chunk) {
        const key = `nudge:${b.userId}:${b.windowKey}`;
        if (!fresh.has(`${b.teamId}|${key}`)) continue; // this window's DM already went: the rest waits for the next window
        recorded.push({ teamId: b.teamId, userId: b.userId, bundleKey: key, keys: b.keys });
        sent++;
        items += b.items.length;
      }
      // one statement for the whole chunk: per-person inserts were a third of a 100k-item tick
      await recordBundledKeys(tx, recorded, now);
    });
  }
  if (sent > 0) deps.log.info({ bundles: sent, items }, 'reminders bundled');
  return { bundles: sent, items };
}

/** Renders a reminder bundle when it is sent: only what is still open; nothing left → dropped. */
export async function renderNudge(
  deps: ServiceDeps,
  row: OutboxRow,
): Promise<Record<string, unknown> | null> {
  const userId = String(row.payload.user_id);
  const wanted = (row.payload.items ?? []) as {
    subject: 'delegation' | 'commitment';
    ref: number;
    kind: ReminderKind;
  }[];
  const states = await itemStates(deps.db, row.team_id, wanted);
  const items: NudgeItem[] = states
    .filter((s) => s.open)
    .map((s) => ({
      ...s,
      kind: wanted.find((w) => w.subject === s.subject && w.ref === s.ref)?.kind ?? 'due',
    }));
  if (items.length === 0) return null;
  const member = await getMember(deps.db, row.team_id, userId);
  const tz = member?.tz ?? 'UTC';
  const endOfDay = DateTime.fromJSDate(deps.clock.now(), { zone: tz }).endOf('day').toJSDate();
  const owed = await owedTo(deps.db, row.team_id, userId, endOfDay);
  const view = nudgeBundle(items, owed, tz, row.id);
  return { channel: userId, text: view.text, blocks: view.blocks, unfurl_links: false };
}

export const SNOOZE_CHOICES = ['1h', 'tomorrow', 'monday'] as const;

/**
 * Snooze: quiets this person's reminders until a later working moment and brings the same bundle back
 * then. Not a renegotiation: no due date moves and nothing is written to the ledger.
 */
export async function snoozeReminders(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
  choice: SnoozeChoice,
  bundleId: number,
): Promise<MessageView> {
  const now = deps.clock.now();
  const me = await memberOf(deps, teamId, userId);
  const until = snoozeUntil(choice, now, hoursOf(me));
  const items = await bundleItems(deps.db, teamId, userId, bundleId);
  if (!items)
    throw new InputError('unknown_bundle', 'I couldn’t find that reminder any more — nothing to snooze.');
  await deps.db.transaction(async (tx) => {
    await setSnooze(tx, teamId, userId, until);
    await insertBundles(
      tx,
      [
        {
          teamId,
          userId,
          key: `nudge:${userId}:snoozed:${bundleId}:${until.toISOString()}`,
          kind: 'nudge',
          payload: { user_id: userId, items },
        },
      ],
      until,
    );
  });
  deps.log.info({ teamId, user: userId, until: until.toISOString(), choice }, 'reminders snoozed');
  return snoozedReply(until, me.tz);
}

/**
 * Monday-morning say/do note for everyone with promises: enqueued once per person per ISO week, when
 * their Monday working window is open.
 */
export async function enqueueWeeklyNotes(deps: ServiceDeps): Promise<number> {
  const now = deps.clock.now();
  const rows = await peopleWithRecentPromises(deps.db, now);
  const due = rows.filter((m) => {
    const local = DateTime.fromJSDate(now, { zone: m.tz });
    return local.weekday === 1 && isWorkingTime(now, hoursOf(m));
  });
  if (due.length === 0) return 0;
  const fresh = await insertBundles(
    deps.db,
    due.map((m) => ({
      teamId: m.team_id,
      userId: m.user_id,
      key: `weekly:${m.user_id}:${DateTime.fromJSDate(now, { zone: m.tz }).toFormat("kkkk-'W'WW")}`,
      kind: 'weekly' as const,
      payload: { user_id: m.user_id },
    })),
    now,
  );
  return fresh.size;
}

export async function renderWeekly(
  deps: ServiceDeps,
  row: OutboxRow,
): Promise<Record<string, unknown> | null> {
  const userId = String(row.payload.user_id);
  const member = await getMember(deps.db, row.team_id, userId);
  const tz = member?.tz ?? 'UTC';
  const local = DateTime.fromJSDate(deps.clock.now(), { zone: tz });
  const thisMonday = local.startOf('week');
  const lastMonday = thisMonday.minus({ weeks: 1 });
  const counts = await commitmentActionCounts(
    deps.db,
    row.team_id,
    userId,
    lastMonday.toJSDate(),
    thisMonday.toJSDate(),
  );
  const n = (actions: string[]) => actions.reduce((sum, a) => sum + (counts[a] ?? 0), 0);
  const dueRows = await openDueBefore(deps.db, row.team_id, userId, thisMonday.plus({ weeks: 1 }).toJSDate());
  const view = weeklyNote(
    { said: n(['said']), kept: n(['kept']), moved: n(['moved']), missed: n(['missed', 'owned_miss']) },
    dueRows,
    tz,
  );
  return { channel: userId, text: view.text, blocks: view.blocks, unfurl_links: false };
}
