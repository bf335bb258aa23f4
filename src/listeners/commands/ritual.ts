import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { memberOf } from '../../services/members';
import { changeRitual, configureRitual, ritualsIn } from '../../services/rituals';
import { parseMySettings } from '../../services/schedule/personal-hours';
import { parseRitualSchedule } from '../../services/schedule/ritual-schedule';
import { applyMySettings } from '../../services/settings';
import { Actions } from '../../slack/ids';
import { commitmentRef, localDateTime } from '../../views/format';
import { notice, section, type MessageView } from '../../views/message';
import { RITUAL_USAGE } from '../../views/rituals';
import { answerCommand } from '../answer';
import type { AppDeps } from '../deps';
import { CommandPayload } from '../payloads';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

const KINDS = ['retro', 'digest'] as const;
const isKind = (w: string | undefined): w is (typeof KINDS)[number] =>
  (KINDS as readonly string[]).includes(w ?? '');

/** `/ritual retro every Friday 16:00`, `/ritual list|pause|resume|off <kind>`, `/ritual me …`. */
export const ritualCommand =
  (deps: AppDeps) =>
  async ({ ack, command, respond }: Args): Promise<void> => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: `I couldn't read that command.\n${RITUAL_USAGE}` });
      return;
    }
    const c = payload.data;
    const where = { teamId: c.team_id, user: c.user_id, command: '/ritual' };
    await answerCommand(
      { ack, respond, log: deps.log.child({ module: 'ritual' }), where },
      async (): Promise<MessageView> => {
        const text = c.text.trim();
        const [first, second, ...rest] = text.split(/\s+/);
        const word = (first ?? '').toLowerCase();
        if (text === '' || word === 'help') return notice(RITUAL_USAGE);
        if (word === 'list') return ritualsIn(deps, c.team_id, c.channel_id);
        if (word === 'me') {
          const me = await memberOf(deps, c.team_id, c.user_id);
          const parsed = parseMySettings(
            [second, ...rest].filter(Boolean).join(' '),
            deps.clock.now(),
            me.tz,
          );
          if (!parsed.ok) return notice(parsed.error.message);
          const r = await applyMySettings(deps, c.team_id, c.user_id, parsed.value);
          const blocks: KnownBlock[] = [section(`:white_check_mark: ${r.summary}`)];
          if (r.away && r.dueWhileAway.length > 0) {
            blocks.push(
              section(
                `While you’re away, ${r.dueWhileAway.length === 1 ? 'this promise falls' : 'these promises fall'} due:\n` +
                  r.dueWhileAway
                    .map((x) => `• *${commitmentRef(x.ref)}* ${x.text} — ${localDateTime(x.dueAt, r.tz)}`)
                    .join('\n') +
                  '\nMove them to after you’re back? It’s a renegotiation made in good time, and the people they’re owed to will be told.',
              ),
              {
                type: 'actions',
                elements: [
                  {
                    type: 'button',
                    action_id: Actions.awayMovePromises,
                    text: { type: 'plain_text', text: 'Move them' },
                    style: 'primary',
                    value: `${r.away.from}:${r.away.until}`,
                  },
                ],
              },
            );
          }
          return { text: r.summary, blocks };
        }
        if (['pause', 'resume', 'off', 'stop'].includes(word)) {
          const kind = (second ?? '').toLowerCase();
          if (!isKind(kind))
            return notice(
              `Which ritual — \`retro\` or \`digest\`? For example \`/ritual ${word === 'stop' ? 'off' : word} retro\`.`,
            );
          return notice(
            await changeRitual(deps, {
              teamId: c.team_id,
              channelId: c.channel_id,
              userId: c.user_id,
              kind,
              action: word === 'stop' ? 'off' : (word as 'pause' | 'resume' | 'off'),
            }),
          );
        }
        if (isKind(word)) {
          const me = await memberOf(deps, c.team_id, c.user_id);
          const parsed = parseRitualSchedule(
            [second, ...rest].filter(Boolean).join(' '),
            deps.clock.now(),
            me.tz,
          );
          if (!parsed.ok) return notice(parsed.error.message);
          return configureRitual(deps, {
            teamId: c.team_id,
            channelId: c.channel_id,
            userId: c.user_id,
            kind: word,
            schedule: parsed.value,
          });
        }
        return notice(`I don’t know the ritual “${first}”.\n${RITUAL_USAGE}`);
      },
    );
  };
