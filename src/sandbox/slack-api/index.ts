/**
 * Slack stand-in: a local Web API + response_url server that answers like Slack, for end-to-end tests
 * and the browser sandbox. Product code never imports this (it only ever sees a `slackApiUrl`).
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
