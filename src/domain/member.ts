/** A person as Slack describes them (users.info), before anything Trustloop keeps about them. */
export interface MemberProfile {
  userId: string;
  name: string;
  realName: string;
  tz: string;
  isBot: boolean;
  deleted: boolean;
  /** Workspace admins and owners may change what others set up (a channel's ritual). */
  isAdmin?: boolean;
  isOwner?: boolean;
}

/** When a person may be nudged: their zone, working hours, quiet days, time away and snooze. */
export interface Rhythm {
  tz: string;
  /** Working hours in their own time zone, minutes after midnight, and ISO weekdays (1 = Monday). */
  workStart: number;
  workEnd: number;
  workDays: number[];
  /** Local dates (YYYY-MM-DD) with no nudges. */
  quietDates: string[];
  /** Time away: local dates, inclusive. */
  awayFrom: string | null;
  awayUntil: string | null;
  snoozedUntil: Date | null;
}

/** A person of a workspace: their Slack profile (cached) and the rhythm they set for nudges. */
export interface Member extends MemberProfile, Rhythm {
  teamId: string;
  /** When the profile was last read from Slack; null for a stand-in we could not look up. */
  fetchedAt: Date | null;
}

/** The name to show for a person: their full name, their handle, or a mention. */
export const displayName = (m: Pick<MemberProfile, 'name' | 'realName' | 'userId'>): string =>
  m.realName || m.name || `<@${m.userId}>`;
