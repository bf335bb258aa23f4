/**
 * Every kind of message Trustloop queues, by its stored name, and how an announcement becomes rows.
 * The kinds themselves live with their loop: delegations.ts, commitments.ts, nudges.ts, rituals.ts,
 * home.ts; a channel message that cannot be posted becomes fallback DMs (fallback.ts).
 */
import type { Announcement } from '../domain/announcements';
import { commitmentKinds, commitmentRoutes } from './commitments';
import { delegationKinds, delegationRoutes } from './delegations';
import { exportKinds, exportRoutes } from './exports';
import { homeChartMessage } from './home-chart';
import { fallbackKinds } from './fallback';
import { homeMessage, homeRoutes } from './home';
import type { Kind, RouteContext, Routed, Routes } from './kit';
import { nudgeKinds, nudgeRoutes } from './nudges';
import { ritualKinds, ritualRoutes } from './rituals';
import { stepKinds, stepRoutes } from './steps';

// Each kind reads its own payload with its own schema before rendering it, so the map can hold them
// under one type.
const ALL = [
  ...delegationKinds,
  ...commitmentKinds,
  ...nudgeKinds,
  ...ritualKinds,
  homeMessage,
  ...fallbackKinds,
  ...exportKinds,
  ...stepKinds,
  homeChartMessage,
] as unknown as Kind<unknown>[];

export const KINDS: ReadonlyMap<string, Kind<unknown>> = new Map(ALL.map((k) => [k.kind, k]));

const ROUTES: Routes<Announcement['type']> = {
  ...delegationRoutes,
  ...commitmentRoutes,
  ...nudgeRoutes,
  ...ritualRoutes,
  ...homeRoutes,
  ...exportRoutes,
  ...stepRoutes,
};

/** What one announcement becomes. */
export function route(a: Announcement, ctx: RouteContext): Routed | Promise<Routed> {
  return (ROUTES[a.type] as (a: Announcement, ctx: RouteContext) => Routed | Promise<Routed>)(a, ctx);
}
