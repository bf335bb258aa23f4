/**
 * `/commit` — a promise on the say/do ledger.
 *
 *   /commit Review the hiring rubric by Thursday 3pm          → a promise of your own
 *   /commit @ana Send you the customer list by tomorrow       → a promise owed to Ana
 *   /commit C-7 by next Monday because the vendor is late     → move (renegotiate) C-7
 *
 * A promise needs a date — a promise with a date can be kept — so `no_date` is an error here, not
 * a default. Because the date is required we also look for one at the end without `by`
 * ("Send the deck tomorrow", "… on Friday"); the confirmation echoes the date either way.
 * Text limits are the same as for a delegated task (TASK_MAX), and the text is kept as Slack
 * sent it (see text.ts). A move's reason is optional (`reason: null`), at most NOTE_MAX.
 */
import { parseDue, DUE_EXAMPLES, type DueErrorCode } from './due';
import { TASK_MAX, TEXT_MAX } from './delegate';
import { parseLeadingPerson, type MentionErrorCode, type Person } from './mention';
import { NOTE_MAX } from './outcome';
import { formatRef, looksLikeRef, parseRef, type RefErrorCode } from './ref';
import { fail, ok, type Result } from './result';
import {
  cleanText,
  findUnknownFlags,
  normalizeKnownDashFlags,
  quote,
  trimSeparators,
  visibleLength,
} from './text';
import { extractDueClause } from './when';

export const COMMIT_USAGE = '`/commit [@person] what by when` or `/commit C-7 by new date because …`';
const EXAMPLE = '`/commit Review the hiring rubric by Thursday 3pm`';
const UNDERSTOOD_OPTIONS = ['due', 'by'] as const;

export type CommitCommand =
  | {
      kind: 'new';
      text: string;
      due: Date;
      dueMatched: string;
      hadTime: boolean;
      /** Who the promise is made to; null for a promise of your own. */
      owedTo: Person | null;
    }
  | {
      kind: 'move';
      /** The commitment number (`C-7` → 7). */
      ref: number;
      due: Date;
      dueMatched: string;
      hadTime: boolean;
      reason: string | null;
    };

export type CommitErrorCode =
  | 'empty'
  | 'too_long'
  | MentionErrorCode
  | RefErrorCode
  | 'empty_text'
  | 'text_too_long'
  | 'no_date'
  | DueErrorCode
  | 'unknown_flag'
  | 'reason_too_long';

