import type { App } from '@slack/bolt';
import { Actions, Commands, DelegateFields, Shortcuts, Views } from '../slack/ids';
import { delegateThisShortcut } from './shortcuts/delegate-this';
import { newDelegationShortcut, newPromiseShortcut } from './shortcuts/new-work';
import { promiseThisShortcut } from './shortcuts/promise-this';
import { awayMoveAction } from './actions/away-move-promises';
import { commitmentConfirmAction } from './actions/commitment-confirm';
import { commitmentDoneAction } from './actions/commitment-done';
import { moveButtonAction } from './actions/commitment-move';
import { ownMissButtonAction } from './actions/commitment-own-miss';
import { delegateFormChangeAction } from './actions/delegate-form-change';
import { openDelegateModalAction } from './actions/open-delegate-modal';
import { commitmentNotYetAction } from './actions/commitment-not-yet';
import { commitmentReleaseAction } from './actions/commitment-release';
import { acceptAction } from './actions/delegation-accept';
import { delegationCancelAction } from './actions/delegation-cancel';
import { delegationEditAction } from './actions/delegation-edit';
import { delegationReassignAction } from './actions/delegation-reassign';
import { addBufferAction } from './actions/delegation-add-buffer';
import { requestChangeAction } from './actions/delegation-request-change';
import { snoozeAction } from './actions/nudge-snooze';
import { homeReminderSetAction } from './actions/home-reminder-set';
import { openCommitModalAction } from './actions/open-commit-modal';
import { acknowledgeAction } from './actions/outcome-acknowledge';
import { addLessonAction } from './actions/outcome-add-lesson';
import { outcomeLossAction } from './actions/outcome-loss';
import { outcomeWinAction } from './actions/outcome-win';
import { retroLessonAction } from './actions/retro-add-lesson';
import { commitCommand } from './commands/commit';
import { delegateCommand } from './commands/delegate';
import { ledgerCommand } from './commands/ledger';
import { outcomeCommand } from './commands/outcome';
import { ritualCommand } from './commands/ritual';
import type { AppDeps } from './deps';
import { appHomeOpened } from './events/app-home-opened';
import { appUninstalled, tokensRevoked } from './events/uninstall';
import { registerFunctions } from './functions';
import { acknowledgeSubmit } from './modals/acknowledge';
import { addBufferSubmit } from './modals/add-buffer';
import { cancelDelegationSubmit } from './modals/cancel-delegation';
import { changeRequestSubmit } from './modals/change-request';
import { commitModalSubmit } from './modals/commit';
import { delegateModalSubmit } from './modals/delegate';
import { editDelegationSubmit } from './modals/edit-delegation';
import { lessonModalSubmit } from './modals/lesson';
import { moveModalSubmit } from './modals/move';
import { ownMissModalSubmit } from './modals/own-miss';
import { forgetMeSubmit } from './modals/forget-me';
import { reassignSubmit } from './modals/reassign';
import { retroLessonSubmit } from './modals/retro-lesson';

/** Every Slack callback Trustloop answers, one listener (and one file) each; the listeners stay thin. */
export function registerListeners(app: App, deps: AppDeps): void {
  app.command(Commands.delegate, delegateCommand(deps));
  app.command(Commands.outcome, outcomeCommand(deps));
  app.command(Commands.commit, commitCommand(deps));
  app.command(Commands.ledger, ledgerCommand(deps));
  app.command(Commands.ritual, ritualCommand(deps));

  app.action(Actions.delegationAccept, acceptAction(deps));
  app.action(Actions.delegationRequestChange, requestChangeAction(deps));
  app.action(Actions.delegationAddBuffer, addBufferAction(deps));
  app.action(Actions.delegationEdit, delegationEditAction(deps));
  app.action(Actions.delegationReassign, delegationReassignAction(deps));
  app.action(Actions.delegationCancel, delegationCancelAction(deps));
  app.action(Actions.outcomeWin, outcomeWinAction(deps));
  app.action(Actions.outcomeLoss, outcomeLossAction(deps));
  app.action(Actions.addLesson, addLessonAction(deps));
  app.action(Actions.commitmentDone, commitmentDoneAction(deps));
  app.action(Actions.commitmentConfirm, commitmentConfirmAction(deps));
  app.action(Actions.commitmentNotYet, commitmentNotYetAction(deps));
  app.action(Actions.commitmentRelease, commitmentReleaseAction(deps));
  app.action(Actions.commitmentMove, moveButtonAction(deps));
  app.action(Actions.commitmentOwnMiss, ownMissButtonAction(deps));
  app.action(
    {
      type: 'block_actions',
      callback_id: Views.delegate,
      action_id: new RegExp(`^(${DelegateFields.person}|${DelegateFields.stakes})$`),
    },
    delegateFormChangeAction(deps),
  );
  app.action(Actions.openCommitModal, openCommitModalAction(deps));
  app.action(Actions.openDelegateModal, openDelegateModalAction(deps));
  app.action(Actions.snooze, snoozeAction(deps));
  // one button per kind, each with its own action_id (Slack wants them unique within a block)
  app.action(new RegExp(`^${Actions.homeReminderSet}_[a-z]+$`), homeReminderSetAction(deps));
  app.action(Actions.acknowledgeOutcome, acknowledgeAction(deps));
  app.action(Actions.retroAddLesson, retroLessonAction(deps));
  app.action(Actions.awayMovePromises, awayMoveAction(deps));

  app.shortcut(Shortcuts.delegateThis, delegateThisShortcut(deps));
  app.shortcut(Shortcuts.promiseThis, promiseThisShortcut(deps));
  app.shortcut(Shortcuts.newDelegation, newDelegationShortcut(deps));
  app.shortcut(Shortcuts.newPromise, newPromiseShortcut(deps));

  app.view(Views.delegate, delegateModalSubmit(deps));
  app.view(Views.lesson, lessonModalSubmit(deps));
  app.view(Views.changeRequest, changeRequestSubmit(deps));
  app.view(Views.addBuffer, addBufferSubmit(deps));
  app.view(Views.editDelegation, editDelegationSubmit(deps));
  app.view(Views.reassign, reassignSubmit(deps));
  app.view(Views.cancelDelegation, cancelDelegationSubmit(deps));
  app.view(Views.commit, commitModalSubmit(deps));
  app.view(Views.move, moveModalSubmit(deps));
  app.view(Views.ownMiss, ownMissModalSubmit(deps));
  app.view(Views.forgetMe, forgetMeSubmit(deps));
  app.view(Views.acknowledge, acknowledgeSubmit(deps));
  app.view(Views.retroLesson, retroLessonSubmit(deps));

  app.event('app_home_opened', appHomeOpened(deps));
  app.event('app_uninstalled', appUninstalled(deps));
  app.event('tokens_revoked', tokensRevoked(deps));

  registerFunctions(app, deps);
}
