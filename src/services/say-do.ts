/**
 * The say/do ratio, defined once (README: "The say/do ratio").
 *
 *   say/do = promises kept on time ÷ promises settled, over a window (the last 8 weeks by default)
 *
 * - A promise is *settled* when it ends as kept or missed; it counts in the window where it was settled.
 * - *Kept on time* means marked done no later than its due time — the due time in force then, so a
 *   promise moved before it fell due (renegotiated) and kept by the new date counts as kept on time.
 * - Kept late (after the due time, inside the grace period) is settled but not on time.
 * - Renegotiations are counted and shown apart; they never count as misses.
 * - Released promises (the other person let the owner off) and open promises are not counted.
 * - With nothing settled there is no ratio: "no promises yet" (or "nothing due yet"), never 0% or NaN.
 */
export interface SayDoCounts {
  keptOnTime: number;
  keptLate: number;
  missed: number;
  renegotiated: number;
  released: number;
  open: number;
}

export type SayDoRatio =
  | { kind: 'ratio'; value: number; settled: number }
  | { kind: 'none'; reason: 'no_promises' | 'nothing_settled' };

export function sayDoRatio(c: SayDoCounts): SayDoRatio {
  const settled = c.keptOnTime + c.keptLate + c.missed;
  if (settled === 0)
    return {
      kind: 'none',
      reason: c.open + c.released + c.renegotiated > 0 ? 'nothing_settled' : 'no_promises',
    };
  return { kind: 'ratio', value: c.keptOnTime / settled, settled };
}

export function ratioLabel(r: SayDoRatio): string {
  if (r.kind === 'none') return r.reason === 'no_promises' ? 'no promises yet' : 'nothing due yet';
  return `${Math.round(r.value * 100)}%`;
}

export const SPARK = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** One character per week, oldest first: the week's ratio as a bar, `·` for a week with nothing settled. */
export function sparkline(weeks: SayDoRatio[]): string {
  return weeks
    .map((w) =>
      w.kind === 'none' ? '·' : SPARK[Math.min(SPARK.length - 1, Math.floor(w.value * SPARK.length))],
    )
    .join('');
}

export const WINDOW_WEEKS = 8;
