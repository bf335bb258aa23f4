/** A team or workspace day off (or a range of them): calendar dates, read in each person's own zone. */
export interface DayOff {
  id: number;
  teamId: string;
  /** The channel whose days off these are; null for a workspace-wide day off. */
  channelId: string | null;
  /** YYYY-MM-DD, both inclusive. */
  from: string;
  until: string;
  label: string | null;
}

/** The reminder kinds a person can turn off ("never"); `halfway` follows `before`. */
export const REMINDER_SETTINGS = ['before', 'due', 'overdue', 'weekly'] as const;
export type ReminderSetting = (typeof REMINDER_SETTINGS)[number];
