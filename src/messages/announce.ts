/**
 * The messages layer's door: a use case hands over its announcements inside its own transaction, and
 * they become outbox rows (and Home refreshes) in one statement, committed with the change itself.
 */
import type { Queryable } from '../db/db';
import {
  enqueueMessages,
  type HomeRefresh,
  type OutboxBatch,
  type OutboxMessage,
  type SubjectChange,
} from '../db/outbox';
import type { Announcement } from '../domain/announcements';
import type { Announcer } from '../services/ports';
import { route } from './catalog';

/**
 * Queues what the announcements say. Returns, per announcement, whether its first message was new
 * (the tick records which reminder points a new bundle covered; a repeated tick finds it queued).
 */
async function rowsOf(
  tx: Queryable,
  facts: Announcement[],
  now: Date,
): Promise<OutboxBatch & { firsts: (string | null)[] }> {
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
  return { messages, homes, changed, now, firsts };
}

/** A route that would look something up while only being prepared: a mistake, said at once. */
const NO_DATABASE: Queryable = {
  query: () =>
    Promise.reject(
      new Error(
        'This announcement reads the database to be routed; queue it with announce(), not prepare().',
      ),
    ),
};

export const announce: Announcer = Object.assign(
  async (tx: Queryable, facts: Announcement[], now: Date): Promise<boolean[]> => {
    if (facts.length === 0) return [];
    const { messages, homes, changed, firsts } = await rowsOf(tx, facts, now);
    const fresh = await enqueueMessages(tx, messages, homes, now, changed);
    return firsts.map((k) => k !== null && fresh.has(k));
  },
  {
    /** The same rows, rendered by the same pure views, for the caller's own statement to write. */
    prepare: async (facts: Announcement[], now: Date): Promise<OutboxBatch> => {
      const { messages, homes, changed } = await rowsOf(NO_DATABASE, facts, now);
      return { messages, homes, changed, now };
    },
  },
);
