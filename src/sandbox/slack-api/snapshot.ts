/**
 * Validation of a persisted snapshot (the sandbox stores `toJSON()` in a file and reads it back after a
 * restart). The file may be stale or hand-edited, so its structure is checked before it replaces state.
 */
import { z } from 'zod';
import type { StandInSnapshot } from './types';

const user = z.looseObject({
  id: z.string(),
  name: z.string(),
  real_name: z.string(),
  tz: z.string(),
  tz_label: z.string(),
  tz_offset: z.number(),
  is_bot: z.boolean(),
  deleted: z.boolean(),
});

const conversation = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  is_im: z.boolean(),
  is_private: z.boolean(),
  is_archived: z.boolean(),
  user: z.string().optional(),
  members: z.array(z.string()),
  created: z.number(),
});

const message = z.looseObject({
  type: z.literal('message'),
  ts: z.string(),
  channel: z.string(),
  text: z.string(),
});
const ephemeral = z.looseObject({
  message_ts: z.string(),
  channel: z.string(),
  user: z.string(),
  text: z.string(),
});
const view = z.looseObject({
  id: z.string(),
  type: z.enum(['modal', 'home']),
  blocks: z.array(z.record(z.string(), z.unknown())),
  hash: z.string(),
  state: z.looseObject({ values: z.record(z.string(), z.unknown()) }),
});
const responseUrl = z.looseObject({
  id: z.string(),
  channel: z.string(),
  user: z.string(),
  createdAt: z.number(),
  uses: z.number().int(),
});

const snapshotSchema = z.object({
  version: z.literal(1),
  teamId: z.string(),
  users: z.array(user),
  conversations: z.array(conversation),
  messages: z.record(z.string(), z.array(message)),
  ephemerals: z.array(ephemeral),
  modals: z.record(z.string(), z.array(view)),
  homes: z.record(z.string(), view),
  responseUrls: z.array(responseUrl),
  lastTsMicros: z.number(),
  counter: z.number().int(),
});

export function parseSnapshot(value: unknown): StandInSnapshot {
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `Invalid Slack stand-in snapshot: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  // The schema checked every field the stand-in reads; inner Block Kit JSON is kept as stored.
  return parsed.data as unknown as StandInSnapshot;
}