export function parseCommitCommand(
  text: string,
  now: Date,
  tz: string,
): Result<CommitCommand, CommitErrorCode> {
  const clean = normalizeKnownDashFlags(cleanText(text ?? ''), UNDERSTOOD_OPTIONS);
  if (!clean) {
    return fail('empty', `What will you do, and by when? Try ${EXAMPLE}.`);
  }
  const length = [...clean].length;
  if (length > TEXT_MAX) {
    return fail(
      'too_long',
      `That's ${length.toLocaleString('en-US')} characters — more than I can take in one go ` +
        `(up to ${TEXT_MAX.toLocaleString('en-US')}). A short promise is easier to keep: ${COMMIT_USAGE}.`,
    );
  }

  const firstToken = clean.split(' ')[0] ?? '';
  if (looksLikeRef(firstToken)) return parseMove(firstToken, clean.slice(firstToken.length).trim(), now, tz);

  // Optional person it is owed to: `@ana …` or `to @ana …`.
  let owedTo: Person | null = null;
  let rest = clean;
  const withoutTo = clean.replace(/^to\s+(?=[<@#])/iu, '');
  if (/^(?:<[@!#]|@|#\p{L})/u.test(withoutTo)) {
    const lead = parseLeadingPerson(withoutTo, COMMIT_USAGE);
    if (!lead.ok) {
      if (lead.error.code === 'no_person') return lead;
      return fail(
        lead.error.code,
        'A promise is made to one person at a time, so it has one person to confirm it was kept. ' +
          `Start with their @mention, or leave it out for a promise of your own: ${COMMIT_USAGE}.`,
      );
    }
    owedTo = lead.value.person;
    rest = lead.value.rest;
  }

  const unknown = findUnknownFlags(rest, UNDERSTOOD_OPTIONS);
  if (unknown.length > 0) {
    const tokens = unknown.map((f) => `\`${f.token}\``).join(', ');
    return fail(
      'unknown_flag',
      `I don't know ${unknown.length === 1 ? 'the option' : 'the options'} ${tokens} — ` +
        `a promise is just what and by when: ${COMMIT_USAGE}.`,
    );
  }

  const clause = extractDueClause(rest, now, tz, { trailingDate: true });
  if (!clause.ok) return clause;
  const promise = trimSeparators(clause.value?.rest ?? rest);
  if (!promise) {
    return fail(
      'empty_text',
      `What will you do${owedTo ? ' for them' : ''}? Say what, then when — ${EXAMPLE}.`,
    );
  }
  const promiseLength = visibleLength(promise);
  if (promiseLength > TASK_MAX) {
    return fail(
      'text_too_long',
      `That promise is ${promiseLength} characters — please keep it under ${TASK_MAX}; ` +
        'a short promise is easier to keep (and to check off).',
    );
  }
  if (!clause.value) {
    return fail(
      'no_date',
      `When will you do it? A promise with a date can be kept — try \`/commit ${promise.length > 40 ? '…' : promise} by Thursday\`.`,
    );
  }
  const { due, matched, hadTime } = clause.value;
  return ok({ kind: 'new', text: promise, due, dueMatched: matched, hadTime, owedTo });
}

/** `C-7 [by|to|until] <when> [because <reason>]` */
function parseMove(
  refToken: string,
  rest: string,
  now: Date,
  tz: string,
): Result<CommitCommand, CommitErrorCode> {
  const parsed = parseRef(refToken);
  if (!parsed.ok) return parsed;
  const { prefix, number } = parsed.value;
  const ref = formatRef(prefix, number);
  if (prefix !== 'C') {
    return fail(
      'bad_ref',
      `${ref} is a delegation — \`/commit\` moves commitments (\`C-…\`). ` +
        `To close ${ref}, use \`/outcome ${ref} win …\` or \`/outcome ${ref} loss …\`.`,
    );
  }

  const body = rest.replace(/^(?:by|to|until|till|due|→|->)\b\s*[:=]?\s*/iu, '').replace(/^(?:→|->)\s*/u, '');
  const because = /(?:^|\s)(?:because|since|bc|cause)(?:\s+|$)|\s[—–-]\s|:\s/iu.exec(body);
  let datePart = because ? body.slice(0, because.index) : body;
  let reason = because ? body.slice(because.index + because[0].length) : '';

  const example = `\`/commit ${ref} by next Monday because …\``;
  if (!datePart.trim()) {
    return fail(
      'no_date',
      `When should ${ref} move to? Try ${example} — moving it before it's due is honest, and counted as such.`,
    );
  }
  let due = parseDue(datePart, now, tz);
  if (!due.ok && due.error.code === 'unparseable' && !because) {
    // No "because": the date is the first words, the rest is the reason ("C-7 Monday vendor late").
    const clause = extractDueClause(`by ${datePart}`, now, tz, { trailingDate: false });
    if (clause.ok && clause.value && clause.value.rest.trim() !== datePart.trim()) {
      reason = clause.value.rest;
      datePart = clause.value.matched;
      due = parseDue(datePart, now, tz);
    }
  }
  if (!due.ok) {
    if (due.error.code === 'unparseable') {
      return fail(
        'unparseable',
        `I couldn't find a new date for ${ref} in ${quote(datePart)} — try ${DUE_EXAMPLES}, like ${example}.`,
      );
    }
    return due;
  }

  const why = trimSeparators(reason);
  if (why && visibleLength(why) > NOTE_MAX) {
    return fail(
      'reason_too_long',
      `That reason is long — please keep it under ${NOTE_MAX.toLocaleString('en-US')} characters.`,
    );
  }
  return ok({
    kind: 'move',
    ref: number,
    due: due.value.due,
    dueMatched: due.value.matched,
    hadTime: due.value.hadTime,
    reason: why || null,
  });
}
