import { ritualFromCommand } from '../../services/ritual-command';
import { localDateTime } from '../../views/format';
import { notice } from '../../views/message';
import { RITUAL_USAGE, ritualChanged, ritualList, ritualSaved, settingsSaved } from '../../views/rituals';
import { holidaysAnswer, remindersAnswer } from '../../views/days-off';
import type { AppDeps } from '../deps';
import { commandListener } from '../kit';

/** `/ritual retro every Friday 16:00`, `/ritual list|pause|resume|off <kind>`, `/ritual me …`. */
export const ritualCommand = (deps: AppDeps) =>
  commandListener(deps, {
    name: '/ritual',
    usage: `\n${RITUAL_USAGE}`,
    answer: async (c) => {
      const r = await ritualFromCommand(deps, {
        teamId: c.teamId,
        channelId: c.channelId,
        userId: c.userId,
        text: c.text,
      });
      switch (r.kind) {
        case 'help':
          return notice(RITUAL_USAGE);
        case 'usage':
          return notice(r.message);
        case 'unknown':
          return notice(`I don’t know the ritual “${r.word}”.\n${RITUAL_USAGE}`);
        case 'list':
          return ritualList(r.rituals, r.channelId);
        case 'holidays':
          return holidaysAnswer(r.result);
        case 'reminders':
          return remindersAnswer(r.off, r.changed);
        case 'settings':
          return settingsSaved(r.result);
        case 'changed':
          return ritualChanged(r.change);
        case 'configured':
          return ritualSaved(r.ritual, r.next, `${localDateTime(r.next, r.tz)} (your time)`);
      }
    },
  });
