/**
 * Slack stand-in: a local Web API + response_url server that answers like Slack, for end-to-end tests
 * and the browser sandbox. Product code never imports this (it only ever sees a `slackApiUrl`).
 *
 * Typical end-to-end use:
 *
 *   const standIn = await startSlackStandIn();
 *   const app = new App({ token: 'xoxb-test', signingSecret,
 *     clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } } });
 *   const slack = createSlackSender({ appUrl, signingSecret, standIn });   // ../slack-client
 *   await slack.command({ command: '/delegate', text: '…', userId: 'U0ALICE01', channelId: 'C0GENERAL' });
 *   const modal = await standIn.waitFor((s) => s.openModal('U0ALICE01'));
 *   await slack.viewSubmission({ userId: 'U0ALICE01', inputs: { task: 'Write the doc', owner: 'U0BOB0001' } });
 *   await standIn.waitFor((s) => s.dmsTo('U0BOB0001').find((m) => m.text.includes('Write the doc')));
 *
 * Faults: `standIn.failNext('chat.postMessage', 2, { status: 500 })` (method `'*'` matches any method,
 * `'response_url'` matches response_url posts).
 */
export { startSlackStandIn, RESPONSE_URL_METHOD } from './standIn';
export {
  validateMessageBlocks,
  validateView,
  formatIssue,
  BLOCK_KIT_LIMITS,
  type BlockKitIssue,
} from './blockKitLimits';
export {
  DEFAULT_USERS,
  DEFAULT_CHANNELS,
  TRIGGER_TTL_MS,
  RESPONSE_URL_MAX_USES,
  RESPONSE_URL_TTL_MS,
} from './workspace';
export type * from './types';
export type { JsonObject, JsonValue } from './json';
