import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ledgerSummary, sayDoFigures } from '../../services/ledger-summary';
import { resolvePerson } from '../../services/members';
import { parseLeadingPerson } from '../../services/parse/mention';
import { ledgerAggregateMessage, ledgerMessage } from '../../views/home';
import { notice } from '../../views/message';
import { answerCommand } from '../answer';
import type { AppDeps } from '../deps';
import { CommandPayload } from '../payloads';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

const LEDGER_USAGE = 'Usage: `/ledger` for your own say/do, or `/ledger @person` for someone’s totals.';

/** `/ledger` (your summary) or `/ledger @lea` (their aggregate figures only). */
export const ledgerCommand =
  (deps: AppDeps) =>
  async ({ ack, command, respond }: Args): Promise<void> => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: `I couldn't read that command. ${LEDGER_USAGE}` });
      return;
    }
    const c = payload.data;
    const where = { teamId: c.team_id, user: c.user_id, command: '/ledger' };
    await answerCommand({ ack, respond, log: deps.log.child({ module: 'ledger' }), where }, async () => {
      const text = c.text.trim();
      if (text === '') return ledgerMessage(await ledgerSummary(deps, c.team_id, c.user_id));
      const lead = parseLeadingPerson(text, LEDGER_USAGE);
      if (!lead.ok) return notice(`${lead.error.message}`);
      if (lead.value.rest.trim() !== '') return notice(`I only need the person. ${LEDGER_USAGE}`);
      const person = await resolvePerson(deps, c.team_id, lead.value.person);
      if (person.user_id === c.user_id) return ledgerMessage(await ledgerSummary(deps, c.team_id, c.user_id));
      return ledgerAggregateMessage(person.user_id, await sayDoFigures(deps, c.team_id, person.user_id));
    });
  };
