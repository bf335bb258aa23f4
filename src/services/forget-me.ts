/**
 * Forget me: a person erases their own data, or a workspace admin erases someone who has left. What
 * others need stays correct: their ledgers and ratios keep every entry, with the person replaced by a
 * marker ("a former teammate").
 */
import { randomUUID } from 'node:crypto';
import { forgetPerson, personFootprint } from '../db/erasure';
import { ForbiddenError, InputError } from '../errors';
import type { ServiceDeps } from './ports';

export const FORGOTTEN_PREFIX = 'forgotten:';

export interface ForgetPlan {
  personId: string;
  self: boolean;
  footprint: { delegations: number; commitments: number; entries: number };
}

/** Who may erase whom: anyone themselves; an admin or owner someone who has left the workspace. */
async function checkMayForget(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  personId: string,
): Promise<void> {
  if (personId === actorId) return;
  const [actor, person] = await Promise.all([
    deps.directory.userInfo(teamId, actorId),
    deps.directory.userInfo(teamId, personId),
  ]);
  if (!(actor?.isAdmin || actor?.isOwner))
    throw new ForbiddenError(
      'not_admin',
      `Only <@${personId}> can erase their own data — or a workspace admin, once they have left.`,
    );
  if (person && !person.deleted)
    throw new InputError(
      'still_here',
      `<@${personId}> is still in this workspace: they can erase their own data with \`/ledger forget-me\`.`,
    );
}

/** Before the confirmation opens: may this happen, and what would it erase. */
export async function planForget(
  deps: ServiceDeps,
  r: { teamId: string; actorId: string; personId: string },
): Promise<ForgetPlan> {
  await checkMayForget(deps, r.teamId, r.actorId, r.personId);
  return {
    personId: r.personId,
    self: r.personId === r.actorId,
    footprint: await personFootprint(deps.db, r.teamId, r.personId),
  };
}

/** Confirmed: one audited erasure, in one transaction. A second confirmation changes nothing. */
export async function forget(
  deps: ServiceDeps,
  r: { teamId: string; actorId: string; personId: string },
): Promise<{ erased: boolean }> {
  await checkMayForget(deps, r.teamId, r.actorId, r.personId);
  const at = deps.clock.now();
  const n = await deps.db.transaction((tx) =>
    forgetPerson(tx, {
      teamId: r.teamId,
      personId: r.personId,
      marker: `${FORGOTTEN_PREFIX}${randomUUID()}`,
      by: r.actorId === r.personId ? 'self' : r.actorId,
      at,
    }),
  );
  // who did it is logged, whom only as "themselves" or "someone who left" — the id is what was erased
  deps.log.info(
    { teamId: r.teamId, by: r.personId === r.actorId ? 'self' : r.actorId, rows: n },
    'person forgotten',
  );
  return { erased: n > 0 };
}
