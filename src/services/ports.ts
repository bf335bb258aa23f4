import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';
import type { OutboxBatch } from '../db/outbox';
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
export type Announcer = ((tx: Queryable, facts: Announcement[], now: Date) => Promise<boolean[]>) & {
  /**
   * Renders the announcements into outbox rows without writing them, for a use case whose change and
   * rows go in one statement (db/outbox.ts `outboxInserts`): a slash command's one round trip. Only for
   * announcements whose routes read nothing. Absent on an announcer that does more than queue (a
   * workflow step records its execution with them): the use case then takes its transaction path.
   */
  prepare?: (facts: Announcement[], now: Date) => Promise<OutboxBatch>;
};

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
