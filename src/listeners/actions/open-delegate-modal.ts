import { z } from 'zod';
import { delegateFormShape } from '../../services/delegations/delegate';
import { memberOf } from '../../services/members';
import { STAKES } from '../../domain/stakes';
import { delegateModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { blockAction, formDateIn } from '../kit';

/** "U123|medium|C456": whom, at which stakes, celebrated in which channel. */
const Bigger = z
  .string()
  .transform((v) => v.split('|'))
  .pipe(z.tuple([z.string().regex(/^[UW][A-Z0-9]+$/), z.enum(STAKES), z.string().regex(/^[CGD][A-Z0-9]+$/)]));

/**
 * "Delegate something bigger" on a leader's team row: the form opens for that person at the next
 * stakes level, with the safety net already asked for.
 */
export const openDelegateModalAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'open_delegate_modal',
    run: async (a, { openModal }) => {
      const parsed = Bigger.safeParse(a.value ?? '');
      if (!parsed.success) throw new Error('unreadable "Delegate something bigger" value');
      const [personId, stakes, channelId] = parsed.data;
      const [me, shape] = await Promise.all([
        memberOf(deps, a.teamId, a.userId),
        delegateFormShape(deps, { teamId: a.teamId, leaderId: a.userId, assigneeId: personId, stakes }),
      ]);
      const inAWeek = formDateIn(deps.clock.now(), me.tz, 7);
      await openModal(delegateModal({ channelId }, inAWeek, { ...shape, personId, stakes }));
    },
  });
