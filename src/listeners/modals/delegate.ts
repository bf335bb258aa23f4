import { z } from 'zod';
import { delegateFromForm } from '../../services/delegations/delegate';
import { DelegateFields } from '../../slack/ids';
import { delegateConfirmation } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { field, textOf } from './state';

const Meta = z.object({
  channelId: z.string().min(1).optional(),
  responseUrl: z.string().optional(),
  sourcePermalink: z.string().url().optional(),
});

/** Submitting the /delegate form: field errors keep it open, as Slack modals do. */
export const delegateModalSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'delegate_modal',
    meta: Meta,
    mainField: DelegateFields.task,
    lost: 'Something in this form got lost on the way. Please close it and type /delegate again.',
    submit: async ({ teamId, userId, state, meta }) => {
      // opened from anywhere (a global shortcut), the form asked where to celebrate it
      const channelId = meta.channelId ?? field(state, DelegateFields.channel)?.selected_conversation ?? null;
      if (!channelId)
        return { errors: { [DelegateFields.channel]: 'Pick the channel that should hear how it went.' } };
      const r = await delegateFromForm(deps, {
        teamId,
        leaderId: userId,
        channelId,
        sourcePermalink: meta.sourcePermalink ?? null,
        form: {
          assigneeId: field(state, DelegateFields.person)?.selected_user ?? null,
          task: textOf(state, DelegateFields.task),
          success: textOf(state, DelegateFields.success),
          buffer: textOf(state, DelegateFields.buffer),
          promises: textOf(state, DelegateFields.promises),
          stakes: field(state, DelegateFields.stakes)?.selected_option?.value ?? 'small',
          date: field(state, DelegateFields.due)?.selected_date ?? null,
        },
      });
      if (r.kind === 'errors') return { errors: r.errors };
      return {
        close: true,
        confirm: { view: delegateConfirmation(r.result), responseUrl: meta.responseUrl },
      };
    },
  });
