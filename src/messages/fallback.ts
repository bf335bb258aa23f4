/**
 * When a channel message cannot be posted (a private channel Trustloop is not in, an archived one),
 * the people involved get it by DM, with a note on how to invite Trustloop. The DM carries the
 * message it stands in for and renders it the same way, plus the note.
 */
import { z } from 'zod';
import type { OutboxMessage, OutboxRow } from '../db/outbox';
import type { KnownBlock } from '@slack/types';
import { unreachableChannelNote } from '../views/message';
import { defineKind } from './kit';

export const channelFallbackMessage = defineKind(
  'channel_fallback',
  'chat.postMessage',
  z.object({
    user: z.string(),
    channel: z.string(),
    original: z.object({ kind: z.string(), method: z.string(), payload: z.unknown() }),
  }),
  async (p, ctx) => {
    const original = await ctx.renderStored(p.original.kind, p.original.method, p.original.payload);
    if (!original) return null;
    const blocks = Array.isArray(original.args.blocks) ? (original.args.blocks as KnownBlock[]) : [];
    return {
      method: 'chat.postMessage',
      args: {
        ...original.args,
        channel: p.user,
        blocks: [...blocks, unreachableChannelNote(p.channel)],
      },
    };
  },
);

export const fallbackKinds = [channelFallbackMessage];

/** The DMs that stand in for a channel message that could not be posted. */
export function fallbackMessages(row: OutboxRow, channel: string, notBefore: Date): OutboxMessage[] {
  return [...new Set(row.fallback_dm_to ?? [])].map((user) => ({
    ...channelFallbackMessage.queue(
      { user, channel, original: { kind: row.kind, method: row.method, payload: row.payload } },
      { key: `${row.idempotency_key}:fallback:${user}`, to: user, notBefore },
    ),
    teamId: row.team_id,
  }));
}
