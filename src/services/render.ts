import type { OutboxRow } from '../db/outbox';
import { renderHome } from './home';
import { renderNudge, renderWeekly } from './nudges';
import type { ServiceDeps } from './ports';

/** Messages rendered when they are sent, by kind (see jobs/deliver.ts). */
export async function renderAtSend(
  deps: ServiceDeps,
  row: OutboxRow,
): Promise<Record<string, unknown> | null> {
  switch (row.kind) {
    case 'home':
      return {
        user_id: String(row.payload.user_id),
        view: await renderHome(deps, row.team_id, String(row.payload.user_id)),
      };
    case 'nudge':
      return renderNudge(deps, row);
    case 'weekly':
      return renderWeekly(deps, row);
    default:
      return row.payload;
  }
}
