/**
 * The nudge engine: who gets a reminder DM now, what a reminder shows when it is sent, snoozing, and
 * the Monday say/do note. Pure rules (schedule/*) decide when; this decides for whom and records it.
 */
import type { GrowthSignal } from '../domain/team';
import { TEAM_SHOWN, teamOf } from './team-mirror';
import { DateTime } from 'luxon';
import { openDueBefore } from '../db/commitments';
import { commitmentActionCounts } from '../db/ledger';
import { getMember } from '../db/members';
import {
  advanceAndMark,
  bundledKeys,
  bundleItems,
  openItemsNeedingAttention,
  peopleWithRecentPromises,
  setSnooze,
  type MarkedAdvance,
} from '../db/nudges';
import type { Announcement } from '../domain/announcements';
import type { Rhythm } from '../domain/member';
import {
  REMINDER_KIND_BITS,
  type DuePromise,
  type NudgeItem,
  type OpenItem,
  type OwedToItem,
  type ReminderItem,
  type ReminderKind,
  type ReminderRead,
} from '../domain/reminders';
import { InputError } from '../errors';
import { memberOf } from './members';
import type { ServiceDeps } from './ports';
import { localDayMs, resolveZone, weekdayOfDay } from './schedule/local-time';
import { reminderKey, reminderPlan, type ReminderPoint } from './schedule/reminders';
import { snoozeUntil, type SnoozeChoice } from './schedule/snooze';
import {
  hoursOf,
  isWorkingTime,
  nextWorkingMorning,
  nextWorkingStart,
  workingWindowKey,
  type WorkingHours,
} from './schedule/working-hours';
import type { DayOff } from '../domain/days-off';
import { channelsOfItems, daysOffOfTeams } from '../db/days-off';
import { remindersOffOfTeams } from '../db/reminder-preferences';
import { daysOffFor, withDaysOff } from './schedule/days-off';
import { wants } from './reminder-preferences';

/** How many open items one tick looks at; the rest wait for the next tick (ordered, so none starves). */
export const TICK_ITEM_LIMIT = 200_000;

/** How many of a tick's chunk transactions run at once (each on its own connection). */
const TICK_CHUNKS_AT_ONCE = 2;

/**
 * Runs `work` for every job, at most `width` at a time, in order of start. The first failure stops
 * further starts and is thrown once the jobs under way have ended (none is left running behind).
 */
