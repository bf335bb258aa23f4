import {
  LESSON_MAX,
  NOTE_MAX,
  parseOutcomeCommand,
  type OutcomeCommand,
} from '../../../src/services/parse/outcome';
import { errorOf, expectFriendly, valueOf } from './expect-result';

describe('/outcome: closing a delegation with its lesson', () => {
  it.each`
    text                                            | outcome
    ${'D-12 win Asking customers early helped'}     | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: 'Asking customers early helped' }}
    ${'d12 lost Underestimated the data cleaning'}  | ${{ kind: 'delegation', ref: 12, result: 'loss', lesson: 'Underestimated the data cleaning' }}
    ${'D-12 won'}                                   | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: null }}
    ${'D-12 WIN!'}                                  | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: null }}
    ${'D-12 success Shipped early'}                 | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: 'Shipped early' }}
    ${'D-12 succeeded'}                             | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: null }}
    ${'D-12 loss Too slow'}                         | ${{ kind: 'delegation', ref: 12, result: 'loss', lesson: 'Too slow' }}
    ${'D-12 failed We skipped the pilot'}           | ${{ kind: 'delegation', ref: 12, result: 'loss', lesson: 'We skipped the pilot' }}
    ${'D-12 fail'}                                  | ${{ kind: 'delegation', ref: 12, result: 'loss', lesson: null }}
    ${'D–12 win: Asking early — helped'}            | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: 'Asking early — helped' }}
    ${'D-12 win — Asking early helped'}             | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: 'Asking early helped' }}
    ${'#D-12 win Great'}                            | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: 'Great' }}
    ${'#12 loss Too slow'}                          | ${{ kind: 'delegation', ref: 12, result: 'loss', lesson: 'Too slow' }}
    ${'12 win'}                                     | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: null }}
    ${'win D-12 Asking early helped'}               | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: 'Asking early helped' }}
    ${'  D-12   win   Asking\n early  helped '}     | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: 'Asking early helped' }}
    ${'D-12 win 🎉 R&amp;D loved it'}               | ${{ kind: 'delegation', ref: 12, result: 'win', lesson: '🎉 R&amp;D loved it' }}
    ${"D-12 loss Robert'); DROP TABLE outcomes;--"} | ${{ kind: 'delegation', ref: 12, result: 'loss', lesson: "Robert'); DROP TABLE outcomes;--" }}
  `('“$text”', ({ text, outcome }: { text: string; outcome: OutcomeCommand }) => {
    expect(valueOf(parseOutcomeCommand(text))).toEqual(outcome);
  });

  it('does not refuse a loss without a lesson — it returns lesson: null and the caller asks for one', () => {
    expect(valueOf(parseOutcomeCommand('D-12 loss'))).toEqual({
      kind: 'delegation',
      ref: 12,
      result: 'loss',
      lesson: null,
    });
  });

  it(`accepts a lesson of ${LESSON_MAX} characters and refuses one more`, () => {
    const ok = valueOf(parseOutcomeCommand(`D-12 win ${'a'.repeat(LESSON_MAX)}`));
    expect(ok.kind === 'delegation' && ok.lesson).toHaveLength(LESSON_MAX);
    const error = errorOf(parseOutcomeCommand(`D-12 win ${'a'.repeat(LESSON_MAX + 1)}`));
    expect(error.code).toBe('lesson_too_long');
    expect(error.message).toContain('1,001 characters');
    expectFriendly(error.message);
  });
});

describe('/outcome: closing a commitment', () => {
  it.each`
    text                          | outcome
    ${'C-7 kept'}                 | ${{ kind: 'commitment', ref: 7, result: 'kept', note: null }}
    ${'c7 done'}                  | ${{ kind: 'commitment', ref: 7, result: 'kept', note: null }}
    ${'C-7 delivered On time'}    | ${{ kind: 'commitment', ref: 7, result: 'kept', note: 'On time' }}
    ${'C-7 missed Forgot, sorry'} | ${{ kind: 'commitment', ref: 7, result: 'missed', note: 'Forgot, sorry' }}
    ${'#7 kept'}                  | ${{ kind: 'commitment', ref: 7, result: 'kept', note: null }}
    ${'missed C-7'}               | ${{ kind: 'commitment', ref: 7, result: 'missed', note: null }}
  `('“$text”', ({ text, outcome }: { text: string; outcome: OutcomeCommand }) => {
    expect(valueOf(parseOutcomeCommand(text))).toEqual(outcome);
  });

  it(`refuses a note over ${NOTE_MAX} characters`, () => {
    expect(errorOf(parseOutcomeCommand(`C-7 missed ${'a'.repeat(NOTE_MAX + 1)}`)).code).toBe('note_too_long');
  });
});

describe('/outcome: what it refuses, and how it says so', () => {
  it.each`
    text                     | code            | says
    ${''}                    | ${'empty'}      | ${'/outcome D-12'}
    ${'   '}                 | ${'empty'}      | ${'/outcome D-12'}
    ${'win'}                 | ${'no_ref'}     | ${'reference'}
    ${'survey win'}          | ${'no_ref'}     | ${'reference'}
    ${'Asking early helped'} | ${'no_ref'}     | ${'`/outcome D-12 win|loss'}
    ${'X-12 win'}            | ${'bad_ref'}    | ${'`D-12`'}
    ${'D-0 win'}             | ${'bad_ref'}    | ${'start at 1'}
    ${'D-abc win'}           | ${'bad_ref'}    | ${'“D-abc”'}
    ${'D-99999999999 win'}   | ${'bad_ref'}    | ${'bigger number'}
    ${'D-12'}                | ${'no_result'}  | ${'a loss with a lesson is progress too'}
    ${'C-7'}                 | ${'no_result'}  | ${'kept or missed'}
    ${'#12'}                 | ${'no_result'}  | ${'`D-12`'}
    ${'D-12 maybe'}          | ${'bad_result'} | ${'“maybe”'}
    ${'D-12 kept'}           | ${'bad_result'} | ${'D-12 is a delegation'}
    ${'C-7 win'}             | ${'bad_result'} | ${'C-7 is a commitment'}
    ${'12 maybe'}            | ${'bad_result'} | ${'`C-12`'}
  `('“$text” → $code', ({ text, code, says }: Record<string, string>) => {
    const error = errorOf(parseOutcomeCommand(text));
    expect(error.code).toBe(code);
    expect(error.message).toContain(says);
    expectFriendly(error.message);
  });
});
