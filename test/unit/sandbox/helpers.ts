/** Shared helpers for the Slack stand-in tests: a movable clock and typed error capture. */
import { LogLevel, WebAPIPlatformError, WebClient, type Logger } from '@slack/web-api';
import type { SlackStandIn } from '../../../src/sandbox/slack-api';

/** A clock the test moves by hand: trigger expiry and rate windows without sleeping. */
export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** WebClient logs `response_metadata.messages` of failed calls at error level; tests expect those. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A real WebClient pointed at the stand-in; no retries so failures surface at once. `null`: no token. */
export function clientFor(standIn: SlackStandIn, token: string | null = 'xoxb-test'): WebClient {
  return new WebClient(token ?? undefined, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentLogger,
  });
}

/** Awaits a call expected to fail with `ok:false` and returns WebClient's platform error. */
export async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof WebAPIPlatformError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with a platform error');
}

/** Awaits a promise expected to reject, returning the rejection. */
export async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
