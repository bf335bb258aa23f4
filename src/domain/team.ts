import type { Commitment } from './commitment';
import type { Delegation } from './delegation';
import type { Ladder, Stakes } from './stakes';

/**
 * Whom a leader is growing: what is said about progressive responsibility for one person.
 * - ready: the ladder rule says they have earned the next level;
 * - stuck: ready, yet they have had only small work for weeks (`weeks`) — the nudge is to the leader.
 */
export type GrowthSignal =
  | { kind: 'ready'; from: Stakes; to: Stakes; closed: number; wins: number }
  | { kind: 'stuck'; weeks: number; closed: number; wins: number; to: Stakes };

/** One person a leader delegated to, as only the two of them may see it. */
export interface TeamRow {
  personId: string;
  ladder: Ladder;
  /** Work from this leader still open, soonest due first. */
  openWork: Delegation[];
  /** The stakes of the last three delegations from this leader, newest first. */
  lastStakes: Stakes[];
  growth: GrowthSignal | null;
  /** The leader's open promises to this person. */
  owed: Commitment[];
  /** The leader's record towards this person: promises to them kept and missed. */
  record: { kept: number; missed: number };
  /** Outcomes of theirs, of work from this leader, still waiting for the leader's word. */
  awaitingAck: Delegation[];
  /** The channel of the last delegation: where a bigger one would be celebrated. */
  lastChannelId: string;
}
