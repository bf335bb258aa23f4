/**
 * The sandbox's seeded workspace: a leader and three team members spread over four time zones, so
 * due dates, reminders and "next working morning" differ visibly per person, and two channels.
 */
import { DateTime } from 'luxon';
import type { SeedChannel, SeedUser } from './slack-api';

export interface SeedPerson {
  id: string;
  name: string;
  realName: string;
  title: string;
  tz: string;
  isAdmin?: boolean;
}

export const LEADER = 'U0LEA0001';

export const PEOPLE: readonly SeedPerson[] = [
  { id: LEADER, name: 'lea', realName: 'Lea Lindqvist', title: 'Team lead', tz: 'Europe/Berlin', isAdmin: true },
  { id: 'U0ANA0001', name: 'ana', realName: 'Ana Alves', title: 'Product designer', tz: 'America/New_York' },
  { id: 'U0SAM0001', name: 'sam', realName: 'Sam Sato', title: 'Engineer', tz: 'Asia/Tokyo' },
  { id: 'U0KAI0001', name: 'kai', realName: 'Kai Kealoha', title: 'Customer success', tz: 'Pacific/Auckland' },
];

export const TEAM_CHANNEL = 'C0TEAM001';
export const GENERAL_CHANNEL = 'C0GENERAL';

export const CHANNEL_TOPICS: Record<string, string> = {
  [TEAM_CHANNEL]: 'Delegate here; wins and losses are celebrated here too',
  [GENERAL_CHANNEL]: 'Company-wide chatter',
};

const everyone = PEOPLE.map((p) => p.id);

/** The bot is a member of both: celebrations land where the work was handed over. */
export const CHANNELS: readonly SeedChannel[] = [
  { id: TEAM_CHANNEL, name: 'team', members: everyone },
  { id: GENERAL_CHANNEL, name: 'general', members: everyone },
];

/** Slack's user objects carry the zone's current offset and long name (`tz_offset`, `tz_label`). */
export function seedUsers(at: Date): SeedUser[] {
  return PEOPLE.map((p) => {
    const local = DateTime.fromJSDate(at, { zone: p.tz });
    return {
      id: p.id,
      name: p.name,
      real_name: p.realName,
      tz: p.tz,
      tz_label: local.offsetNameLong ?? p.tz,
      tz_offset: local.offset * 60,
      ...(p.isAdmin ? { is_admin: true } : {}),
    };
  });
}

/** Titles are the sandbox's own (Slack keeps them in profiles, which Trustloop does not read). */
export function titleOf(userId: string): string {
  return PEOPLE.find((p) => p.id === userId)?.title ?? '';
}
