import { parseCommitCommand, type CommitCommand } from '../../../src/services/parse/commit';
import { TASK_MAX } from '../../../src/services/parse/delegate';
import { errorOf, expectFriendly, valueOf } from './expect-result';

/** Wednesday 25 November 2026, 11:00 in Berlin. */
const NOW = new Date('2026-11-25T10:00:00Z');
const BERLIN = 'Europe/Berlin';

function commit(text: string, now = NOW, tz = BERLIN): CommitCommand {
  return valueOf(parseCommitCommand(text, now, tz));
}

describe('/commit: a new promise', () => {
  it.each`
    text                                             | promise                         | due                           | owedTo
    ${'Review the hiring rubric by Thursday 3pm'}    | ${'Review the hiring rubric'}   | ${'2026-11-26T14:00:00.000Z'} | ${null}
    ${'@ana Send you the customer list by tomorrow'} | ${'Send you the customer list'} | ${'2026-11-26T16:00:00.000Z'} | ${{ kind: 'name', name: 'ana' }}
    ${'<@U0ANA|ana> Send you the list by Friday'}    | ${'Send you the list'}          | ${'2026-11-27T16:00:00.000Z'} | ${{ kind: 'id', userId: 'U0ANA' }}
    ${'to <@U0ANA> send the list on Friday'}         | ${'send the list'}              | ${'2026-11-27T16:00:00.000Z'} | ${{ kind: 'id', userId: 'U0ANA' }}
    ${'Send the deck tomorrow'}                      | ${'Send the deck'}              | ${'2026-11-26T16:00:00.000Z'} | ${null}
    ${'Call the vendor in 3 days'}                   | ${'Call the vendor'}            | ${'2026-11-28T16:00:00.000Z'} | ${null}
    ${'Share the notes due Monday'}                  | ${'Share the notes'}            | ${'2026-11-30T16:00:00.000Z'} | ${null}
    ${'Book the room by EOD'}                        | ${'Book the room'}              | ${'2026-11-25T16:00:00.000Z'} | ${null}
    ${'Thank the team by the fire by Friday'}        | ${'Thank the team by the fire'} | ${'2026-11-27T16:00:00.000Z'} | ${null}
    ${'Fix &lt;div&gt; 🚀 by Friday'}                | ${'Fix &lt;div&gt; 🚀'}         | ${'2026-11-27T16:00:00.000Z'} | ${null}
  `(
    '“$text”',
    ({ text, promise, due, owedTo }: { text: string; promise: string; due: string; owedTo: unknown }) => {
      const c = commit(text);
      expect(c.kind).toBe('new');
      if (c.kind !== 'new') return;
      expect(c.text).toBe(promise);
      expect(c.due.toISOString()).toBe(due);
      expect(c.owedTo).toEqual(owedTo);
    },
  );

  it('reads the date in the person’s zone (Tonga: “tomorrow” is their Thursday)', () => {
    expect(commit('Send the deck by tomorrow', NOW, 'Pacific/Tongatapu').due.toISOString()).toBe(
      '2026-11-26T04:00:00.000Z',
    );
  });
});

describe('/commit: moving a promise (renegotiating before it is due)', () => {
  it.each`
    text                                               | due                           | reason
    ${'C-7 by next Monday because the vendor is late'} | ${'2026-11-30T16:00:00.000Z'} | ${'the vendor is late'}
    ${'c7 to Friday 10am - the vendor is late'}        | ${'2026-11-27T09:00:00.000Z'} | ${'the vendor is late'}
    ${'C-7 Friday: waiting on legal'}                  | ${'2026-11-27T16:00:00.000Z'} | ${'waiting on legal'}
    ${'C-7 Monday the vendor is late'}                 | ${'2026-11-30T16:00:00.000Z'} | ${'the vendor is late'}
    ${'C-7 next Monday'}                               | ${'2026-11-30T16:00:00.000Z'} | ${null}
    ${'C-7 by Dec 12 since priorities changed'}        | ${'2026-12-12T16:00:00.000Z'} | ${'priorities changed'}
  `('“$text”', ({ text, due, reason }: { text: string; due: string; reason: string | null }) => {
    expect(commit(text)).toEqual({
      kind: 'move',
      ref: 7,
      due: new Date(due),
      dueMatched: expect.any(String),
      hadTime: expect.any(Boolean),
      reason,
    });
  });
});

describe('/commit: what it refuses, and how it says so', () => {
  it.each`
    text                                           | code                 | says
    ${''}                                          | ${'empty'}           | ${'/commit Review the hiring rubric'}
    ${'Review the rubric'}                         | ${'no_date'}         | ${'A promise with a date can be kept'}
    ${'@ana Send the list'}                        | ${'no_date'}         | ${'`/commit Send the list by Thursday`'}
    ${'by Friday'}                                 | ${'empty_text'}      | ${'What will you do?'}
    ${'@ana by Friday'}                            | ${'empty_text'}      | ${'for them'}
    ${'Review it by yesterday'}                    | ${'past'}            | ${'already behind us'}
    ${'Review it by 2030-01-01'}                   | ${'too_far'}         | ${'2 years'}
    ${'Review it due:whenever'}                    | ${'unparseable'}     | ${'“whenever”'}
    ${'Review it --urgent by Friday'}              | ${'unknown_flag'}    | ${'`--urgent`'}
    ${'Review it stakes:large by Friday'}          | ${'unknown_flag'}    | ${'`stakes:large`'}
    ${'<!here> Review it by Friday'}               | ${'not_a_person'}    | ${'one person at a time'}
    ${'@ana @ben Review it by Friday'}             | ${'several_people'}  | ${'one person at a time'}
    ${'C-7'}                                       | ${'no_date'}         | ${'When should C-7 move to?'}
    ${'C-7 because the vendor is late'}            | ${'no_date'}         | ${'`/commit C-7 by next Monday because …`'}
    ${'C-7 by someday'}                            | ${'unparseable'}     | ${'“someday”'}
    ${'C-7 by yesterday because oops'}             | ${'past'}            | ${'already behind us'}
    ${'C-0 by Monday'}                             | ${'bad_ref'}         | ${'start at 1'}
    ${'D-3 by Monday'}                             | ${'bad_ref'}         | ${'`/outcome D-3 win …`'}
    ${`Review ${'x'.repeat(TASK_MAX)} by Friday`}  | ${'text_too_long'}   | ${`under ${TASK_MAX}`}
    ${`Review ${'x'.repeat(5000)}`}                | ${'too_long'}        | ${'5,007 characters'}
    ${`C-7 by Monday because ${'x'.repeat(1001)}`} | ${'reason_too_long'} | ${'1,000'}
  `('“$text” → $code', ({ text, code, says }: Record<string, string>) => {
    const error = errorOf(parseCommitCommand(text, NOW, BERLIN));
    expect(error.code).toBe(code);
    expect(error.message).toContain(says);
    expectFriendly(error.message);
  });
});
