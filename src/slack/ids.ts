/**
 * Every action_id, callback_id and block_id Trustloop uses, in one place, snake_case.
 * Slack limits each to 255 characters.
 */
export const Commands = {
  delegate: '/delegate',
  outcome: '/outcome',
  commit: '/commit',
  ledger: '/ledger',
  ritual: '/ritual',
} as const;

export const Actions = {
  delegationAccept: 'delegation_accept',
  delegationRequestChange: 'delegation_request_change',
  outcomeWin: 'outcome_win',
  outcomeLoss: 'outcome_loss',
  addLesson: 'outcome_add_lesson',
  openDelegateModal: 'open_delegate_modal',
  commitmentDone: 'commitment_done',
  commitmentMove: 'commitment_move',
  commitmentConfirm: 'commitment_confirm',
  commitmentNotYet: 'commitment_not_yet',
  commitmentRelease: 'commitment_release',
  snooze: 'nudge_snooze',
  acknowledgeOutcome: 'outcome_acknowledge',
  retroAddLesson: 'retro_add_lesson',
  openCommitModal: 'open_commit_modal',
  awayMovePromises: 'away_move_promises',
  delegationAddBuffer: 'delegation_add_buffer',
  commitmentOwnMiss: 'commitment_own_miss',
  delegationEdit: 'delegation_edit',
  delegationReassign: 'delegation_reassign',
  delegationCancel: 'delegation_cancel',
  homeReminderSet: 'home_reminder_set',
} as const;

/** Message shortcuts ("⋯" on a message) and global shortcuts (the lightning menu), by callback_id. */
export const Shortcuts = {
  delegateThis: 'delegate_this',
  promiseThis: 'promise_this',
  newDelegation: 'new_delegation',
  newPromise: 'new_promise',
} as const;

export const Views = {
  delegate: 'delegate_modal',
  lesson: 'lesson_modal',
  changeRequest: 'change_request_modal',
  commit: 'commit_modal',
  move: 'move_modal',
  acknowledge: 'acknowledge_modal',
  retroLesson: 'retro_lesson_modal',
  addBuffer: 'add_buffer_modal',
  editDelegation: 'edit_delegation_modal',
  reassign: 'reassign_modal',
  cancelDelegation: 'cancel_delegation_modal',
  ownMiss: 'own_miss_modal',
  forgetMe: 'forget_me_modal',
} as const;

/** Blocks of the /delegate modal: the block_id names the field a validation error is shown under. */
export const DelegateFields = {
  person: 'person',
  task: 'task',
  success: 'success',
  stakes: 'stakes',
  due: 'due',
  dueTime: 'due_time',
  buffer: 'buffer',
  promises: 'promises',
  channel: 'channel',
} as const;

export const LessonFields = { lesson: 'lesson' } as const;
export const ChangeRequestFields = { note: 'note' } as const;
export const BufferFields = { buffer: 'buffer' } as const;
export const CommitFields = { what: 'what', person: 'person', due: 'due' } as const;
export const MoveFields = { when: 'when', reason: 'reason' } as const;
export const AckFields = { note: 'note' } as const;
export const RetroLessonFields = { lesson: 'lesson' } as const;
export const EditFields = {
  task: 'task',
  success: 'success',
  stakes: 'stakes',
  due: 'due',
  buffer: 'buffer',
  promises: 'promises',
} as const;
export const ReassignFields = { person: 'person' } as const;
export const CancelFields = { reason: 'reason' } as const;
export const OwnMissFields = { note: 'note' } as const;
