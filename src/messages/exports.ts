/**
 * An export: the requester's data (or the workspace's, for an admin) as a CSV file in their DM with
 * Trustloop. Produced when it is sent — by the delivery loop, never inside a Slack request — so a
 * large export costs no one a 3-second deadline.
 */
import { z } from 'zod';
import { exportData } from '../db/export';
import { exportCsv } from '../views/export-csv';
import { messageByKey } from '../db/outbox';
import { exportComment, exportProgress } from '../views/privacy';
import { defineKind, post, type Routes } from './kit';

const uploadKey = (userId: string, requestKey: string) => `export:${userId}:${requestKey}`;
/** The subject the progress message is updated under once the file has gone. */
export const exportSubject = (requestKey: string) => `export:${requestKey}`;

/**
 * "Putting your data together…", posted to the DM before the file; brought up to date in place after
 * the upload (messages to one conversation go in order), from what became of the upload row.
 */
export const exportProgressMessage = defineKind(
  'export_progress',
  'chat.postMessage',
  z.object({ userId: z.string(), scope: z.enum(['self', 'workspace']), requestKey: z.string() }),
  async (p, ctx) => {
    if (!ctx.updating) return post(p.userId, exportProgress(p.scope, 'preparing'));
    const upload = await messageByKey(ctx.deps.db, ctx.teamId, uploadKey(p.userId, p.requestKey));
    const state =
      upload?.status === 'sent'
        ? 'ready'
        : upload === null || upload.status === 'failed' || upload.status === 'dropped'
          ? 'failed'
          : 'preparing';
    return post(p.userId, exportProgress(p.scope, state));
  },
);

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

export const exportKinds = [exportProgressMessage, exportMessage];

export const exportRoutes: Routes<'export_requested' | 'export_queued'> = {
  export_requested: ({ userId, scope, tz, requestKey }, { now }) => ({
    messages: [
      exportProgressMessage.queue(
        { userId, scope, requestKey },
        {
          key: `export_progress:${userId}:${requestKey}`,
          to: userId,
          notBefore: now,
          subjects: [exportSubject(requestKey)],
        },
      ),
      exportMessage.queue(
        { userId, scope, tz, at: now.toISOString() },
        { key: uploadKey(userId, requestKey), to: userId, notBefore: now },
      ),
    ],
    homes: [],
  }),
  // Announced after export_requested, in the same transaction: the progress message exists by then, so
  // its update is queued behind the upload in the DM, and says what became of it.
  export_queued: ({ requestKey }) => ({ messages: [], homes: [], settle: [exportSubject(requestKey)] }),
};
