import { neutralise, neutralisePayload } from '../../../src/views/neutralise';
import { clip } from '../../../src/views/format';

describe('what people type can never ping or mislead a channel', () => {
  it.each([
    ['<!channel> ship it', '@channel ship it'],
    ['<!channel|@channel> ship it', '@channel ship it'],
    ['<!here> look', '@here look'],
    ['<!here|here> look', '@here look'],
    ['<!everyone>', '@everyone'],
    ['ask <!subteam^S0ENG|@eng> first', 'ask @eng first'],
    ['ask <!subteam^S0ENG|eng> first', 'ask @eng first'],
    ['ask <!subteam^S0ENG>', 'ask @group'],
    ['<!group>', '@group'],
  ])('turns the special mention in %p into plain text', (typed, shown) => {
    expect(neutralise(typed)).toBe(shown);
  });

  it.each([
    ['see <https://evil.example/x|the Q3 doc>', 'see the Q3 doc (<https://evil.example/x>)'],
    ['<https://example.com|example.com>', '<https://example.com>'],
    ['<https://example.com/|https://example.com>', '<https://example.com/>'],
    ['<https://example.com>', '<https://example.com>'],
    ['<mailto:ana@example.com|ana@example.com>', '<mailto:ana@example.com>'],
    ['<https://slack.com.evil.io/x|Slack>', 'Slack (<https://slack.com.evil.io/x>)'],
  ])('shows the real target of the link in %p', (typed, shown) => {
    expect(neutralise(typed)).toBe(shown);
  });

  it('keeps person mentions and channel links (naming a teammate is fine)', () => {
    expect(neutralise('thanks <@U0ANA|ana> and <#C0TEAM|team>')).toBe('thanks <@U0ANA> and <#C0TEAM>');
    expect(neutralise('<@W0GRID>')).toBe('<@W0GRID>');
  });

  it('shows anything else in angle brackets as typed, never as a token', () => {
    expect(neutralise('a <b> c')).toBe('a &lt;b&gt; c');
    expect(neutralise('x < y > z')).toBe('x &lt; y &gt; z');
    expect(neutralise('<<!channel>>')).toBe('&lt;@channel&gt;');
  });

  it('leaves text without tokens, entities, emoji and right-to-left text alone', () => {
    for (const t of [
      'R&amp;D plan',
      'Ship 👩🏽‍💻 by Friday',
      'مرحبا بالعالم',
      "Robert'); DROP TABLE delegations;--",
    ]) {
      expect(neutralise(t)).toBe(t);
    }
  });

  it('is idempotent, so a second pass over a payload changes nothing', () => {
    for (const t of ['<!channel> <https://a.example|b> <@U1|x> <x>', 'fine']) {
      expect(neutralise(neutralise(t))).toBe(neutralise(t));
    }
  });

  it('the payload pass neutralises every text of a message but keeps our own date tokens and Slack links', () => {
    const payload = {
      channel: 'C1',
      text: '<!here> fallback',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'due <!date^1700000000^{date_short_pretty}|Tue 14 Nov>' },
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: '<https://acme.slack.com/archives/C1/p1|the message> <!everyone>' },
          ],
        },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '<https://evil.example|docs>' }] },
      ],
    };
    const out = neutralisePayload(payload);
    expect(JSON.stringify(out)).not.toMatch(/<!(here|everyone|channel)/);
    expect(out.text).toBe('@here fallback');
    expect(out.blocks[0].text!.text).toContain('<!date^1700000000^{date_short_pretty}|Tue 14 Nov>');
    expect(out.blocks[1].elements![0].text).toBe(
      '<https://acme.slack.com/archives/C1/p1|the message> @everyone',
    );
    expect(out.blocks[2].fields![0].text).toBe('docs (<https://evil.example>)');
    expect(out.channel).toBe('C1');
  });
});

describe('cutting long text to fit Slack', () => {
  it('keeps short text as it is', () => {
    expect(clip('short', 10)).toBe('short');
  });

  it('cuts on whole characters: an emoji with a skin tone stays whole', () => {
    const text = `${'a'.repeat(8)}👩🏽‍💻 and more`;
    const cut = clip(text, 12);
    expect(cut.length).toBeLessThanOrEqual(12);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
  });

  it('never cuts inside an entity or a token', () => {
    expect(clip('R&amp;D and more text', 5)).toBe('R…');
    expect(clip('see <@U0ANA> please now', 8)).toBe('see…');
    for (let max = 2; max < 30; max++) {
      const out = clip('x &amp; <@U123> y <https://example.com> z', max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/&[a-z]*…|<[^>]*…/);
    }
  });
});
