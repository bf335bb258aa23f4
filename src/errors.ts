/**
 * Errors that carry a stable `code` and a message written for the person in Slack.
 * Services return or throw these; listeners show `userMessage` and never a stack trace.
 */
export class AppError extends Error {
  /** The modal field the message belongs under, when the input came from a modal. */
  readonly field: string | undefined;
  constructor(
    readonly code: string,
    readonly userMessage: string,
    options?: { cause?: unknown; field?: string },
  ) {
    super(`${code}: ${userMessage}`, options);
    this.field = options?.field;
    this.name = new.target.name;
  }
}

/** Bad input from a person: answered with the message and the right usage; nothing changes. */
export class InputError extends AppError {}

/** The person may not do this (e.g. closing someone else's delegation). */
export class ForbiddenError extends AppError {}

/** A reference that does not exist in this workspace, or is already closed. */
export class NotFoundError extends AppError {}

/** A dependency (the database, Slack) is briefly unavailable: the person is asked to try again. */
export class UnavailableError extends AppError {
  constructor(cause?: unknown) {
    super(
      'unavailable',
      "I couldn't save that just now — my database is taking a short break. Nothing was changed; please try again in a moment.",
      { cause },
    );
  }
}

/** Configuration problems found at start-up: one line per bad variable, then exit non-zero. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
