/**
 * `/outcome D-12 win Asking customers early helped` — close a delegation with its lesson.
 * `/outcome C-7 kept` / `/outcome C-7 missed Forgot, sorry` — close a commitment.
 *
 * Decisions:
 * - References: `D-12`, `d12`, `D–12`, `#D-12` (see ref.ts). A bare `#12` or `12` is accepted when
 *   the result word says which kind it is: win/loss → delegation, kept/missed → commitment.
 * - Result words (any case, a trailing `:`/`,`/`.`/`!` is fine):
 *   win ← win, won, success, succeeded; loss ← loss, lost, fail, failed.
 *   kept ← kept, done, delivered; missed ← missed. We store only `win`/`loss`, `kept`/`missed`:
 *   the words the whole app uses ("a loss with a lesson is progress").
 * - The result may come first: `/outcome win D-12 …` reads the same.
 * - A loss without a lesson is *not* a parse error: `lesson` is null and the caller asks for it.
 * - The lesson / note is kept as Slack sent it (escaped), whitespace collapsed, at most LESSON_MAX
 *   characters so it fits the celebration post.
 */
import { fail, ok, type Result } from './result';
import { formatRef, looksLikeRef, parseRef, type RefPrefix } from './ref';
import { cleanText, quote, trimSeparators, visibleLength } from './text';

/** Longest lesson (delegations) or note (commitments), in visible characters. */
export const LESSON_MAX = 1000;
export const NOTE_MAX = LESSON_MAX;

export const OUTCOME_USAGE = '`/outcome D-12 win|loss what you learned` or `/outcome C-7 kept|missed`';

export type DelegationResult = 'win' | 'loss';
export type CommitmentResult = 'kept' | 'missed';

export type OutcomeCommand =
  | { kind: 'delegation'; ref: number; result: DelegationResult; lesson: string | null }
  | { kind: 'commitment'; ref: number; result: CommitmentResult; note: string | null };

export type OutcomeErrorCode =
  'empty' | 'no_ref' | 'bad_ref' | 'no_result' | 'bad_result' | 'lesson_too_long' | 'note_too_long';

const RESULT_WORDS: Record<string, DelegationResult | CommitmentResult> = {
  win: 'win',
  won: 'win',
  success: 'win',
  succeeded: 'win',
  loss: 'loss',
  lost: 'loss',
  fail: 'loss',
  failed: 'loss',
  kept: 'kept',
  done: 'kept',
  delivered: 'kept',
  missed: 'missed',
};

const BARE_NUMBER = /^#?(\d+)$/;

function resultWord(token: string | undefined): DelegationResult | CommitmentResult | undefined {
  if (!token) return undefined;
  return RESULT_WORDS[token.toLowerCase().replace(/[:,.!—–-]+$/u, '')];
}

function kindOf(result: DelegationResult | CommitmentResult): RefPrefix {
  return result === 'win' || result === 'loss' ? 'D' : 'C';
}

export function parseOutcomeCommand(text: string): Result<OutcomeCommand, OutcomeErrorCode> {
  const clean = cleanText(text ?? '');
  if (!clean) {
    return fail('empty', `Which one did you close, and how did it go? Try ${OUTCOME_USAGE}.`);
  }

  const tokens = clean.split(' ');
  let [refToken, resultToken] = tokens;
  const restStart = 2;
  if (resultWord(refToken) && tokens[1] && (looksLikeRef(tokens[1]) || BARE_NUMBER.test(tokens[1]))) {
    [refToken, resultToken] = [tokens[1], tokens[0]]; // `/outcome win D-12 …`
  }
  refToken ??= '';

  const bare = BARE_NUMBER.exec(refToken);
  if (!bare && !looksLikeRef(refToken)) {
    return fail('no_ref', `Which one did you close? Start with its reference — ${OUTCOME_USAGE}.`);
  }

  const result = resultWord(resultToken);
  let prefix: RefPrefix;
  let number: number;
  if (bare) {
    if (!result) {
      return fail(
        resultToken ? 'bad_result' : 'no_result',
        `Is ${refToken} a delegation (\`D-${bare[1]}\`) or a commitment (\`C-${bare[1]}\`)? Try ${OUTCOME_USAGE}.`,
      );
    }
    const parsed = parseRef(`${kindOf(result)}-${bare[1]}`);
    if (!parsed.ok) return parsed;
    ({ prefix, number } = parsed.value);
  } else {
    const parsed = parseRef(refToken);
    if (!parsed.ok) return parsed;
    ({ prefix, number } = parsed.value);
  }

  const ref = formatRef(prefix, number);
  const expected = prefix === 'D' ? '`win` or `loss`' : '`kept` or `missed`';
  if (!resultToken) {
    return fail(
      'no_result',
      prefix === 'D'
        ? `How did ${ref} go? \`/outcome ${ref} win …\` or \`/outcome ${ref} loss …\` — a loss with a lesson is progress too.`
        : `Was ${ref} kept or missed? \`/outcome ${ref} kept\` or \`/outcome ${ref} missed …\`.`,
    );
  }
  if (!result) {
    return fail('bad_result', `${quote(resultToken)} isn't an outcome I know — ${ref} ends as ${expected}.`);
  }
  if (kindOf(result) !== prefix) {
    return fail(
      'bad_result',
      prefix === 'D'
        ? `${ref} is a delegation, so it ends as a \`win\` or a \`loss\` — \`/outcome ${ref} win …\`.`
        : `${ref} is a commitment, so it ends \`kept\` or \`missed\` — \`/outcome ${ref} kept\`.`,
    );
  }

  const words = trimSeparators(
    tokens
      .slice(restStart)
      .join(' ')
      .replace(/^[:,.!—–-]+\s*/u, ''),
  );
  const lesson = words === '' ? null : words;
  const limit = prefix === 'D' ? LESSON_MAX : NOTE_MAX;
  if (lesson && visibleLength(lesson) > limit) {
    const what = prefix === 'D' ? 'lesson' : 'note';
    return fail(
      prefix === 'D' ? 'lesson_too_long' : 'note_too_long',
      `That ${what} is ${visibleLength(lesson).toLocaleString('en-US')} characters — please keep it under ` +
        `${limit.toLocaleString('en-US')} so it fits in the post. Link a doc for the full story.`,
    );
  }

  if (prefix === 'D') {
    return ok({ kind: 'delegation', ref: number, result: result as DelegationResult, lesson });
  }
  return ok({ kind: 'commitment', ref: number, result: result as CommitmentResult, note: lesson });
}
