/**
 * The messages layer's door: a use case hands over its announcements inside its own transaction, and
 * they become outbox rows (and Home refreshes) in one statement, committed with the change itself.
 */
import type { Queryable } from '../db/db';
import { enqueueMessages, type HomeRefresh, type OutboxMessage, type SubjectChange } from '../db/outbox';
import type { Announcement } from '../domain/announcements';
import type { Announcer } from '../services/ports';
import { route } from './catalog';

/**
 * Queues what the announcements say. Returns, per announcement, whether its first message was new
 * (the tick records which reminder points a new bundle covered; a repeated tick finds it queued).
 */
export const announce: Announcer = async (
  tx: Queryable,
  facts: Announcement[],
  now: Date,
): Promise<boolean[]> => {
  if (facts.length === 0) return [];
  const messages: OutboxMessage[] = [];
  const homes: HomeRefresh[] = [];
  const changed: SubjectChange[] = [];
  const firsts: (string | null)[] = [];
  for (const a of facts) {
    const routed = await route(a, { now, tx });
    const first = routed.messages[0];
    firsts.push(first ? `${a.teamId}|${first.key}` : null);
    for (const m of routed.messages) messages.push({ ...m, teamId: a.teamId });
    for (const userId of routed.homes) homes.push({ teamId: a.teamId, userId });
    if (routed.settle?.length) changed.push({ teamId: a.teamId, subjects: routed.settle });
  }
  const fresh = await enqueueMessages(tx, messages, homes, now, changed);
  return firsts.map((k) => k !== null && fresh.has(k));
};
