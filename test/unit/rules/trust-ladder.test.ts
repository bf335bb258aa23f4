import {
  addOutcome,
  emptyLadder,
  isJump,
  ladderLine,
  stepUpSuggestion,
  type Ladder,
} from '../../../src/services/trust-ladder';

const ladder = (
  small: [number, number],
  medium: [number, number] = [0, 0],
  large: [number, number] = [0, 0],
): Ladder => ({
  small: { wins: small[0], losses: small[1] },
  medium: { wins: medium[0], losses: medium[1] },
  large: { wins: large[0], losses: large[1] },
});

describe('the trust ladder: start small to trust big', () => {
  it.each([
    ['small work is never a jump, even for someone new', 'small', emptyLadder(), false],
    ['medium work for someone with no closed small work is a jump', 'medium', emptyLadder(), true],
    ['medium work after one closed small task is not a jump', 'medium', ladder([1, 0]), false],
    ['a closed loss counts as track record too', 'medium', ladder([0, 1]), false],
    ['large work with small work only is a jump', 'large', ladder([5, 0]), true],
    ['large work after closed medium work is not a jump', 'large', ladder([0, 0], [0, 1]), false],
  ] as const)('%s', (_name, stakes, l, expected) => {
    expect(isJump(stakes, l)).toBe(expected);
  });

  it.each([
    ['nothing for someone new', emptyLadder(), null],
    ['nothing with only two closed small tasks', ladder([2, 0]), null],
    ['nothing with three small tasks but only one win', ladder([1, 2]), null],
    ['medium after three small tasks with two wins', ladder([2, 1]), { from: 'small', to: 'medium' }],
    ['nothing more once medium work has been given', ladder([3, 0], [0, 1]), null],
    ['large after a solid medium record', ladder([3, 0], [2, 1]), { from: 'medium', to: 'large' }],
    ['nothing when large work has been done already', ladder([3, 0], [2, 1], [1, 0]), null],
  ] as const)('suggests a step up: %s', (_name, l, expected) => {
    expect(stepUpSuggestion(l)).toEqual(expected);
  });

  it('a loss never lowers the ladder: it adds a closed outcome', () => {
    const before = ladder([2, 0]);
    const after = addOutcome(before, 'small', 'loss');
    expect(after.small).toEqual({ wins: 2, losses: 1 });
    expect(before.small).toEqual({ wins: 2, losses: 0 });
  });

  it('reads as plain words, leaving out levels with nothing closed', () => {
    expect(ladderLine(ladder([2, 1]))).toBe('2 wins, 1 loss at small');
    expect(ladderLine(ladder([0, 0]))).toBe('no work closed yet');
    expect(ladderLine({ ...ladder([1, 0]), medium: { wins: 0, losses: 1 } })).toBe(
      '1 win at small · 1 loss at medium',
    );
  });
});
