import type { App } from '@slack/bolt';
import { Actions, Commands, Views } from '../slack/ids';
import type { AppDeps } from './deps';
import { delegateCommand } from './commands/delegate';
import { outcomeCommand } from './commands/outcome';
import { commitCommand } from './commands/commit';
import { ledgerCommand } from './commands/ledger';
import {
  acceptAction,
  addBufferAction,
  outcomeButtonAction,
  requestChangeAction,
} from './actions/delegation';
import { commitmentButtonAction, moveButtonAction, openCommitModalAction } from './actions/commitment';
import { delegateModalSubmit } from './views/delegate-modal';
import { addBufferSubmit, changeRequestSubmit, lessonModalSubmit } from './views/lesson-modal';
import { commitModalSubmit, moveModalSubmit } from './views/commitment-modals';
import { appHomeOpened } from './events/app-home-opened';
import { ritualCommand } from './commands/ritual';
import { acknowledgeAction, awayMoveAction, retroLessonAction, snoozeAction } from './actions/nudges';
import { acknowledgeSubmit, retroLessonSubmit } from './views/ritual-modals';

/** Every Slack callback Trustloop answers, one listener each; the listeners stay thin. */
export function registerListeners(app: App, deps: AppDeps): void {
  app.command(Commands.delegate, delegateCommand(deps));
  app.command(Commands.outcome, outcomeCommand(deps));
  app.command(Commands.commit, commitCommand(deps));
  app.command(Commands.ledger, ledgerCommand(deps));
  app.command(Commands.ritual, ritualCommand(deps));

  app.action(Actions.delegationAccept, acceptAction(deps));
  app.action(Actions.delegationRequestChange, requestChangeAction(deps));
  app.action(Actions.delegationAddBuffer, addBufferAction(deps));
  app.action(Actions.outcomeWin, outcomeButtonAction(deps, 'win'));
  app.action(Actions.outcomeLoss, outcomeButtonAction(deps, 'loss'));
  app.action(Actions.addLesson, outcomeButtonAction(deps, 'from_value'));
  app.action(Actions.commitmentDone, commitmentButtonAction(deps, 'done'));
  app.action(Actions.commitmentConfirm, commitmentButtonAction(deps, 'confirm'));
  app.action(Actions.commitmentNotYet, commitmentButtonAction(deps, 'not_yet'));
  app.action(Actions.commitmentRelease, commitmentButtonAction(deps, 'release'));
  app.action(Actions.commitmentMove, moveButtonAction(deps));
  app.action(Actions.openCommitModal, openCommitModalAction(deps));
  app.action(Actions.snooze, snoozeAction(deps));
  app.action(Actions.acknowledgeOutcome, acknowledgeAction(deps));
  app.action(Actions.retroAddLesson, retroLessonAction(deps));
  app.action(Actions.awayMovePromises, awayMoveAction(deps));

  app.view(Views.delegate, delegateModalSubmit(deps));
  app.view(Views.lesson, lessonModalSubmit(deps));
  app.view(Views.changeRequest, changeRequestSubmit(deps));
  app.view(Views.addBuffer, addBufferSubmit(deps));
  app.view(Views.commit, commitModalSubmit(deps));
  app.view(Views.move, moveModalSubmit(deps));
  app.view(Views.acknowledge, acknowledgeSubmit(deps));
  app.view(Views.retroLesson, retroLessonSubmit(deps));

  app.event('app_home_opened', appHomeOpened(deps));
}
