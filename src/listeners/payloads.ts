import { z } from 'zod';

/**
 * zod at the boundary: the parts of Slack's payloads our listeners rely on. Anything else Slack sends
 * is ignored; anything missing or malformed is refused before a service is called.
 */
const id = z.string().min(1).max(64);

export const CommandPayload = z.object({
  team_id: id,
  user_id: id,
  channel_id: id,
  text: z.string().max(20_000).default(''),
  trigger_id: z.string().min(1).max(200),
  response_url: z.string().max(2000).optional(),
});
export type CommandPayload = z.infer<typeof CommandPayload>;

/** A delegation or commitment number carried in a button's value ("12", or "12:loss"). */
export const RefValue = z
  .string()
  .regex(/^\d{1,9}(:[a-z_]+)?$/)
  .transform((v) => {
    const [ref, extra] = v.split(':');
    return { ref: Number(ref), extra: extra ?? null };
  });

export const ActionPayload = z.object({
  team: z.object({ id }).nullable().optional(),
  user: z.object({ id, team_id: id.optional() }),
  trigger_id: z.string().min(1).max(200),
  response_url: z.string().max(2000).optional(),
  channel: z.object({ id }).optional(),
});

export function teamOf(body: { team?: { id?: string } | null; user?: { team_id?: string } }): string | null {
  return body.team?.id ?? body.user?.team_id ?? null;
}

/** private_metadata we wrote ourselves, checked on the way back in (it round-trips through the client). */
export function parseMetadata<T extends z.ZodType>(schema: T, raw: string | undefined): z.infer<T> | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
