import { parseInline, parseMrkdwn, plainText, type Inline } from '../../../src/sandbox/web/src/blocks/mrkdwn';

const types = (nodes: Inline[]) => nodes.map((n) => n.type);

describe('mrkdwn: inline formatting as Slack reads it', () => {
  it('bold, italics, strike and code', () => {
    expect(parseInline('*Win!* _not said yet_ ~old~ `/outcome D-1 win`')).toEqual([
      { type: 'bold', children: [{ type: 'text', text: 'Win!' }] },
      { type: 'text', text: ' ' },
      { type: 'italic', children: [{ type: 'text', text: 'not said yet' }] },
      { type: 'text', text: ' ' },
      { type: 'strike', children: [{ type: 'text', text: 'old' }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: '/outcome D-1 win' },
    ]);
  });

  it('nests italics in bold and keeps markers inside code literal', () => {
    const [bold] = parseInline('*D-1 · _Draft_ it*');
    expect(bold).toEqual({
      type: 'bold',
      children: [{ type: 'text', text: 'D-1 · ' }, { type: 'italic', children: [{ type: 'text', text: 'Draft' }] }, { type: 'text', text: ' it' }],
    });
    expect(parseInline('`*not bold*`')).toEqual([{ type: 'code', text: '*not bold*' }]);
  });

  it('needs word boundaries: snake_case, 2*3*4 and spaced markers stay as typed', () => {
    expect(plainText(parseInline('snake_case_name'))).toBe('snake_case_name');
    expect(types(parseInline('snake_case_name'))).toEqual(['text']);
    expect(types(parseInline('2*3*4'))).toEqual(['text']);
    expect(types(parseInline('a * b * c'))).toEqual(['text']);
    expect(types(parseInline('*unclosed'))).toEqual(['text']);
  });

  it('bold around a mention and a date token', () => {
    const [bold] = parseInline('*<@U0ANA0001> closed it*');
    expect(bold?.type).toBe('bold');
    expect(bold && 'children' in bold ? types(bold.children) : []).toEqual(['user', 'text']);
  });

  it('entities: users (with and without label), channels, broadcasts, links, dates', () => {
    expect(parseInline('<@U0ANA0001> <@U0SAM0001|sam> <#C0TEAM001> <#C0GENERAL|general> <!here> <!subteam^S1|@leads>')).toEqual([
      { type: 'user', id: 'U0ANA0001' },
      { type: 'text', text: ' ' },
      { type: 'user', id: 'U0SAM0001', label: 'sam' },
      { type: 'text', text: ' ' },
      { type: 'channel', id: 'C0TEAM001' },
      { type: 'text', text: ' ' },
      { type: 'channel', id: 'C0GENERAL', label: 'general' },
      { type: 'text', text: ' ' },
      { type: 'broadcast', name: 'here' },
      { type: 'text', text: ' ' },
      { type: 'usergroup', id: 'S1', label: '@leads' },
    ]);
    expect(parseInline('<https://example.com/a?b=1&amp;c=2|the doc> <mailto:a@b.c>')).toEqual([
      { type: 'link', url: 'https://example.com/a?b=1&c=2', label: 'the doc' },
      { type: 'text', text: ' ' },
      { type: 'link', url: 'mailto:a@b.c' },
    ]);
    expect(parseInline('<!date^1795885200^{date_short_pretty} at {time}|Fri 4 Dec, 17:00 Europe/Berlin>')).toEqual([
      { type: 'date', unix: 1795885200, format: '{date_short_pretty} at {time}', fallback: 'Fri 4 Dec, 17:00 Europe/Berlin' },
    ]);
    expect(parseInline('<!date^1795885200^{date}^https://example.com|x>')[0]).toMatchObject({ type: 'date', link: 'https://example.com' });
  });

  it('undoes Slack escaping in text, and never treats escaped brackets as entities', () => {
    expect(parseInline('a &lt;@U1&gt; &amp; b')).toEqual([{ type: 'text', text: 'a <@U1> & b' }]);
  });

  it('turns the emoji Trustloop uses into emoji and leaves unknown shortcodes and times alone', () => {
    const nodes = parseInline(':tada: :seedling: :handshake: :+1: at 09:00:00 :not_an_emoji:');
    expect(nodes.filter((n) => n.type === 'emoji').map((n) => (n as { char: string }).char)).toEqual(['🎉', '🌱', '🤝', '👍']);
    expect(plainText(nodes)).toBe('🎉 🌱 🤝 👍 at 09:00:00 :not_an_emoji:');
    expect(plainText(parseInline('17:00:tada:'))).toBe('17:00🎉');
  });

  it('knows every emoji Trustloop’s messages use', () => {
    const used = ['tada', 'seedling', 'handshake', 'white_check_mark', 'memo', 'calendar', 'sparkles', 'raised_hands', 'relieved', 'hourglass_flowing_sand', 'speech_balloon', '+1', 'wave', 'bulb', 'bar_chart', 'mirror', 'parachute', 'zzz'];
    const unknown = used.filter((name) => parseInline(`:${name}:`)[0]?.type !== 'emoji');
    expect(unknown).toEqual([]);
  });
});

describe('mrkdwn: lines, quotes and preformatted text', () => {
  it('keeps line breaks inside a paragraph', () => {
    expect(parseMrkdwn('*Due*\nFriday')).toEqual([
      { type: 'para', children: [{ type: 'bold', children: [{ type: 'text', text: 'Due' }] }, { type: 'br' }, { type: 'text', text: 'Friday' }] },
    ]);
  });

  it('groups > lines (raw or escaped) into one quote', () => {
    const out = parseMrkdwn('*The lesson:*\n>Underestimated\n&gt; the data cleaning\nafter');
    expect(out.map((p) => p.type)).toEqual(['para', 'quote', 'para']);
    expect(plainText((out[1] as { children: Inline[] }).children)).toBe('Underestimated\nthe data cleaning');
  });

  it('>>> quotes the rest of the text', () => {
    const out = parseMrkdwn('intro\n>>> one\ntwo');
    expect(out.map((p) => p.type)).toEqual(['para', 'quote']);
    expect(plainText((out[1] as { children: Inline[] }).children)).toBe('one\ntwo');
  });

  it('``` fences become preformatted text with no formatting inside', () => {
    expect(parseMrkdwn('before\n```\n*x* &lt;y&gt;\n```\nafter')).toEqual([
      { type: 'para', children: [{ type: 'text', text: 'before' }] },
      { type: 'pre', text: '*x* <y>' },
      { type: 'para', children: [{ type: 'text', text: 'after' }] },
    ]);
  });
});
