import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';
import type { Announcement } from '../domain/announcements';
import type { MemberProfile } from '../domain/member';
import type { Logger } from '../logger';

/** What the services need to know about people from Slack; implemented over the Web API in slack/. */
export interface SlackDirectory {
  /** null when Slack says the user does not exist (user_not_found). */
  userInfo(teamId: string, userId: string): Promise<MemberProfile | null>;
  listUsers(teamId: string): Promise<MemberProfile[]>;
}

/**
 * Hands announcements to the messages layer inside the caller's transaction (`tx`), so they commit
 * with the change. Returns, per announcement, whether its first message was new. Implemented by
 * messages/announce.ts; the services only know this shape.
 */
export type Announcer = (tx: Queryable, facts: Announcement[], now: Date) => Promise<boolean[]>;

/** Everything a use case may touch. No Slack client here: messages go through the outbox. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  directory: SlackDirectory;
  log: Logger;
  announce: Announcer;
  /** Wakes the delivery loop after a commit that queued messages. */
  wakeDelivery: () => void;
}
