import { REF_MAX, formatRef, looksLikeRef, parseRef, type Ref } from '../../../src/services/parse/ref';
import { errorOf, expectFriendly, valueOf } from './expect-result';

describe('parseRef: the short references people type', () => {
  it.each`
    text              | ref
    ${'D-12'}         | ${{ prefix: 'D', number: 12 }}
    ${'d-12'}         | ${{ prefix: 'D', number: 12 }}
    ${'D12'}          | ${{ prefix: 'D', number: 12 }}
    ${'d12'}          | ${{ prefix: 'D', number: 12 }}
    ${'C-7'}          | ${{ prefix: 'C', number: 7 }}
    ${'c7'}           | ${{ prefix: 'C', number: 7 }}
    ${'D–12'}         | ${{ prefix: 'D', number: 12 }}
    ${'D—12'}         | ${{ prefix: 'D', number: 12 }}
    ${'#D-12'}        | ${{ prefix: 'D', number: 12 }}
    ${' C-7 '}        | ${{ prefix: 'C', number: 7 }}
    ${'D-007'}        | ${{ prefix: 'D', number: 7 }}
    ${`D-${REF_MAX}`} | ${{ prefix: 'D', number: REF_MAX }}
  `('“$text” → $ref.prefix-$ref.number', ({ text, ref }: { text: string; ref: Ref }) => {
    expect(valueOf(parseRef(text))).toEqual(ref);
  });

  it.each`
    text                     | code
    ${''}                    | ${'no_ref'}
    ${'  '}                  | ${'no_ref'}
    ${'X-12'}                | ${'bad_ref'}
    ${'D-0'}                 | ${'bad_ref'}
    ${'D-'}                  | ${'bad_ref'}
    ${'D-abc'}               | ${'bad_ref'}
    ${'D-1.5'}               | ${'bad_ref'}
    ${'D--12'}               | ${'bad_ref'}
    ${`D-${REF_MAX + 1}`}    | ${'bad_ref'}
    ${'D-99999999999999999'} | ${'bad_ref'}
    ${'twelve'}              | ${'bad_ref'}
  `('“$text” → $code', ({ text, code }: { text: string; code: string }) => {
    const error = errorOf(parseRef(text));
    expect(error.code).toBe(code);
    expectFriendly(error.message);
  });

  it('formats references the way people read them', () => {
    expect(formatRef('D', 12)).toBe('D-12');
    expect(formatRef('C', 7)).toBe('C-7');
  });

  it('round-trips', () => {
    for (const n of [1, 9, 10, 12345, REF_MAX]) {
      expect(valueOf(parseRef(formatRef('C', n)))).toEqual({ prefix: 'C', number: n });
    }
  });

  it.each(['D-12', 'c7', 'X-1', 'D-', 'D-abc'])('“%s” looks like a reference', (token) => {
    expect(looksLikeRef(token)).toBe(true);
  });

  it.each(['Draft', 'win', '12', '@ana', 'Dec'])('“%s” does not look like a reference', (token) => {
    expect(looksLikeRef(token)).toBe(false);
  });
});
