import { z } from 'zod';
import { addBuffer } from '../../services/delegations/buffer';
import { BufferFields } from '../../slack/ids';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({ ref: z.number().int().positive() });

/** The safety net, named after delegating. */
export const addBufferSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'add_buffer_modal',
    meta: Meta,
    mainField: BufferFields.buffer,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, state, meta }) => {
      const r = await addBuffer(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        buffer: textOf(state, BufferFields.buffer),
      });
      if ('kind' in r) return { errors: { [BufferFields.buffer]: r.errors.buffer } };
      return { close: true };
    },
  });
