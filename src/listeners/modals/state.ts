import { z } from 'zod';

/** Slack's view state: `values[block_id][action_id]` → the element's current value. */
export const ViewState = z.object({
  values: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        type: z.string(),
        value: z.string().nullable().optional(),
        selected_user: z.string().nullable().optional(),
        selected_date: z.string().nullable().optional(),
        selected_conversation: z.string().nullable().optional(),
        selected_option: z.object({ value: z.string() }).nullable().optional(),
      }),
    ),
  ),
});
export type ViewState = z.infer<typeof ViewState>;

export function field(state: ViewState, blockId: string, actionId = blockId) {
  return state.values[blockId]?.[actionId];
}

export const textOf = (state: ViewState, blockId: string): string =>
  (field(state, blockId)?.value ?? '').trim();

export const ViewSubmission = z.object({
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  view: z.object({
    id: z.string(),
    private_metadata: z.string().optional(),
    state: ViewState,
  }),
});
