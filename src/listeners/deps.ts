import type { ServiceDeps } from '../services/ports';

/** What listeners receive: the services' dependencies (no Slack client — Bolt hands one per request). */
export type AppDeps = ServiceDeps;
