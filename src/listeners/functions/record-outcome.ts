import { z } from 'zod';
import { outcomeStep } from '../../services/workflow-steps';
import type { AppDeps } from '../deps';
import { optionalText, stepListener, text } from './step';

/** "Record an outcome": the same as `/outcome D-12 win|loss lesson` or `/outcome C-7 kept|missed`. */
export const recordOutcomeStep = (deps: AppDeps) =>
  stepListener(deps, {
    callbackId: 'record_outcome',
    inputs: z.object({ reference: text, result: text, lesson: optionalText }),
    run: (run, i) => outcomeStep(deps, run, i),
  });
