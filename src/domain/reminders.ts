import type { Rhythm } from './member';
import type { Stakes } from './stakes';

/** Where a reminder is in an item's life (schedule/reminders.ts decides when each falls). */
export type ReminderKind = 'before' | 'halfway' | 'due' | 'overdue';

/**
 * One bit per kind, for the record of which kinds of an item's deadline were already bundled (the
 * marks on its `reminder_due` row, migration 0024, whose `reminder_point_keys` uses the same bits).
 */
export const REMINDER_KIND_BITS: Readonly<Record<ReminderKind, number>> = {
  before: 1,
  halfway: 2,
  due: 4,
  overdue: 8,
};

/** What a reminder or a list can be about. */
export type Subject = 'delegation' | 'commitment';

/** One item a reminder bundle names, with the latest point it reached. */
export interface ReminderItem {
  subject: Subject;
  ref: number;
  kind: ReminderKind;
}

/** An item someone owes, as a reminder shows it when it is sent (only open ones are shown). */
export interface OwedItemState {
  subject: Subject;
  ref: number;
  title: string;
  dueAt: Date;
  open: boolean;
  /** Its state now: 'open', or how it ended ('won', 'lost', 'cancelled', 'kept', 'missed', 'released'). */
  status: string;
  stakes: Stakes | null;
  /** The leader of a delegation, or the person a promise is owed to. */
  counterpartId: string | null;
}

/** An item as a reminder names it: its state now and the latest point it reached. */
export interface NudgeItem extends OwedItemState {
  kind: ReminderKind;
}

/** Something others owe a person (delegations they gave, promises made to them). */
export interface OwedToItem {
  subject: Subject;
  ref: number;
  title: string;
  dueAt: Date;
  ownerId: string;
}

/**
 * What a reminder DM reads when it is sent, for its person: the items it names as they are now, the
 * person's zone, and the first things others owe them that fall due by `until` (soonest first, at
 * most 10) — the reminder keeps those due by the end of the person's day.
 */
export interface ReminderRead {
  states: OwedItemState[];
  tz: string;
  owedSoon: OwedToItem[];
}

/** A promise due soon, as the weekly note lists it. */
export interface DuePromise {
  ref: number;
  text: string;
  dueAt: Date;
  /** Owed to someone; with `delegationRef`, a support promise made when giving them work. */
  counterpartId?: string | null;
  delegationRef?: number | null;
}

/** An open item someone owes (a delegation they hold, a promise they made), with their rhythm. */
export interface OpenItem {
  teamId: string;
  subject: Subject;
  ref: number;
  /** Who owes it: the assignee of a delegation, the owner of a promise. */
  userId: string;
  title: string;
  dueAt: Date;
  createdAt: Date;
  stakes: Stakes | null;
  owner: Rhythm;
}

/** Someone whose Monday note may be due, with their rhythm. */
export interface PersonRhythm {
  teamId: string;
  userId: string;
  rhythm: Rhythm;
}
