import type { Clock } from '../clock';
import type { Db } from '../db/db';
import type { MemberProfile } from '../db/members';
import type { Logger } from '../logger';

/** What the services need to know about people from Slack; implemented over the Web API in slack/. */
export interface SlackDirectory {
  /** null when Slack says the user does not exist (user_not_found). */
  userInfo(teamId: string, userId: string): Promise<MemberProfile | null>;
  listUsers(teamId: string): Promise<MemberProfile[]>;
}

/** Everything a use case may touch. No Slack client here: messages go through the outbox. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  directory: SlackDirectory;
  log: Logger;
  /** Wakes the delivery loop after a commit that enqueued messages. */
  wakeDelivery: () => void;
}