async function inParallel<T>(jobs: T[], width: number, work: (job: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (failure === null && next < jobs.length) {
      const job = jobs[next++];
      try {
        await work(job);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

export interface PersonBundle {
  teamId: string;
  userId: string;
  windowKey: string;
  items: ReminderItem[];
  /** The items this one DM covers (indexes into the tick's items), parallel to `kinds`. */
  covers: number[];
  /** For each item it covers, every kind reached so far (`REMINDER_KIND_BITS`): all are covered by this one mention. */
  kinds: number[];
}

const RANK: Record<ReminderKind, number> = { before: 0, halfway: 1, due: 2, overdue: 3 };

/**
 * The working hours that decide when an item's points are sent: its owner's, with the days off that
 * concern the item added as quiet dates. Memoised per owner when no day off concerns the item (the
 * usual case), so the rules' own memo (working-hours.ts, per hours object) serves every item of a
 * person instead of re-reading their hours for each.
 */
function hoursFinder(gates: BundleGates): (item: OpenItem) => WorkingHours {
  const byOwner = new Map<Rhythm, WorkingHours>();
  return (item) => {
    let base = byOwner.get(item.owner);
    if (!base) byOwner.set(item.owner, (base = hoursOf(item.owner)));
    const days = gates.daysOff?.(item);
    return days && days.length > 0 ? withDaysOff(base, days) : base;
  };
}

/** Per-hours memo of one instant's answers (`now` is the same for the whole tick). */
function memoByHours<T>(f: (h: WorkingHours) => T): (h: WorkingHours) => T {
  const memo = new Map<WorkingHours, T>();
  return (h) => {
    if (memo.has(h)) return memo.get(h) as T;
    const v = f(h);
    memo.set(h, v);
    return v;
  };
}

/**
 * Decides who gets a reminder DM now. For every open item it takes the reminder points (pure rules in
 * schedule/reminders) that have reached the owner's working hours and were never bundled; a person in
 * their working window gets ONE DM for the window listing all of them (bundling), each item once with
 * its latest kind (catch-up: after downtime an item is named once, not once per missed point).
 * Snoozed people and people outside their hours wait. Idempotent: the DM's key is the person's window,
 * and what each DM covered is recorded with it in the same transaction (the item's marks, migration
 * 0024). `bundled[i]`: the kinds of item i's deadline already bundled (`REMINDER_KIND_BITS`).
 */
export function planBundles(
  items: OpenItem[],
  now: Date,
  bundled: ArrayLike<number>,
  plans: ReminderPoint[][] = items.map(planOf),
  gates: BundleGates = {},
  hoursFor: (item: OpenItem) => WorkingHours = hoursFinder(gates),
): PersonBundle[] {
  const nowMs = now.getTime();
  const working = memoByHours((h) => isWorkingTime(now, h));
  const byPerson = new Map<string, PersonBundle>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.owner.snoozedUntil && item.owner.snoozedUntil.getTime() > nowMs) continue;
    // team and workspace days off are quiet dates of the owner, in their zone (schedule/days-off)
    const hours = hoursFor(item);
    if (!working(hours)) continue;
    const off = gates.off?.(item);
    const done = bundled[i] ?? 0;
    let reached = 0;
    let latest: ReminderKind | null = null;
    for (const p of plans[i] ?? planOf(item)) {
      // sorted by instant, and a point is sent no earlier than its instant (nextWorkingStart ≥ at,
      // and monotone): past the first point not yet sendable, none is
      if (p.at.getTime() > nowMs || nextWorkingStart(p.at, hours).getTime() > nowMs) break;
      if (!wants(off, p.kind)) continue;
      const bit = REMINDER_KIND_BITS[p.kind];
      reached |= bit;
      if ((done & bit) === 0 && (latest === null || RANK[p.kind] > RANK[latest])) latest = p.kind;
    }
    if (latest === null) continue;
    const personKey = `${item.teamId}|${item.userId}`;
    let bundle = byPerson.get(personKey);
    if (!bundle) {
      bundle = {
        teamId: item.teamId,
        userId: item.userId,
        windowKey: workingWindowKey(now, hours),
        items: [],
        covers: [],
        kinds: [],
      };
      byPerson.set(personKey, bundle);
    }
    bundle.items.push({ subject: item.subject, ref: item.ref, kind: latest });
    // every point reached so far is covered by this one mention
    bundle.covers.push(i);
    bundle.kinds.push(reached);
  }
  return [...byPerson.values()];
}

/** What else decides which planned points are sent, and when: days off and the kinds a person turned off. */
export interface BundleGates {
  /** The days off that concern this item (its channel's and the workspace's). */
  daysOff?: (item: OpenItem) => readonly DayOff[];
  /** The reminder kinds its owner turned off (reminder-preferences: a kind off is never sent). */
  off?: (item: OpenItem) => ReadonlySet<string> | undefined;
}

const NO_DAYS_OFF: readonly DayOff[] = [];

/** The gates for one tick's items: read in bulk, one query each for the whole batch. */
async function gatesFor(deps: ServiceDeps, items: OpenItem[], now: Date): Promise<BundleGates> {
  const teams = [...new Set(items.map((i) => i.teamId))];
  const [days, off] = await Promise.all([
    daysOffOfTeams(deps.db, teams, now),
    remindersOffOfTeams(deps.db, teams),
  ]);
  const channelTeams = new Set([...days].filter(([, d]) => d.some((x) => x.channelId)).map(([t]) => t));
  const channels = await channelsOfItems(
    deps.db,
    items.filter((i) => channelTeams.has(i.teamId)),
  );
  return {
    daysOff: (item) => {
      const teamDays = days.get(item.teamId);
      if (!teamDays || teamDays.length === 0) return NO_DAYS_OFF;
      return daysOffFor(teamDays, channels.get(`${item.teamId}|${item.subject}|${item.ref}`) ?? null);
    },
    off: off.size === 0 ? undefined : (item) => off.get(`${item.teamId}|${item.userId}`),
  };
}

function planOf(item: OpenItem): ReminderPoint[] {
  return reminderPlan({ createdAt: item.createdAt, dueAt: item.dueAt, stakes: item.stakes }, item.owner.tz);
}

/**
 * When the tick next needs to look at an item it has just planned (what `remind_at` advances to): the
 * earliest moment any point not yet bundled could be sent, or null when every point is bundled.
 * - a point still ahead: its own instant (not its working-hours start: a lower bound is enough, and it
 *   keeps the value right if the person's hours change — which also re-plans, migration 0022);
 * - a point that has come but did not go: snoozed → the end of the snooze; outside working hours → the
 *   next opening; in hours (this window's DM already went) → the next window's opening.
 * Never later than the plan's next sendable moment, so the stored instant only ever costs a re-plan.
 * `bundled`: the kinds of the item's deadline already bundled (`REMINDER_KIND_BITS`); `blockedUntil`
 * answers the second case for the item's hours (memoised by the tick: `now` is the same for all).
 */
export function nextLookAt(
  item: OpenItem,
  plan: ReminderPoint[],
  now: Date,
  bundled: number,
  blockedUntil: (item: OpenItem) => number = (i) =>
    blockedUntilFor(i.owner.snoozedUntil, hoursOf(i.owner), now),
): Date | null {
  const nowMs = now.getTime();
  let next: number | null = null;
  let blocked: number | null = null;
  for (const p of plan) {
    if ((bundled & REMINDER_KIND_BITS[p.kind]) !== 0) continue;
    let at = p.at.getTime();
    if (at <= nowMs) at = blocked ??= blockedUntil(item);
    if (next === null || at < next) next = at;
  }
  return next === null ? null : new Date(next);
}

/** The earliest moment a point that has come but did not go can be sent (see `nextLookAt`). */
function blockedUntilFor(snoozedUntil: Date | null, hours: WorkingHours, now: Date): number {
  const snooze = snoozedUntil?.getTime() ?? 0;
  if (snooze > now.getTime()) return snooze;
  return isWorkingTime(now, hours)
    ? nextWorkingMorning(now, hours).getTime()
    : nextWorkingStart(now, hours).getTime();
}

export async function enqueueReminders(deps: ServiceDeps): Promise<{ bundles: number; items: number }> {
  const now = deps.clock.now();
  // Only rows whose stored instant has come (migration 0022); everything else is not read at all.
  const items = await openItemsNeedingAttention(deps.db, now, TICK_ITEM_LIMIT);
  if (items.length === 0) return { bundles: 0, items: 0 };
  // Each plan is computed once per tick: it is the tick's main CPU cost (zone arithmetic).
  const plans = items.map(planOf);
  // What was already bundled for each item's deadline: its marks (migration 0024) — or, where they
  // are unknown (written before 0024, or for another deadline), the record in reminder_points.
  const bundled = new Int32Array(items.length);
  const unknown: number[] = [];
  items.forEach((item, i) => {
    if (item.marks === null) unknown.push(i);
    else bundled[i] = item.marks;
  });
  const keyOf = (i: number, kind: ReminderKind) =>
    reminderKey(items[i].teamId, items[i].subject, items[i].ref, kind, items[i].dueAt);
  const [seen, gates] = await Promise.all([
    unknown.length === 0
      ? Promise.resolve(new Set<string>())
      : bundledKeys(
          deps.db,
          unknown.flatMap((i) => plans[i].map((p) => ({ teamId: items[i].teamId, key: keyOf(i, p.kind) }))),
        ),
    gatesFor(deps, items, now),
  ]);
  for (const i of unknown) {
    for (const p of plans[i]) {
      if (seen.has(`${items[i].teamId}|${keyOf(i, p.kind)}`)) bundled[i] |= REMINDER_KIND_BITS[p.kind];
    }
  }
  const hoursFor = hoursFinder(gates);
  const bundles = planBundles(items, now, bundled, plans, gates, hoursFor);
  // the snooze is the owner's; the rest depends on the item's hours only (memoised per hours)
  const blocked = memoByHours((h) => blockedUntilFor(null, h, now));
  const blockedUntil = (item: OpenItem) => {
    const snooze = item.owner.snoozedUntil?.getTime() ?? 0;
    return snooze > now.getTime() ? snooze : blocked(hoursFor(item));
  };
  // Which items each person's DM is about, for advancing their stored instants with that DM.
  const itemsOf = new Map<string, number[]>();
  items.forEach((item, i) => {
    const personKey = `${item.teamId}|${item.userId}`;
    const list = itemsOf.get(personKey);
    if (list) list.push(i);
    else itemsOf.set(personKey, [i]);
  });
  const advance = (i: number, fresh: number, bundleKey: string | null): MarkedAdvance => {
    const item = items[i];
    const kinds = bundled[i] | fresh;
    return {
      teamId: item.teamId,
      subject: item.subject,
      ref: item.ref,
      from: item.remindAt,
      to: nextLookAt(item, plans[i], now, kinds, blockedUntil),
      due: item.dueAt,
      kinds,
      fresh,
      userId: item.userId,
      bundleKey,
    };
  };
  let sent = 0;
  let named = 0;
  // One transaction per chunk of people: the DM, the record of what it covered and the advanced
  // instants of the person's items commit together. Chunks share no person, item or DM, so two run at
  // once, on two connections: one chunk's statements run in the database while the next is prepared
  // here (on one connection, each side waited for the other: half the tick was idle).
  const chunks: PersonBundle[][] = [];
  for (let i = 0; i < bundles.length; i += 500) chunks.push(bundles.slice(i, i + 500));
  await inParallel(chunks, TICK_CHUNKS_AT_ONCE, async (chunk) => {
    await deps.db.transaction(async (tx) => {
      const facts: Announcement[] = chunk.map((b) => ({
        type: 'reminders_due',
        teamId: b.teamId,
        userId: b.userId,
        windowKey: b.windowKey,
        items: b.items,
      }));
      const fresh = await deps.announce(tx, facts, now);
      const advances: MarkedAdvance[] = [];
      chunk.forEach((b, j) => {
        const personKey = `${b.teamId}|${b.userId}`;
        const indexes = itemsOf.get(personKey) ?? [];
        itemsOf.delete(personKey);
        // this window's DM already went (fresh false): the rest waits for the next window
        const covered = new Map<number, number>();
        if (fresh[j]) {
          b.covers.forEach((index, k) => covered.set(index, b.kinds[k]));
          sent++;
          named += b.items.length;
        }
        const bundleKey = fresh[j] ? `nudge:${b.userId}:${b.windowKey}` : null;
        for (const index of indexes) {
          const kinds = covered.get(index) ?? 0;
          // only what this DM newly covers is "fresh"; the rest of `kinds` was already recorded
          advances.push(advance(index, kinds & ~bundled[index], kinds === 0 ? null : bundleKey));
          bundled[index] |= kinds;
        }
      });
      // one statement for the whole chunk: every advanced instant, with the marks of what the new DMs covered
      await advanceAndMark(tx, advances, now);
    });
  });
  // Items of people who got no DM this tick (snoozed, outside their hours, nothing fresh): their
  // instants move on too, so they are not read again before something can change.
  const rest = [...itemsOf.values()].flat();
  for (let i = 0; i < rest.length; i += 5000) {
    await advanceAndMark(
      deps.db,
      rest.slice(i, i + 5000).map((index) => advance(index, 0, null)),
      now,
    );
  }
  if (sent > 0) deps.log.info({ bundles: sent, items: named }, 'reminders bundled');
  return { bundles: sent, items: named };
}

/**
 * How far ahead a reminder must read what others owe its person: the end of their day is at most a
 * day and a DST hour away, whatever their zone; `remindersToShow` keeps only what falls by then.
 */
export const OWED_LOOKAHEAD_MS = 26 * 3600_000;

/**
 * What a reminder shows when it is sent, from what it read then (`ReminderRead`): the items it names
 * that are still open, what others owe the person by the end of their day, and their zone; null when
 * nothing is left to remind of (the DM is not sent).
 */
export function remindersToShow(
  read: ReminderRead,
  wanted: readonly ReminderItem[],
  now: Date,
  /** Brought up to date after it was sent: what was done since stays, marked as done. */
  opts: { includeSettled: boolean } = { includeSettled: false },
): { items: NudgeItem[]; owed: OwedToItem[]; tz: string; now: Date } | null {
  const items: NudgeItem[] = read.states
    .filter((s) => s.open || opts.includeSettled)
    .map((s) => ({
      ...s,
      kind: wanted.find((w) => w.subject === s.subject && w.ref === s.ref)?.kind ?? 'due',
    }));
  if (items.length === 0 || (!opts.includeSettled && !items.some((i) => i.open))) return null;
  const tz = read.tz;
  const endOfDay = DateTime.fromJSDate(now, { zone: tz }).endOf('day').toMillis();
  // soonest first, so what falls by the end of the day is a prefix of what was read
  const owed = read.owedSoon.filter((o) => o.dueAt.getTime() <= endOfDay);
  return { items, owed, tz, now };
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
): Promise<{ until: Date; tz: string }> {
  const now = deps.clock.now();
  const me = await memberOf(deps, teamId, userId);
  const until = snoozeUntil(choice, now, hoursOf(me));
  const items = await bundleItems(deps.db, teamId, userId, bundleId);
  if (!items)
    throw new InputError('unknown_bundle', 'I couldn’t find that reminder any more — nothing to snooze.');
  await deps.db.transaction(async (tx) => {
    await setSnooze(tx, teamId, userId, until);
    await deps.announce(tx, [{ type: 'reminders_snoozed', teamId, userId, bundleId, until, items }], now);
  });
  deps.log.info({ teamId, user: userId, until: until.toISOString(), choice }, 'reminders snoozed');
  return { until, tz: me.tz };
}

/**
 * Monday-morning say/do note for everyone with promises: queued once per person per ISO week, when
 * their Monday working window is open.
 */
/**
 * Whether it is Monday in some time zone now (zones run from UTC−12:00 to UTC+14:00). Outside that —
 * five days in seven — no Monday note can be due, so the tick does not read anyone's rhythm for it.
 * Whole-hour steps suffice: a Monday is 24 h wide, so any overlap with the 26 h range holds one of
 * them, or an end of the range.
 */
export function isMondaySomewhere(now: Date): boolean {
  for (let h = -12; h <= 14; h++) {
    if (new Date(now.getTime() + h * 3600_000).getUTCDay() === 1) return true;
  }
  return false;
}

export async function enqueueWeeklyNotes(deps: ServiceDeps): Promise<number> {
  const now = deps.clock.now();
  if (!isMondaySomewhere(now)) return 0;
  const people = await peopleWithRecentPromises(deps.db, now);
  const off = await remindersOffOfTeams(deps.db, [...new Set(people.map((p) => p.teamId))]);
  // Workspace days off are not read here: the note is a DM the scheduler sends on its own, so the
  // delivery gate (messages/working-hours-gate.ts) holds it through them and it comes at the next
  // working morning. Skipping it here instead lost the whole week's note (Tuesday is not Monday).
  const due = people.filter((p) => {
    if (!wants(off.get(`${p.teamId}|${p.userId}`), 'weekly')) return false;
    const hours = hoursOf(p.rhythm);
    return weekdayOfDay(localDayMs(now, resolveZone(hours.tz))) === 1 && isWorkingTime(now, hours);
  });
  if (due.length === 0) return 0;
  const fresh = await deps.announce(
    deps.db,
    due.map((p) => ({
      type: 'weekly_note_due' as const,
      teamId: p.teamId,
      userId: p.userId,
      week: DateTime.fromJSDate(now, { zone: resolveZone(p.rhythm.tz) }).toFormat("kkkk-'W'WW"),
    })),
    now,
  );
  return fresh.filter(Boolean).length;
}

/** The Monday note's figures when it is sent: last week's promises and what is due this week. */
export async function weeklyNoteFor(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
): Promise<{
  figures: { said: number; kept: number; moved: number; missed: number };
  due: DuePromise[];
  tz: string;
  /** People the reader delegated to who are ready for a step up, or stuck on small work. */
  growing: { personId: string; growth: GrowthSignal }[];
}> {
  const member = await getMember(deps.db, teamId, userId);
  const tz = member?.tz ?? 'UTC';
  const local = DateTime.fromJSDate(deps.clock.now(), { zone: tz });
  const thisMonday = local.startOf('week');
  const lastMonday = thisMonday.minus({ weeks: 1 });
  const counts = await commitmentActionCounts(
    deps.db,
    teamId,
    userId,
    lastMonday.toJSDate(),
    thisMonday.toJSDate(),
  );
  const n = (actions: string[]) => actions.reduce((sum, a) => sum + (counts[a] ?? 0), 0);
  const [due, team] = await Promise.all([
    openDueBefore(deps.db, teamId, userId, thisMonday.plus({ weeks: 1 }).toJSDate()),
    teamOf(deps, teamId, userId, TEAM_SHOWN),
  ]);
  const growing = team.rows.flatMap((r) => (r.growth ? [{ personId: r.personId, growth: r.growth }] : []));
  return {
    figures: {
      said: n(['said']),
      kept: n(['kept']),
      moved: n(['moved']),
      missed: n(['missed', 'owned_miss']),
    },
    due,
    tz,
    growing,
  };
}
