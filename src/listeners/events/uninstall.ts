import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps, WorkspaceRef } from '../deps';

/**
 * `app_uninstalled` and `tokens_revoked` (Slack sends both when the app is removed, in either order;
 * Bolt does not authorise them, the token being gone). Either one stops the workspace at once; the
 * second finds it stopped already. A `tokens_revoked` naming only people's user tokens leaves the bot's.
 */
const Envelope = z.object({
  team_id: z.string().min(1).max(64).optional(),
  enterprise_id: z.string().min(1).max(64).nullable().optional(),
  is_enterprise_install: z.boolean().optional(),
});
const Revoked = z.object({
  tokens: z
    .object({
      oauth: z.array(z.string().max(64)).max(1000).optional(),
      bot: z.array(z.string().max(64)).max(1000).optional(),
    })
    .default({}),
});

function workspaceOf(body: unknown): WorkspaceRef | null {
  const e = Envelope.safeParse(body);
  if (!e.success || (!e.data.team_id && !e.data.enterprise_id)) return null;
  return {
    teamId: e.data.team_id,
    enterpriseId: e.data.enterprise_id ?? undefined,
    isEnterpriseInstall: e.data.is_enterprise_install === true,
  };
}

export const appUninstalled =
  (deps: AppDeps) =>
  async ({ body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_uninstalled'>): Promise<void> => {
    const q = workspaceOf(body);
    if (!q) return;
    await deps.workspaces
      .stop(q, 'app_uninstalled')
      .catch((err: unknown) =>
        deps.log.error({ err, ...q }, 'could not stop serving an uninstalled workspace'),
      );
  };

export const tokensRevoked =
  (deps: AppDeps) =>
  async ({ body, event }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'tokens_revoked'>): Promise<void> => {
    const q = workspaceOf(body);
    const r = Revoked.safeParse(event);
    if (!q || !r.success) return;
    try {
      if ((r.data.tokens.bot ?? []).length > 0) await deps.workspaces.stop(q, 'tokens_revoked');
      else if ((r.data.tokens.oauth ?? []).length > 0)
        await deps.workspaces.userTokensRevoked?.(q, r.data.tokens.oauth ?? []);
    } catch (err) {
      deps.log.error({ err, ...q }, 'could not act on revoked tokens');
    }
  };
