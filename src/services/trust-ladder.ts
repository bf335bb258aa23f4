/**
 * The trust ladder: a person's closed outcomes per stakes level ("start small to trust big").
 * Pure rules, no I/O. A loss is a closed outcome like a win: it never lowers anyone's ladder.
 */
import { emptyLadder, STAKES, type Ladder, type Rung, type Stakes } from '../domain/stakes';
import type { GrowthSignal } from '../domain/team';

// Re-exported so the rules and their tests read from one place.
export { emptyLadder, STAKES, type Ladder, type Rung, type Stakes };

export const closed = (r: Rung): number => r.wins + r.losses;

/** The level below `stakes`, whose track record a step up builds on. */
export function levelBelow(stakes: Stakes): Stakes | null {
  const i = STAKES.indexOf(stakes);
  return i > 0 ? STAKES[i - 1] : null;
}

export function levelAbove(stakes: Stakes): Stakes | null {
  const i = STAKES.indexOf(stakes);
  return i < STAKES.length - 1 ? STAKES[i + 1] : null;
}

/**
 * "Buffer appropriately": handing someone work above their track record is allowed, but asks for a
 * safety net. It is a jump when they have no closed work at the level just below (medium needs some
 * closed small work; large needs closed medium work).
 */
export function isJump(stakes: Stakes, ladder: Ladder): boolean {
  const below = levelBelow(stakes);
  return below !== null && closed(ladder[below]) === 0;
}

/** Ready for the next step: at least 3 closed outcomes at a level, at least 2 of them wins. */
export const STEP_UP_MIN_CLOSED = 3;
export const STEP_UP_MIN_WINS = 2;

export function isReadyAt(level: Stakes, ladder: Ladder): boolean {
  const r = ladder[level];
  return closed(r) >= STEP_UP_MIN_CLOSED && r.wins >= STEP_UP_MIN_WINS;
}

/**
 * The highest level at which the person has earned the next step, if the level above it has not been
 * reached yet; null when no step up is due. Used for "ready for medium stakes" suggestions.
 */
export function stepUpSuggestion(ladder: Ladder): { from: Stakes; to: Stakes } | null {
  for (const level of ['medium', 'small'] as const) {
    const to = levelAbove(level)!;
    if (isReadyAt(level, ladder) && closed(ladder[to]) === 0) return { from: level, to };
  }
  return null;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "3 wins, 1 loss at small · 1 win at medium" — the ladder in plain words, for celebrations,
 * confirmations and the Home tab; levels with nothing closed are left out.
 */
export function ladderLine(ladder: Ladder): string {
  const levels = STAKES.filter((s) => closed(ladder[s]) > 0).map((s) => {
    const r = ladder[s];
    const parts = [
      ...(r.wins > 0 ? [count(r.wins, 'win', 'wins')] : []),
      ...(r.losses > 0 ? [count(r.losses, 'loss', 'losses')] : []),
    ];
    return `${parts.join(', ')} at ${s}`;
  });
  return levels.length > 0 ? levels.join(' · ') : 'no work closed yet';
}

export function addOutcome(ladder: Ladder, stakes: Stakes, result: 'win' | 'loss'): Ladder {
  const next = structuredClone(ladder);
  if (result === 'win') next[stakes].wins += 1;
  else next[stakes].losses += 1;
  return next;
}

/** Someone who has had only small work this long, though ready for more, is "stuck". */
export const STUCK_AFTER_WEEKS = 6;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whom the leader could grow now: ready for the next level by the ladder rule, or — when they have
 * had nothing but small work for `STUCK_AFTER_WEEKS` despite wins — stuck, so the leader is nudged.
 */
export function growthSignal(
  ladder: Ladder,
  history: { firstGivenAt: Date; everAboveSmall: boolean },
  now: Date,
): GrowthSignal | null {
  const step = stepUpSuggestion(ladder);
  if (!step) return null;
  const at = ladder[step.from];
  const weeks = Math.floor((now.getTime() - history.firstGivenAt.getTime()) / WEEK_MS);
  if (step.from === 'small' && !history.everAboveSmall && weeks >= STUCK_AFTER_WEEKS)
    return { kind: 'stuck', weeks, closed: closed(at), wins: at.wins, to: step.to };
  return { kind: 'ready', from: step.from, to: step.to, closed: closed(at), wins: at.wins };
}
