import {
  cleanText,
  cut,
  findUnknownFlags,
  quote,
  splitSegments,
  visibleLength,
} from '../../../src/services/parse/text';

describe('text helpers', () => {
  it('strips control characters but keeps emoji joiners and right-to-left marks', () => {
    expect(cleanText('a\u0000b\u0007c\u007f\u0085d')).toBe('abcd');
    expect(cleanText(' one\n\ttwo\r\n three ')).toBe('one two three');
    expect(cleanText('👩🏽‍💻 \u200fשלום')).toBe('👩🏽‍💻 \u200fשלום');
  });

  it('counts what a person sees: one per emoji, entities decoded', () => {
    expect(visibleLength('👩🏽‍💻🚀')).toBe(2);
    expect(visibleLength('R&amp;D &lt;3')).toBe(6);
  });

  it('splits on `;` but not inside entities, links or code', () => {
    const parts = splitSegments('R&amp;D; <https://x.io/a;b|spec>; `a;b`; last').map((s) => s.text);
    expect(parts).toEqual(['R&amp;D', '<https://x.io/a;b|spec>', '`a;b`', 'last']);
  });

  it('finds option-looking words, and only those', () => {
    const found = findUnknownFlags(
      '--urgent —asap priority:high stakes:large Note: 5:30pm https://x.io :tada: name=admin re:Invent',
      ['stakes'],
    ).map((f) => f.token);
    expect(found).toEqual(['--urgent', '—asap', 'priority:high']);
  });

  it('cuts a clause out and tidies the join without touching entities or emoji codes', () => {
    expect(cut('Draft it, by Friday', 8, 19)).toBe('Draft it');
    expect(cut('Fix &gt; by Friday', 8, 18)).toBe('Fix &gt;');
    expect(cut('Ship :tada: by Friday', 12, 21)).toBe('Ship :tada:');
  });

  it('quotes the person’s words with curly quotes, cut short when long', () => {
    expect(quote('blah')).toBe('“blah”');
    expect(quote('x'.repeat(100), 10)).toBe(`“${'x'.repeat(9)}…”`);
  });
});
