import { z } from 'zod';
import { delegateStep } from '../../services/workflow-steps';
import type { AppDeps } from '../deps';
import { optionalText, stepListener, text } from './step';

/** "Delegate work": the same as `/delegate @ana task by when`, from a workflow. */
export const delegateWorkStep = (deps: AppDeps) =>
  stepListener(deps, {
    callbackId: 'delegate_work',
    inputs: z.object({
      leader: z.string().min(1),
      assignee: z.string().min(1),
      channel: optionalText,
      task: text,
      due: text,
      stakes: optionalText,
      success: optionalText,
      buffer: optionalText,
    }),
    run: (run, i) => delegateStep(deps, run, i),
  });
