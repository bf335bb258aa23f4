/**
 * The lengths Trustloop refuses past, in visible characters (README "Limits we chose"). Slack cuts or
 * refuses long text in notifications, section fields and modals, so we say so first, clearly.
 */
export const TEXT_LIMITS = {
  /** A delegated task, as echoed in reminders, the channel and the Home tab. */
  title: 300,
  success: 1000,
  buffer: 1000,
  lesson: 1000,
  /** A promise's text. */
  promise: 300,
  /** The delegate form's promises field: one promise per line. */
  promises: 1000,
  /** A note: a change request, an acknowledgement, a retro lesson, a reason for a move. */
  note: 1000,
  /** Why a promise moved (the Move form). */
  reason: 500,
  /** A new date in words (the Move form). */
  when: 100,
  /** The whole text of a slash command. */
  command: 2000,
} as const;

/** At most this many of the leader's own promises are read from one delegation. */
export const MAX_PROMISES_PER_DELEGATION = 10;
