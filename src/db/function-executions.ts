/**
 * Workflow Builder step runs (function executions) that changed something: the key that makes a
 * redelivered `function_executed` event a no-op, and what the step completes with.
 */
import type { Queryable } from './db';

export type StepOutputs = Record<string, unknown>;

export interface FunctionExecutionRow {
  teamId: string;
  executionId: string;
  callbackId: string;
  outputs: StepOutputs;
  createdAt: Date;
  completedAt: Date | null;
}

/**
 * Records the execution inside the caller's transaction. False when it is already recorded (a
 * redelivery, or a concurrent delivery that committed first): the caller then rolls its change back.
 */
export async function recordFunctionExecution(
  tx: Queryable,
  e: {
    teamId: string;
    executionId: string;
    callbackId: string;
    botAccessToken: string;
    outputs: StepOutputs;
    at: Date;
  },
): Promise<boolean> {
  const { rows } = await tx.query<{ function_execution_id: string }>(
    `insert into function_executions (team_id, function_execution_id, callback_id, bot_access_token, outputs, created_at)
     values ($1, $2, $3, $4, $5::jsonb, $6)
     on conflict (team_id, function_execution_id) do nothing
     returning function_execution_id`,
    [e.teamId, e.executionId, e.callbackId, e.botAccessToken, JSON.stringify(e.outputs), e.at],
  );
  return rows.length === 1;
}

export async function getFunctionExecution(
  db: Queryable,
  teamId: string,
  executionId: string,
): Promise<FunctionExecutionRow | null> {
  const { rows } = await db.query<{
    callback_id: string;
    outputs: StepOutputs;
    created_at: Date;
    completed_at: Date | null;
  }>(
    `select callback_id, outputs, created_at, completed_at from function_executions
      where team_id = $1 and function_execution_id = $2`,
    [teamId, executionId],
  );
  const r = rows[0];
  return r
    ? {
        teamId,
        executionId,
        callbackId: r.callback_id,
        outputs: r.outputs,
        createdAt: r.created_at,
        completedAt: r.completed_at,
      }
    : null;
}

/** The execution's own token, while it has not completed (null after: Slack no longer accepts it). */
export async function executionToken(
  db: Queryable,
  teamId: string,
  executionId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ bot_access_token: string | null }>(
    `select bot_access_token from function_executions
      where team_id = $1 and function_execution_id = $2 and completed_at is null`,
    [teamId, executionId],
  );
  return rows[0]?.bot_access_token ?? null;
}

/**
 * The run is over for Slack: completed with these outputs (kept as the final ones), or refused for good
 * (null: the outputs stay as recorded). Its token is forgotten either way.
 */
export async function markExecutionCompleted(
  db: Queryable,
  teamId: string,
  executionId: string,
  outputs: StepOutputs | null,
  at: Date,
): Promise<void> {
  await db.query(
    `update function_executions
        set completed_at = $3, outputs = coalesce($4::jsonb, outputs), bot_access_token = null
      where team_id = $1 and function_execution_id = $2`,
    [teamId, executionId, at, outputs === null ? null : JSON.stringify(outputs)],
  );
}
