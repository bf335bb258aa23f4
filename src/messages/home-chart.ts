/**
 * The Home chart's picture, drawn and uploaded by the delivery loop — never inside a Slack request.
 * Queued when a Home is published without a picture that shows today's numbers (messages/home.ts);
 * once Slack has the file, its id is kept (db/charts.ts) and the Home is published again with it.
 */
import { z } from 'zod';
import { chartAltText, chartPng } from '../charts/say-do-chart';
import { saveChart } from '../db/charts';
import { clearPace, enqueueMessages } from '../db/outbox';
import { homeChart, type HomeChart } from '../services/home-chart';
import { memberOf } from '../services/members';
import type { ServiceDeps } from '../services/ports';
import { defineKind } from './kit';

const Payload = z.object({ user_id: z.string(), hash: z.string(), day: z.string() });

/** Slack's answer to files.uploadV2 (the client's helper): one completeUploadExternal answer per file. */
const Uploaded = z.looseObject({
  files: z.array(z.looseObject({ files: z.array(z.looseObject({ id: z.string() })).min(1) })).min(1),
});

export const homeChartMessage = defineKind(
  'home_chart',
  'files.uploadV2',
  Payload,
  async (p, { deps, teamId }) => {
    const me = await memberOf(deps, teamId, p.user_id);
    const chart = await homeChart(deps, teamId, p.user_id, me.tz);
    // already drawn, or the numbers moved on since it was queued (a newer row draws those)
    if (chart.fileId !== null || chart.empty || chart.hash !== p.hash) return null;
    return {
      method: 'files.uploadV2',
      args: {
        file: await chartPng(chart.data),
        filename: `trustloop-chart-${p.day}-${p.hash}.png`,
        title: 'Your last 8 weeks',
        alt_text: chartAltText(chart.data),
      },
    };
  },
  async (p, { deps, teamId }, response) => {
    const fileId = Uploaded.parse(response).files[0].files[0].id;
    await deps.db.transaction(async (tx) => {
      await saveChart(tx, {
        teamId,
        userId: p.user_id,
        dataHash: p.hash,
        renderedDay: p.day,
        fileId,
        at: deps.clock.now(),
      });
      // the person is looking at their Home: it shows the picture now, not after the usual pacing
      await clearPace(tx, teamId, `home:${p.user_id}`);
      await enqueueMessages(tx, [], [{ teamId, userId: p.user_id }], deps.clock.now());
    });
    deps.wakeDelivery();
  },
);

/** Queues the picture's drawing when the Home is published without it; at most one per numbers and day. */
export async function queueChartIfStale(deps: ServiceDeps, teamId: string, userId: string, chart: HomeChart) {
  if (chart.fileId !== null || chart.empty) return;
  const planned = homeChartMessage.queue(
    { user_id: userId, hash: chart.hash, day: chart.day },
    {
      key: `home_chart:${userId}:${chart.day}:${chart.hash}`,
      to: `chart:${userId}`,
      notBefore: deps.clock.now(),
    },
  );
  await enqueueMessages(deps.db, [{ ...planned, teamId }]);
  deps.wakeDelivery();
}
