/**
 * Workflow Builder steps: a step that did its work is completed through the outbox, as one more row in
 * the conversation of the message it links to, so it goes out right after that message (messages to
 * one conversation go in order) and its permalink can be part of the outputs. A step with nothing to
 * link to gets a conversation of its own and goes out at once. Retried like any message; the
 * execution's own token is read when it is sent and forgotten once Slack has accepted it.
 */
import { z } from 'zod';
import { executionToken } from '../db/function-executions';
import { resultOf } from '../db/outbox';
import { assigneeDmKey, celebrationKey } from './delegations';
import { defineKind, type Routes } from './kit';

const Link = z.object({ output: z.string(), key: z.string() });

export const stepCompletionMessage = defineKind(
  'workflow_step_completion',
  'functions.completeSuccess',
  z.object({
    executionId: z.string(),
    outputs: z.record(z.string(), z.union([z.string(), z.number()])),
    link: Link.nullable(),
  }),
  async (p, ctx) => {
    const token = await executionToken(ctx.deps.db, ctx.teamId, p.executionId);
    if (!token) return null; // completed already (or the execution is unknown): nothing to send
    const posted = p.link ? await resultOf(ctx.deps.db, ctx.teamId, p.link.key) : null;
    const channel = posted?.channel;
    const ts = posted?.ts;
    return {
      method: 'functions.completeSuccess',
      args: {
        token,
        function_execution_id: p.executionId,
        outputs: p.outputs,
        ...(p.link && typeof channel === 'string' && typeof ts === 'string'
          ? { permalink: { output: p.link.output, channel, ts } }
          : {}),
      },
    };
  },
);

export const stepKinds = [stepCompletionMessage];

export const stepRoutes: Routes<'workflow_step_done'> = {
  workflow_step_done: ({ executionId, outputs, link }, { now }) => {
    const d = link?.delegation;
    const after =
      !link || !d
        ? null
        : link.message === 'assignee_dm'
          ? { key: assigneeDmKey(d), to: d.assigneeId }
          : { key: celebrationKey(d), to: d.channelId };
    return {
      messages: [
        stepCompletionMessage.queue(
          { executionId, outputs, link: after && link ? { output: link.output, key: after.key } : null },
          {
            key: `workflow_step:${executionId}`,
            to: after?.to ?? `workflow_step:${executionId}`,
            notBefore: now,
          },
        ),
      ],
      homes: [],
    };
  },
};
