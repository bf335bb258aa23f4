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
 *
 * Several workspaces: `standIn.addWorkspace({ teamId: 'T0TEAM2', enterpriseId? })`, then
 * `createSlackSender({ …, teamId: 'T0TEAM2' })` and `standIn.workspace('T0TEAM2').dmsTo(…)`. With
 * `strictTokens: true` only tokens the stand-in issued work (OAuth via `oauth` options and
 * `runInstallFlow`, or `standIn.install(…)` directly), and every recorded call says which token and
 * workspace it used (`call.token`, `call.teamId`, `call.installationKey`).
 *
 * Socket Mode: `appToken: 'xapp-…'`; Bolt's SocketModeReceiver connects through apps.connections.open;
 * `createSlackSender({ transport: 'socket', … })` sends the same requests as envelopes.
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
export { DEFAULT_CODE_TTL_MS, DEFAULT_TOKEN_LIFETIME_SEC } from './oauth';
export type * from './types';
export type { JsonObject, JsonValue } from './json';
