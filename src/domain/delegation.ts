import type { Stakes } from './stakes';

export type DelegationStatus = 'open' | 'won' | 'lost' | 'cancelled';

/** How a delegation ended, in the words people use: a win or a loss (always with a lesson). */
export type DelegationResult = 'win' | 'loss';

/** Work a leader hands to an assignee (`D-n`), with stakes, success criteria, a buffer and a due date. */
export interface Delegation {
  /** Given from a message ("Delegate this…"): the link back to it. */
  sourcePermalink?: string | null;
  teamId: string;
  ref: number;
  leaderId: string;
  assigneeId: string;
  title: string;
  success: string | null;
  buffer: string | null;
  stakes: Stakes;
  dueAt: Date;
  channelId: string;
  status: DelegationStatus;
  acceptedAt: Date | null;
  lesson: string | null;
  closedBy: string | null;
  closedAt: Date | null;
  createdAt: Date;
  /** Bumped by every edit: a message showing an older version says it was changed. */
  version: number;
  changeRequestedAt: Date | null;
  acknowledgedAt: Date | null;
  /** Why the leader cancelled it (a cancellation is not a loss). */
  cancelReason: string | null;
}

/** A promise the leader made while delegating, as the confirmation and the assignee's DM show it. */
export interface PromiseSummary {
  ref: number;
  text: string;
  dueAt: Date;
  /** No date was given, so it is due with the task. */
  dueWasDefault: boolean;
}

/** How often and how quickly a leader acknowledges outcomes of work they delegated. */
export interface AckStats {
  outcomes: number;
  acknowledged: number;
  /** Median time from an outcome to the leader's note, in minutes; null when none were acknowledged. */
  medianMinutes: number | null;
}

/** A closed delegation as a retro or digest quotes it. */
export interface ClosedOutcome {
  ref: number;
  title: string;
  assigneeId: string;
  leaderId: string;
  status: 'won' | 'lost';
  lesson: string | null;
  stakes: Stakes;
  closedAt: Date;
}
