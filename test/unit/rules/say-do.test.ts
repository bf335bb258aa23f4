import { ratioLabel, sayDoRatio, sparkline, type SayDoCounts } from '../../../src/services/say-do';

const counts = (c: Partial<SayDoCounts>): SayDoCounts => ({ keptOnTime: 0, keptLate: 0, missed: 0, renegotiated: 0, released: 0, open: 0, ...c });

describe('the say/do ratio (kept on time ÷ settled)', () => {
  it.each([
    ['no promises at all → "no promises yet", never 0% or NaN', counts({}), 'no promises yet'],
    ['only open promises → "nothing due yet"', counts({ open: 3 }), 'nothing due yet'],
    ['only released promises are not counted against anyone', counts({ released: 2 }), 'nothing due yet'],
    ['all kept on time → 100%', counts({ keptOnTime: 4 }), '100%'],
    ['kept late counts as settled, not on time', counts({ keptOnTime: 1, keptLate: 1 }), '50%'],
    ['misses count in the denominator', counts({ keptOnTime: 3, missed: 1 }), '75%'],
    ['renegotiations are shown apart and never lower the ratio', counts({ keptOnTime: 2, renegotiated: 5 }), '100%'],
    ['released promises never lower the ratio', counts({ keptOnTime: 1, released: 3 }), '100%'],
    ['rounds to whole percent', counts({ keptOnTime: 2, missed: 1 }), '67%'],
    ['all missed → 0%', counts({ missed: 2 }), '0%'],
  ])('%s', (_name, c, label) => {
    expect(ratioLabel(sayDoRatio(c))).toBe(label);
  });

  it('draws one character per week, a dot for a week with nothing settled', () => {
    const weeks = [counts({}), counts({ keptOnTime: 1 }), counts({ missed: 1 }), counts({ keptOnTime: 1, missed: 1 })].map(sayDoRatio);
    expect(sparkline(weeks)).toBe('·█▁▅');
  });
});
