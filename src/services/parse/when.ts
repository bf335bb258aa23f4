/**
 * Finding the "by when" inside a sentence, and leaving the rest of the sentence alone.
 *
 * `by X` (or `due X`, `in 3 days`, `within 2 weeks`) is a date only when chrono-node reads a date
 * right at the start of X, so "Draft the report by the design team by Friday" keeps
 * "by the design team" in the task and is due Friday. We look at the *last* such phrase first.
 * When words follow the date ("by Friday for the board"), they go back into the text — but only
 * if the date names a day or a time; a lone month ("Sort by March sales") is not taken as a date
 * unless nothing follows it ("by March" → 1 March, 17:00).
 *
 * `due:X` / `due=X` / `by:X` are explicit, so an unreadable X is an error rather than task text.
 */
import { checkDue, findDates, DUE_EXAMPLES, type DueErrorCode, type DueMatch } from './due';
import { fail, ok, type Result } from './result';
import { cut, maskProtected, quote } from './text';

export interface DueClause {
  due: Date;
  /** The date words as typed, without the leading `by`/`due`. */
  matched: string;
  hadTime: boolean;
  /** The input with the clause taken out. */
  rest: string;
}

export interface DueClauseOptions {
  /**
   * Also accept a date at the very end without a keyword ("I'll pair on it tomorrow",
   * "Send the deck on Friday"). Used for promises, which need a date; not for delegated tasks,
   * whose text often mentions dates as content ("Write the retro for last Friday").
   */
  trailingDate: boolean;
}

const KEYWORD = /(?<=^|\s)(by|due|in|within)(\s*[:=]\s*|\s+)/giu;
const RELATIVE_SPAN =
  /^(?:in|within)\s+(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple(?: of)?)\s+(?:days?|weeks?)\b/iu;
const ONLY_PUNCTUATION = /^[\s.,!?;:)–—-]*$/u;

export function extractDueClause(
  text: string,
  now: Date,
  tz: string,
  options: DueClauseOptions,
): Result<DueClause | null, DueErrorCode> {
  const masked = maskProtected(text);
  const keywords = [...masked.matchAll(KEYWORD)].reverse();

  for (const k of keywords) {
    const word = k[1].toLowerCase();
    const explicit = k[2].trim() !== '';
    const at = k.index;
    const afterKeyword = at + k[0].length;

    let searchFrom: number;
    if (word === 'in' || word === 'within') {
      if (explicit || !RELATIVE_SPAN.test(text.slice(at))) continue;
      searchFrom = at; // chrono reads "in 3 days" itself
    } else {
      searchFrom = afterKeyword;
    }

    const tail = text.slice(searchFrom);
    const match = findDates(tail, now, tz)[0];
    const startsHere = match !== undefined && match.index === 0;
    const leftover = startsHere ? tail.slice(match.length) : '';
    const accepted = startsHere && (match.strong || ONLY_PUNCTUATION.test(leftover));

    if (!accepted) {
      if (explicit) {
        return fail('unparseable', `I couldn't find a date in ${quote(tail || word)} — try ${DUE_EXAMPLES}.`);
      }
      continue;
    }
    const end = ONLY_PUNCTUATION.test(leftover) ? text.length : searchFrom + match.length;
    return finish(match, cut(text, at, end), now, tz);
  }

  if (options.trailingDate) {
    const matches = findDates(text, now, tz);
    for (let i = matches.length - 1; i >= 0; i--) {
      const m = matches[i];
      const after = text.slice(m.index + m.length);
      if (m.index > 0 && m.strong && ONLY_PUNCTUATION.test(after) && /\s/u.test(text[m.index - 1] ?? '')) {
        return finish(m, cut(text, m.index, text.length), now, tz);
      }
    }
  }
  return ok(null);
}

function finish(match: DueMatch, rest: string, now: Date, tz: string): Result<DueClause, DueErrorCode> {
  const checked = checkDue(match, now, tz);
  if (!checked.ok) return checked;
  return ok({ ...checked.value, rest });
}
