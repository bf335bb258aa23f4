/**
 * The shape every Workflow Builder step listener shares: read the `function_executed` event with zod,
 * run one step use case, and complete or fail the step. A step that changed something is completed by
 * the delivery loop (after the message its outputs link to); one that wrote nothing is completed here,
 * with the execution's own token (Bolt's `complete`/`fail` carry it). The token is never logged.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { StepResult, StepRun } from '../../services/workflow-steps';
import type { AppDeps } from '../deps';

type FunctionArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'function_executed'>;

const FunctionExecuted = z.object({
  type: z.literal('function_executed'),
  function_execution_id: z.string().min(1),
  bot_access_token: z.string().min(1),
  function: z.object({ callback_id: z.string().min(1) }),
  inputs: z.record(z.string(), z.unknown()).default({}),
});

/** An input left empty in Workflow Builder may come as null, an empty string, or not at all. */
export const optionalText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? null : String(v)));
export const text = z.union([z.string(), z.number()]).transform(String);

const SOMETHING_WENT_WRONG =
  'Trustloop couldn’t finish this step just now (a brief outage on our side). Nothing was changed; run the workflow again in a moment.';

export function stepListener<I>(
  deps: AppDeps,
  spec: {
    callbackId: string;
    inputs: z.ZodType<I>;
    run: (run: StepRun, inputs: I) => Promise<StepResult>;
  },
) {
  const log = deps.log.child({ module: 'workflow_step', step: spec.callbackId });
  return async ({ event, body, context, complete, fail }: FunctionArgs): Promise<void> => {
    const e = FunctionExecuted.safeParse(event);
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id;
    if (!e.success || !teamId) {
      log.warn({ teamId }, 'a function_executed event we could not read');
      if (e.success)
        await fail({ error: 'Trustloop could not read this step’s request.' }).catch(() => undefined);
      return;
    }
    const where = { teamId, execution: e.data.function_execution_id };
    const inputs = spec.inputs.safeParse(e.data.inputs);
    if (!inputs.success) {
      const fields = [...new Set(inputs.error.issues.map((i) => String(i.path[0] ?? 'input')))].join(', ');
      log.info({ ...where, fields }, 'workflow step refused: inputs missing or of the wrong type');
      await fail({ error: `This step needs its inputs filled in: ${fields}.` }).catch((err: unknown) =>
        log.warn({ ...where, err }, 'could not fail the step'),
      );
      return;
    }
    let result: StepResult;
    try {
      result = await spec.run(
        {
          teamId,
          executionId: e.data.function_execution_id,
          callbackId: e.data.function.callback_id,
          botAccessToken: e.data.bot_access_token,
        },
        inputs.data,
      );
    } catch (err) {
      log.error({ ...where, err }, 'workflow step failed');
      await fail({ error: SOMETHING_WENT_WRONG }).catch(() => undefined);
      return;
    }
    try {
      switch (result.kind) {
        case 'queued':
          log.info(where, 'workflow step done; it completes once its message has gone out');
          return;
        case 'already_ran':
          log.info(where, 'workflow step delivered again: it ran already, nothing more to do');
          return;
        case 'done':
          await complete({ outputs: result.outputs });
          log.info(where, 'workflow step completed');
          return;
        case 'refused':
          log.info({ ...where, reason: result.message }, 'workflow step refused');
          await fail({ error: result.message });
          return;
      }
    } catch (err) {
      log.warn(
        { ...where, err: (err as { data?: { error?: string } }).data?.error ?? String(err) },
        'could not complete the step',
      );
    }
  };
}
