import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { requestHomeRefresh } from '../../services/home';
import type { AppDeps } from '../deps';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>;

/** Opening the Home tab publishes a fresh view (through the outbox, so it is rendered once and retried). */
export const appHomeOpened =
  (deps: AppDeps) =>
  async ({ event, body }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id;
    if (!teamId) return;
    await requestHomeRefresh(deps, teamId, event.user).catch((err: unknown) =>
      deps.log.warn({ err, teamId, user: event.user }, 'could not refresh the Home tab'),
    );
  };
