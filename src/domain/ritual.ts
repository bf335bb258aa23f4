/** A channel ritual: a retro prompt or a wins-and-losses digest. */
export type RitualKind = 'retro' | 'digest';

/** When a ritual posts, in the configuring person's local wall time (stored with the ritual). */
export interface RitualSchedule {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Minutes after local midnight (0 … 1439). */
  minute: number;
  everyOtherWeek: boolean;
  /** `YYYY-MM-DD`, the local Monday of a week that fires, for every-other-week schedules. */
  anchor?: string;
}

export interface Ritual {
  id: number;
  teamId: string;
  channelId: string;
  kind: RitualKind;
  schedule: RitualSchedule;
  tz: string;
  enabled: boolean;
  createdBy: string;
  /** Occurrences before this instant are never posted (set on creation and on resume). */
  activeSince: Date;
  lastFiredKey: string | null;
  lastFiredAt: Date | null;
}
