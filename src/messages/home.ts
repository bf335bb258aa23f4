/**
 * The App Home tab: each person's mirror, published again after every change that concerns them and
 * when they open it. Rendered when it is sent, so a burst of changes costs one views.publish showing
 * the latest state (the outbox coalesces refreshes, see db/outbox.ts `enqueueMessages`).
 */
import type { View } from '@slack/types';
import { z } from 'zod';
import type { ServiceDeps } from '../services/ports';
import { clearPace } from '../db/outbox';
import { ledgerSummary } from '../services/ledger-summary';
import { homeView } from '../views/home';
import { homeChart } from '../services/home-chart';
import { queueChartIfStale } from './home-chart';
import { myReminders } from '../services/days-off';
import { defineKind, type Routes } from './kit';

/** A person's Home view as it is now. */
export async function homeViewFor(deps: ServiceDeps, teamId: string, userId: string): Promise<View> {
  const [summary, remindersOff] = await Promise.all([
    ledgerSummary(deps, teamId, userId),
    myReminders(deps, teamId, userId),
  ]);
  // the chart: the cached picture if it shows today's numbers, else the text now and the picture soon
  const chart = await homeChart(deps, teamId, userId, summary.tz);
  await queueChartIfStale(deps, teamId, userId, chart);
  return homeView(summary, chart.fileId ? { fileId: chart.fileId, data: chart.data } : null, remindersOff);
}

export const homeMessage = defineKind(
  'home',
  'views.publish',
  z.object({ user_id: z.string() }),
  async (p, { deps, teamId }) => ({
    method: 'views.publish',
    args: { user_id: p.user_id, view: await homeViewFor(deps, teamId, p.user_id) },
  }),
);

export const homeRoutes: Routes<'home_opened'> = {
  home_opened: async ({ teamId, userId }, { tx }) => {
    // Opening the tab asks for it now: the pacing that coalesces bursts of changes does not apply.
    await clearPace(tx, teamId, `home:${userId}`);
    return { messages: [], homes: [userId] };
  },
};
