/** How much rides on a piece of work: the rungs of the trust ladder ("start small to trust big"). */
export const STAKES = ['small', 'medium', 'large'] as const;
export type Stakes = (typeof STAKES)[number];

/** Closed outcomes at one stakes level. */
export interface Rung {
  wins: number;
  losses: number;
}

/** A person's trust ladder: closed outcomes per stakes level. A loss never lowers it. */
export type Ladder = Record<Stakes, Rung>;

export const emptyLadder = (): Ladder => ({
  small: { wins: 0, losses: 0 },
  medium: { wins: 0, losses: 0 },
  large: { wins: 0, losses: 0 },
});
