import type { Config } from '../config';
import type { Logger } from '../logger';
import { StartupError } from '../runtime';

/**
 * Sandbox mode: the real app against a local stand-in for Slack, with a web page. (Placeholder until
 * the sandbox page lands: explains what to set instead.)
 */
export async function startSandbox(_config: Config, _log: Logger): Promise<{ stop(): Promise<void> }> {
  throw new StartupError(
    'No Slack credentials are set. Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode). See README → Configuration.',
  );
}
