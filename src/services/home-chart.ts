/**
 * The Home tab's chart: what it shows (8 weeks of the person's say/do and their team's outcomes), and
 * whether the picture already uploaded still shows exactly that, today. A Home open never draws: it
 * shows the cached picture, or the text alone while the picture is drawn and uploaded by the delivery
 * loop (messages/home-chart.ts), after which the Home is published again with it.
 */
import { DateTime } from 'luxon';
import { chartHash, chartIsEmpty, type ChartData } from '../charts/say-do-chart';
import { cachedChart, chartWeeks } from '../db/charts';
import { WINDOW_WEEKS } from './say-do';
import type { ServiceDeps } from './ports';

export interface HomeChart {
  data: ChartData;
  hash: string;
  /** Today in the person's time zone: a picture is drawn at most once a day. */
  day: string;
  /** Nothing happened in the 8 weeks: no picture (the text says so). */
  empty: boolean;
  /** The uploaded picture when it shows these numbers and was drawn today; null when it must be drawn. */
  fileId: string | null;
}

export async function homeChart(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
  tz: string,
): Promise<HomeChart> {
  const now = deps.clock.now();
  const [rows, cached] = await Promise.all([
    chartWeeks(deps.db, teamId, userId, now, WINDOW_WEEKS),
    cachedChart(deps.db, teamId, userId),
  ]);
  const local = DateTime.fromJSDate(now, { zone: tz });
  const data: ChartData = {
    weeks: rows.map((r) => ({
      // the week (the 7 days up to now, and each 7 before) by its first day
      label: local.minus({ days: 7 * r.weeks_ago + 6 }).toFormat('LLL d'),
      keptOnTime: r.kept_on_time,
      keptLate: r.kept_late,
      moved: r.moved,
      missed: r.missed,
      wins: r.wins,
      losses: r.losses,
    })),
  };
  const hash = chartHash(data);
  const day = local.toISODate() ?? now.toISOString().slice(0, 10);
  const fresh = cached !== null && cached.dataHash === hash && cached.renderedDay === day;
  return { data, hash, day, empty: chartIsEmpty(data), fileId: fresh ? cached.fileId : null };
}
