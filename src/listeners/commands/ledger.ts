import { ledgerFor, LEDGER_USAGE } from '../../services/ledger-summary';
import { ledgerAggregateMessage, ledgerMessage } from '../../views/home';
import { notice } from '../../views/message';
import { ledgerMirrorMessage } from '../../views/team';
import { exportQueued, forgetModal } from '../../views/privacy';
import type { AppDeps } from '../deps';
import { commandListener } from '../kit';

/** `/ledger` (your summary) or `/ledger @lea` (their aggregate figures only). */
export const ledgerCommand = (deps: AppDeps) =>
  commandListener(deps, {
    name: '/ledger',
    usage: LEDGER_USAGE,
    answer: async (c) => {
      const r = await ledgerFor(deps, { teamId: c.teamId, userId: c.userId, text: c.text });
      if (r.kind === 'usage') return notice(r.message);
      if (r.kind === 'export') return notice(exportQueued(r.scope));
      if (r.kind === 'forget') {
        await c.openModal(forgetModal(r.plan));
        return null;
      }
      if (r.kind === 'mirror') return ledgerMirrorMessage(r.row, r.figures, r.tz);
      return r.kind === 'own' ? ledgerMessage(r.summary) : ledgerAggregateMessage(r.userId, r.figures);
    },
  });
