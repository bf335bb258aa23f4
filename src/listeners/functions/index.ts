import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps';
import { delegateWorkStep } from './delegate-work';
import { makePromiseStep } from './make-promise';
import { recordOutcomeStep } from './record-outcome';
import { sayDoSummaryStep } from './say-do-summary';

/** The Workflow Builder custom steps (manifest `functions`), one listener each. */
export function registerFunctions(app: App, deps: AppDeps): void {
  app.function('delegate_work', delegateWorkStep(deps));
  app.function('make_promise', makePromiseStep(deps));
  app.function('record_outcome', recordOutcomeStep(deps));
  app.function('say_do_summary', sayDoSummaryStep(deps));
}
