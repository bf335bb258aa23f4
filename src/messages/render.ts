/**
 * The one moment every queued message is rendered: when it is sent. A row holds the facts of its kind
 * (stored.ts); its kind's renderer turns them into a Web API call with the pure views, reading fresh
 * state where the kind says so (a reminder, the Home tab). Rows queued before the message seam hold a
 * prepared call ('api') and go out as they are.
 *
 * Why at send and not at enqueue: the outbox then holds what happened, never Slack arguments; a wording
 * fix or a safety fix reaches messages already waiting; and a message that must show the state of the
 * moment (a reminder naming only what is still open) is no special case.
 */
import { z } from 'zod';
import type { Queryable } from '../db/db';
import { getDelegations } from '../db/delegations';
import { reminderReads, type ReminderAsk } from '../db/nudges';
import { messageByKey, UPDATE_KIND, type OutboxRow } from '../db/outbox';
import { together } from '../db/together';
import { OWED_LOOKAHEAD_MS } from '../services/nudges';
import type { ServiceDeps } from '../services/ports';
import { KINDS } from './catalog';
import type { RenderContext, SlackCall } from './kit';

/** A row whose stored facts cannot be read (an unknown kind, a payload of another shape): never retried. */
export class UnreadableMessageError extends Error {
  override name = 'UnreadableMessageError';
  readonly code = 'unreadable_message';
}

export interface Renderer {
  /** The Web API arguments for a row, or null when there is nothing left to say (it is dropped). */
  render(row: OutboxRow): Promise<Record<string, unknown> | null>;
  /** What the row's kind does with Slack's answer, once sent (most kinds: nothing). */
  afterSent(row: OutboxRow, response: Record<string, unknown>): Promise<void>;
}

const UpdatePayload = z.object({ target: z.string() });

/**
 * An update in place: the message it names, rendered again from the state of now, replaces what was
 * posted (chat.update on the stored conversation and ts). Nothing to update when that message was
 * never posted (it failed, or it was dropped as no longer relevant).
 */
async function renderUpdate(
  db: Queryable,
  teamId: string,
  payload: unknown,
  renderStored: (
    kind: string,
    method: string,
    payload: unknown,
    rowId: number,
    updating: boolean,
  ) => Promise<SlackCall | null>,
): Promise<SlackCall | null> {
  const p = UpdatePayload.safeParse(payload);
  if (!p.success) throw new UnreadableMessageError('an update whose target cannot be read');
  const target = await messageByKey(db, teamId, p.data.target);
  const channel = target?.result?.channel;
  const ts = target?.result?.ts;
  if (!target || target.status !== 'sent' || typeof channel !== 'string' || typeof ts !== 'string')
    return null;
  const fresh = await renderStored(target.kind, target.method, target.payload, target.id, true);
  if (!fresh) return null;
  const { text, blocks } = fresh.args as { text?: string; blocks?: unknown[] };
  return { method: 'chat.update', args: { channel, ts, text: text ?? '', blocks: blocks ?? [] } };
}

export function createRenderer(deps: ServiceDeps): Renderer {
  // DMs that show the work as it is now, rendered while another read is running, share the next one
  const delegationNow = together((keys: { teamId: string; ref: number }[]) => getDelegations(deps.db, keys));
  const reminderNow = together((asks: ReminderAsk[]) => reminderReads(deps.db, asks));
  const renderStored = async (
    teamId: string,
    rowId: number,
    kind: string,
    method: string,
    payload: unknown,
    updating = false,
  ): Promise<SlackCall | null> => {
    if (kind === 'api') return { method, args: payload as Record<string, unknown> };
    if (kind === UPDATE_KIND)
      return renderUpdate(deps.db, teamId, payload, (k, m, p, id, upd) =>
        renderStored(teamId, id, k, m, p, upd),
      );
    const k = KINDS.get(kind);
    if (!k) throw new UnreadableMessageError(`no message kind "${kind}"`);
    const parsed = k.schema.safeParse(payload);
    if (!parsed.success) throw new UnreadableMessageError(`a "${kind}" message whose facts cannot be read`);
    const ctx: RenderContext = {
      deps,
      teamId,
      rowId,
      updating,
      delegationNow: (ref) => delegationNow({ teamId, ref }),
      reminderNow: (userId, items) =>
        reminderNow({
          teamId,
          userId,
          items,
          until: new Date(deps.clock.now().getTime() + OWED_LOOKAHEAD_MS),
        }),
      renderStored: (kind2, method2, payload2) =>
        renderStored(teamId, rowId, kind2, method2, payload2, updating),
    };
    return k.render(parsed.data, ctx);
  };
  return {
    async render(row) {
      const call = await renderStored(row.team_id, row.id, row.kind, row.method, row.payload);
      return call?.args ?? null;
    },
    async afterSent(row, response) {
      const k = KINDS.get(row.kind);
      if (!k?.sent) return;
      const parsed = k.schema.safeParse(row.payload);
      if (parsed.success) await k.sent(parsed.data, { deps, teamId: row.team_id }, response);
    },
  };
}
