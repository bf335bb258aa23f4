import { ledgerFor, LEDGER_USAGE } from '../../services/ledger-summary';
import { ledgerAggregateMessage, ledgerMessage } from '../../views/home';
import { notice } from '../../views/message';
import { ledgerMirrorMessage } from '../../views/team';
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
      if (r.kind === 'mirror') return ledgerMirrorMessage(r.row, r.figures, r.tz);
      return r.kind === 'own' ? ledgerMessage(r.summary) : ledgerAggregateMessage(r.userId, r.figures);
    },
  });
