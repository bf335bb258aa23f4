import { z } from 'zod';
import { sayDoStep } from '../../services/workflow-steps';
import type { AppDeps } from '../deps';
import { stepListener } from './step';

/** "Get a say/do summary": the figures behind `/ledger @person`, as numbers a workflow can branch on. */
export const sayDoSummaryStep = (deps: AppDeps) =>
  stepListener(deps, {
    callbackId: 'say_do_summary',
    inputs: z.object({ person: z.string().min(1) }),
    run: (run, i) => sayDoStep(deps, run, i),
  });
