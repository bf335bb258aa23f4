import { ephemeralWindow } from '../../../src/sandbox/view-model';

const at = (...ts: string[]) => ts.map((message_ts) => ({ message_ts }));

describe('which ephemeral replies a sandbox page sees (as in Slack: only those since it opened)', () => {
  const held = at('1796630400.000100', '1796630401.250000');

  it('a page that just opened (or reloaded) sees none of those already there, and gets a mark past the newest', () => {
    expect(ephemeralWindow(held, 'now', 'e1')).toEqual({
      after: 1796630401250000,
      mark: 'e1:1796630401250000',
    });
    expect(ephemeralWindow([], 'now', 'e1')).toEqual({ after: 0, mark: 'e1:0' });
  });

  it('with its mark it keeps seeing what came after, including a reply replaced in place (same ts)', () => {
    const { mark } = ephemeralWindow(held, 'now', 'e1');
    const later = [...held, { message_ts: '1796630402.000001' }];
    const w = ephemeralWindow(later, mark, 'e1');
    expect(w.mark).toBe(mark);
    expect(
      later.filter((e) => Number(e.message_ts.replace('.', '')) > w.after).map((e) => e.message_ts),
    ).toEqual(['1796630402.000001']);
  });

  it('a mark from another run of the sandbox (restarted or reset) shows everything of this run', () => {
    expect(ephemeralWindow(held, 'e0:1796630401250000', 'e1')).toEqual({ after: 0, mark: 'e1:0' });
  });

  it('without a mark, or with one it cannot read, every reply still held', () => {
    expect(ephemeralWindow(held, null, 'e1')).toEqual({ after: 0, mark: 'e1:0' });
    expect(ephemeralWindow(held, 'e1:12;drop', 'e1')).toEqual({ after: 0, mark: 'e1:0' });
  });
});
