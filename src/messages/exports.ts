/**
 * An export: the requester's data (or the workspace's, for an admin) as a CSV file in their DM with
 * Trustloop. Produced when it is sent — by the delivery loop, never inside a Slack request — so a
 * large export costs no one a 3-second deadline.
 */
import { z } from 'zod';
import { exportData } from '../db/export';
import { exportCsv } from '../views/export-csv';
import { exportComment } from '../views/privacy';
import { defineKind, type Routes } from './kit';

export const exportMessage = defineKind(
  'export',
  'files.uploadV2',
  z.object({ userId: z.string(), scope: z.enum(['self', 'workspace']), tz: z.string(), at: z.string() }),
  async (p, ctx) => {
    const data = await exportData(ctx.deps.db, ctx.teamId, p.scope === 'self' ? p.userId : null);
    const rows = data.delegations.length + data.commitments.length + data.entries.length;
    const day = p.at.slice(0, 10);
    return {
      method: 'files.uploadV2',
      args: {
        channel_id: p.userId,
        filename:
          p.scope === 'self' ? `trustloop-export-${day}.csv` : `trustloop-workspace-export-${day}.csv`,
        title: p.scope === 'self' ? 'Your Trustloop data' : 'This workspace’s Trustloop data',
        content: exportCsv(data, p.tz),
        initial_comment: exportComment(p.scope, rows, p.tz),
      },
    };
  },
);

export const exportKinds = [exportMessage];

export const exportRoutes: Routes<'export_requested'> = {
  export_requested: ({ userId, scope, tz, requestKey }, { now }) => ({
    messages: [
      exportMessage.queue(
        { userId, scope, tz, at: now.toISOString() },
        { key: `export:${userId}:${requestKey}`, to: userId, notBefore: now },
      ),
    ],
    homes: [],
  }),
};
