/**
 * `/delegate @ana Draft the Q3 customer survey by Friday stakes medium; I'll review your outline by Wednesday`
 *
 * Reads, in order:
 * 1. the person (first token; see mention.ts),
 * 2. `;`-separated segments that start with "I'll" / "I will" (any apostrophe) — the leader's own
 *    support promises, each with its own optional date (a promise without one gets `due: null`
 *    and the caller asks for it). Other `;` segments stay part of the task.
 * 3. the due date: the last `by <when>` / `due <when>` / `in 3 days` / `within 2 weeks` that reads
 *    as a date (see when.ts). None → a week from today at 17:00 local: a week is long enough for
 *    real work and short enough to keep the loop turning; 17:00 is the end of a working day. We do
 *    not skip weekends, because we don't know this team's working days here — the confirmation
 *    echoes the date, and the person can change it.
 * 4. stakes: `stakes medium`, `stakes:medium`, `stakes=large`, `--stakes large`, any case.
 *    `low` and `high` are accepted as `small` and `large` (people say "low stakes"); anything else
 *    after `stakes:` — or after `stakes ` at the end of the task — is `bad_stakes`. Default `small`:
 *    start small to trust big.
 *
 * The task text is kept exactly as Slack sent it (still `&amp;`-escaped, mentions as `<@U…>`), with
 * control characters removed and whitespace collapsed, so re-posting it is always safe. SQL-looking
 * text, emoji and right-to-left scripts are just text. Limits: the task is at most TASK_MAX
 * characters — it is echoed in reminders, the channel and App Home, and Slack cuts long text in
 * notifications and section fields; details belong in a linked doc or the thread. The whole
 * command is at most TEXT_MAX characters.
 */
import { TEXT_LIMITS } from '../../domain/limits';
import { STAKES, type Stakes } from '../../domain/stakes';
import { endOfWorkingDayIn, type DueErrorCode } from './due';
import { parseLeadingPerson, type MentionErrorCode, type Person } from './mention';
import { fail, ok, type Result } from './result';
import {
  cleanText,
  cut,
  findUnknownFlags,
  maskProtected,
  normalizeKnownDashFlags,
  quote,
  splitSegments,
  trimSeparators,
  visibleLength,
} from './text';
import { extractDueClause } from './when';

/** Longest task, in visible characters. */
export const TASK_MAX = TEXT_LIMITS.title;
/** Longest whole command text, in characters. */
export const TEXT_MAX = TEXT_LIMITS.command;
/** Default due: this many days from today, at the end of the working day. */
export const DEFAULT_DUE_DAYS = 7;

export { STAKES, type Stakes };
export const DEFAULT_STAKES: Stakes = 'small';

export const DELEGATE_USAGE = '`/delegate @person what by when [stakes small|medium|large]`';
const EXAMPLE = '`/delegate @ana Draft the Q3 customer survey by Friday stakes medium`';
const UNDERSTOOD_OPTIONS = ['stakes', 'due', 'by'] as const;

export interface SupportPromise {
  /** What the leader will do, without the "I'll" ("review your outline"). */
  text: string;
  /** When; null when the leader gave no date (the caller asks for one). */
  due: Date | null;
  dueMatched?: string;
}

export interface DelegateCommand {
  person: Person;
  task: string;
  due: Date;
  /** True when no date was given and the default (a week out, 17:00 local) was used. */
  dueWasDefault: boolean;
  /** The date words as typed ("Friday"), when a date was given. */
  dueMatched?: string;
  /**
   * Whether a time of day was given. Without one the due date means the end of the working day of the
   * person who does the work, in their zone: the use case, which knows them, sets the time.
   */
  dueHadTime: boolean;
  stakes: Stakes;
  promises: SupportPromise[];
}

export type DelegateErrorCode =
  | 'empty'
  | 'too_long'
  | MentionErrorCode
  | 'empty_task'
  | 'task_too_long'
  | DueErrorCode
  | 'bad_stakes'
  | 'unknown_flag'
  | 'empty_promise'
  | 'promise_too_long';

const STAKES_ALIASES: Record<string, Stakes> = {
  small: 'small',
  low: 'small',
  medium: 'medium',
  large: 'large',
  high: 'large',
};

