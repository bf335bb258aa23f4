/**
 * Who may do what with a delegation, and in which state: one load-and-check used by every use case
 * (and by the buttons that open a form, so nobody sees a form they may not submit).
 */
import { getDelegation } from '../../db/delegations';
import type { Queryable } from '../../db/db';
import type { Delegation } from '../../domain/delegation';
import { delegationRef } from '../../domain/refs';
import { ForbiddenError, InputError, NotFoundError } from '../../errors';

export type Role = 'assignee' | 'leader' | 'either';

/** Only the assignee and the leader may close. Pure, so it is tested alone. */
export function mayClose(d: Pick<Delegation, 'leaderId' | 'assigneeId'>, actorId: string): boolean {
  return actorId === d.assigneeId || actorId === d.leaderId;
}

function plays(d: Delegation, actorId: string, role: Role): boolean {
  if (role === 'assignee') return actorId === d.assigneeId;
  if (role === 'leader') return actorId === d.leaderId;
  return mayClose(d, actorId);
}

export function unknownDelegation(ref: number): NotFoundError {
  return new NotFoundError(
    'unknown_ref',
    `I can't find *${delegationRef(ref)}* in this workspace. Type \`/outcome\` to see the delegations you can close.`,
  );
}

export function closedAlready(d: Delegation): NotFoundError {
  const how = d.status === 'won' ? 'a win' : d.status === 'lost' ? 'a loss' : 'cancelled';
  return new NotFoundError(
    'already_closed',
    `*${delegationRef(d.ref)}* is already closed (${how}). Nothing to change — history stays as it was.`,
  );
}

export interface Access {
  actorId: string;
  /** Who may act. */
  role: Role;
  /** What anyone else is told, given the delegation. */
  refusal: (d: Delegation) => string;
  /** The state it must be in: open work, or an outcome already recorded. */
  state: 'open' | 'closed';
}

/** The delegation `ref` of this workspace, if `access` allows it; a friendly refusal otherwise. */
export async function delegationFor(
  db: Queryable,
  teamId: string,
  ref: number,
  access: Access,
): Promise<Delegation> {
  return checkedAccess(await getDelegation(db, teamId, ref), ref, access);
}

/** The same check over a delegation the caller read itself (in a statement that read more at once). */
export function checkedAccess(d: Delegation | null, ref: number, access: Access): Delegation {
  if (!d) throw unknownDelegation(ref);
  if (!plays(d, access.actorId, access.role)) throw new ForbiddenError('not_yours', access.refusal(d));
  if (access.state === 'open' && d.status !== 'open') throw closedAlready(d);
  if (access.state === 'closed' && d.status !== 'won' && d.status !== 'lost')
    throw new InputError('not_closed', `*${delegationRef(ref)}* isn’t closed yet.`);
  return d;
}

const ref = (d: Delegation) => `*${delegationRef(d.ref)}*`;

/** The refusals people see, one per action (who may do it, in words). */
export const ACCESS = {
  close: (actorId: string): Access => ({
    actorId,
    role: 'either',
    state: 'open',
    refusal: (d) =>
      `Only <@${d.assigneeId}> (who holds it) or <@${d.leaderId}> (who delegated it) can close ${ref(d)}.`,
  }),
  accept: (actorId: string): Access => ({
    actorId,
    role: 'assignee',
    state: 'open',
    refusal: (d) => `Only <@${d.assigneeId}> can accept ${ref(d)}.`,
  }),
  askForChange: (actorId: string): Access => ({
    actorId,
    role: 'assignee',
    state: 'open',
    refusal: (d) => `Only <@${d.assigneeId}> can ask to change ${ref(d)}.`,
  }),
  setBuffer: (actorId: string): Access => ({
    actorId,
    role: 'leader',
    state: 'open',
    refusal: (d) => `Only <@${d.leaderId}>, who delegated ${ref(d)}, can set its safety net.`,
  }),
  acknowledge: (actorId: string): Access => ({
    actorId,
    role: 'leader',
    state: 'closed',
    refusal: (d) => `Only <@${d.leaderId}>, who delegated ${ref(d)}, acknowledges its outcome.`,
  }),
};
