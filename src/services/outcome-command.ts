/**
 * `/outcome D-12 win|loss lesson`, `/outcome C-7 kept|missed note`, or `/outcome` alone to list what
 * the person can close.
 */
import type { Delegation } from '../domain/delegation';
import { closeCommitmentByOwner, type ApplyResult } from './commitments';
import { closeDelegation, openDelegationsFor, type CloseResult } from './delegations/close';
import { parseOutcomeCommand } from './parse/outcome';
import type { ServiceDeps } from './ports';

export type OutcomeCommandResult =
  | { kind: 'usage'; message: string }
  | { kind: 'open_list'; items: Delegation[]; tz: string }
  | { kind: 'commitment'; result: ApplyResult }
  | { kind: 'delegation'; result: CloseResult };

export async function outcomeFromCommand(
  deps: ServiceDeps,
  c: { teamId: string; userId: string; text: string },
): Promise<OutcomeCommandResult> {
  if (c.text.trim() === '')
    return { kind: 'open_list', ...(await openDelegationsFor(deps, c.teamId, c.userId)) };
  const parsed = parseOutcomeCommand(c.text);
  if (!parsed.ok) return { kind: 'usage', message: parsed.error.message };
  const p = parsed.value;
  if (p.kind === 'commitment') {
    const result = await closeCommitmentByOwner(deps, {
      teamId: c.teamId,
      actorId: c.userId,
      ref: p.ref,
      result: p.result,
      note: p.note,
      actionKey: null,
    });
    return { kind: 'commitment', result };
  }
  const result = await closeDelegation(deps, {
    teamId: c.teamId,
    actorId: c.userId,
    ref: p.ref,
    result: p.result,
    lesson: p.lesson,
  });
  return { kind: 'delegation', result };
}
