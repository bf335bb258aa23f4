import { z } from 'zod';
import { delegateFormShape } from '../../services/delegations/delegate';
import { DelegateFields } from '../../slack/ids';
import { delegateModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { formChange } from '../kit';
import { field } from '../modals/state';

const Meta = z.object({ channelId: z.string().min(1), responseUrl: z.string().optional() });

/**
 * Who or Stakes changed in the open /delegate form: yourself or a bot is answered under Who at once,
 * and the safety net is marked required as soon as the work is a step up for the person picked.
 */
export const delegateFormChangeAction = (deps: AppDeps) =>
  formChange(deps, {
    name: 'delegate_form_change',
    meta: Meta,
    render: async ({ teamId, userId, state, meta }) => {
      const stakes = field(state, DelegateFields.stakes)?.selected_option?.value ?? 'small';
      const shape = await delegateFormShape(deps, {
        teamId,
        leaderId: userId,
        assigneeId: field(state, DelegateFields.person)?.selected_user ?? null,
        stakes,
      });
      const date = field(state, DelegateFields.due)?.selected_date ?? '';
      return delegateModal(meta, date, { ...shape, stakes });
    },
  });
