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
import type { OutboxRow } from '../db/outbox';
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
}

export function createRenderer(deps: ServiceDeps): Renderer {
  const renderStored = async (
    teamId: string,
    rowId: number,
    kind: string,
    method: string,
    payload: unknown,
  ): Promise<SlackCall | null> => {
    if (kind === 'api') return { method, args: payload as Record<string, unknown> };
    const k = KINDS.get(kind);
    if (!k) throw new UnreadableMessageError(`no message kind "${kind}"`);
    const parsed = k.schema.safeParse(payload);
    if (!parsed.success) throw new UnreadableMessageError(`a "${kind}" message whose facts cannot be read`);
    const ctx: RenderContext = {
      deps,
      teamId,
      rowId,
      renderStored: (kind2, method2, payload2) => renderStored(teamId, rowId, kind2, method2, payload2),
    };
    return k.render(parsed.data, ctx);
  };
  return {
    async render(row) {
      const call = await renderStored(row.team_id, row.id, row.kind, row.method, row.payload);
      return call?.args ?? null;
    },
  };
}
