import { z } from 'zod';
import { promiseStep } from '../../services/workflow-steps';
import type { AppDeps } from '../deps';
import { optionalText, stepListener, text } from './step';

/** "Make a promise": the same as `/commit [@who] what by when`, from a workflow. */
export const makePromiseStep = (deps: AppDeps) =>
  stepListener(deps, {
    callbackId: 'make_promise',
    inputs: z.object({ owner: z.string().min(1), counterpart: optionalText, text, due: text }),
    run: (run, i) => promiseStep(deps, run, i),
  });