const PROMISE_START = /^I(?:['’‘`]ll|\s+will)(?=\s|$)/iu;

export function parseDelegateCommand(
  text: string,
  now: Date,
  tz: string,
): Result<DelegateCommand, DelegateErrorCode> {
  const clean = cleanText(text ?? '');
  if (!clean) {
    return fail('empty', `Who would you like to trust with what? Try ${EXAMPLE}.`);
  }
  const length = [...clean].length;
  if (length > TEXT_MAX) {
    return fail(
      'too_long',
      `That's ${length.toLocaleString('en-US')} characters — more than I can take in one go ` +
        `(up to ${TEXT_MAX.toLocaleString('en-US')}). Keep the task short and link a doc for the details: ${DELEGATE_USAGE}.`,
    );
  }

  const lead = parseLeadingPerson(normalizeKnownDashFlags(clean, UNDERSTOOD_OPTIONS), DELEGATE_USAGE);
  if (!lead.ok) return lead;
  const { person, rest } = lead.value;

  const unknown = findUnknownFlags(rest, UNDERSTOOD_OPTIONS);
  if (unknown.length > 0) {
    const tokens = unknown.map((f) => `\`${f.token}\``).join(', ');
    return fail(
      'unknown_flag',
      `I don't know ${unknown.length === 1 ? 'the option' : 'the options'} ${tokens}. I understand ` +
        '`by <when>`, `stakes small|medium|large`, and `; I’ll …` for what you will do to help. ' +
        `Usage: ${DELEGATE_USAGE}.`,
    );
  }

  // Split the task from the leader's promises; other `;` pieces stay in the task, verbatim.
  const promiseTexts: string[] = [];
  let main = rest;
  for (const segment of splitSegments(rest).slice(1).reverse()) {
    if (PROMISE_START.test(segment.text)) {
      promiseTexts.unshift(segment.text);
      main = cut(main, segment.start - 1, segment.end);
    }
  }

  // Stakes written as one token (`stakes:large`) are unambiguous: take them out first.
  let stakes: Stakes = DEFAULT_STAKES;
  const explicit = takeStakes(main, /(?<=^|\s)stakes\s*[:=]\s*([^\s;]*)/giu, true);
  if (!explicit.ok) return explicit;
  main = explicit.value.text;
  stakes = explicit.value.stakes ?? stakes;

  const clause = extractDueClause(main, now, tz, { trailingDate: false });
  if (!clause.ok) return clause;
  main = clause.value?.rest ?? main;

  const spaced = takeStakes(main, /(?<=^|\s)stakes\s+(\p{L}+)(?=[\s.,!]*$|[\s.,!]+)/giu, false);
  if (!spaced.ok) return spaced;
  main = spaced.value.text;
  stakes = spaced.value.stakes ?? stakes;

  const task = trimSeparators(main);
  if (!task) {
    return fail(
      'empty_task',
      `What would you like ${mention(person)} to take on? Add it after the name — ${EXAMPLE}.`,
    );
  }
  const taskLength = visibleLength(task);
  if (taskLength > TASK_MAX) {
    return fail(
      'task_too_long',
      `That task is ${taskLength} characters — please keep it under ${TASK_MAX} so it reads well in ` +
        `reminders and the channel. Put the details in a linked doc or the thread.`,
    );
  }

  const promises: SupportPromise[] = [];
  for (const raw of promiseTexts) {
    const parsed = parsePromise(raw, now, tz);
    if (!parsed.ok) return parsed;
    promises.push(parsed.value);
  }

  const base = { person, task, stakes, promises };
  if (clause.value) {
    return ok({
      ...base,
      due: clause.value.due,
      dueWasDefault: false,
      dueMatched: clause.value.matched,
      dueHadTime: clause.value.hadTime,
    });
  }
  return ok({
    ...base,
    due: endOfWorkingDayIn(DEFAULT_DUE_DAYS, now, tz),
    dueWasDefault: true,
    dueHadTime: false,
  });
}

/** One "I'll …" segment → the promise, with its own optional date. */
function parsePromise(
  segment: string,
  now: Date,
  tz: string,
): Result<SupportPromise, DueErrorCode | 'empty_promise' | 'promise_too_long'> {
  const body = segment.replace(PROMISE_START, '').trim();
  if (!trimSeparators(body)) {
    return fail(
      'empty_promise',
      'What will you do to help? Finish the promise after “I’ll”, like `; I’ll review your outline by Wednesday`.',
    );
  }
  const clause = extractDueClause(body, now, tz, { trailingDate: true });
  if (!clause.ok) {
    const message = clause.error.message.replace(/^[A-HJ-Z]/u, (c) => c.toLowerCase());
    return fail(clause.error.code, `In your promise ${quote(body, 40)}: ${message}`);
  }
  const text = trimSeparators(clause.value?.rest ?? body);
  if (!text) {
    return fail(
      'empty_promise',
      'What will you do to help? Say what, then when — like `; I’ll review your outline by Wednesday`.',
    );
  }
  const length = visibleLength(text);
  if (length > TASK_MAX) {
    return fail(
      'promise_too_long',
      `Your promise ${quote(text, 40)} is ${length} characters — please keep it under ${TASK_MAX}; ` +
        'a short promise is easier to keep.',
    );
  }
  if (!clause.value) return ok({ text, due: null });
  return ok({ text, due: clause.value.due, dueMatched: clause.value.matched });
}

/**
 * Take `stakes …` out of `text`. With `strict`, any value must be a stakes level; without it, an
 * unknown word is an error only at the very end of the task ("… stakes huge"), where it can only
 * be an attempt at the option — "raise the stakes for Q3" is just a task.
 */
function takeStakes(
  text: string,
  pattern: RegExp,
  strict: boolean,
): Result<{ text: string; stakes: Stakes | null }, 'bad_stakes'> {
  const masked = maskProtected(text);
  let stakes: Stakes | null = null;
  let out = text;
  for (const m of [...masked.matchAll(pattern)].reverse()) {
    const word = m[1].toLowerCase();
    const level = STAKES_ALIASES[word];
    if (!level) {
      const atEnd = /^[\s.,!]*$/u.test(masked.slice(m.index + m[0].length));
      if (strict || atEnd) {
        return fail(
          'bad_stakes',
          `${word ? `${quote(m[1])} isn't a stakes level I know` : 'Which stakes?'} — use \`stakes small\`, ` +
            '`stakes medium` or `stakes large` (small is the default: start small to trust big).',
        );
      }
      continue;
    }
    stakes ??= level; // the last one written wins
    out = cut(out, m.index, m.index + m[0].length);
  }
  return ok({ text: out, stakes });
}

function mention(person: Person): string {
  return person.kind === 'id' ? `<@${person.userId}>` : `@${person.name}`;
}
