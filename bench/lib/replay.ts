/**
 * PostgreSQL's own CPU per statement, for the profiling tools: each statement run again `times` times
 * with the params of its first use, on one backend of `database`, the backend's CPU read from /proc
 * before and after. Writes run inside a transaction rolled back each time (that overhead, measured
 * alone, is taken off); a write that conflicts on a second run (a unique key) shows its cost up to the
 * conflict, and one gated on a compare-and-set that the run has since moved past (the one-statement
 * delegation write, whose reference is taken by then) times only its no-op path: for that statement's
 * real cost, see `pg_stat_statements` (bench/REPORT.md, issue 17's last stop).
 * A statement the app runs prepared (`{ prepared: true }`) is replayed prepared too: parsed once,
 * planned as PostgreSQL's plan cache decides, as on the app's pooled connections.
 * With `explain`, the plan of each statement that runs at least `explain` times per unit.
 */
import { withClient } from './pg';
import { cpuSeconds } from './util';

export interface ReplayedStatement {
  label: string;
  sql: string;
  params?: readonly unknown[];
  /** How often the run made it per unit of work (per command, per message). */
  perUnit: number;
  /** The app runs it as a named prepared statement. */
  prepared?: boolean;
}

const WRITE = /^\s*(with [\s\S]*\b(update|insert|delete)\b|update|insert|delete)/i;

export async function replayCpu(
  database: string,
  statements: readonly ReplayedStatement[],
  opts: { times?: number; unit: string; explain?: number },
): Promise<void> {
  const times = opts.times ?? 200;
  await withClient(database, async (c) => {
    const pid = Number((await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
    const cpuOf = async (fn: () => Promise<unknown>) => {
      const before = cpuSeconds(pid);
      for (let i = 0; i < times; i++) await fn();
      return ((cpuSeconds(pid) - before) * 1000) / times;
    };
    const inRollback = async (fn: () => Promise<unknown>) => {
      await c.query('begin');
      await fn().catch(() => undefined);
      await c.query('rollback');
    };
    const base = await cpuOf(() => inRollback(async () => undefined));
    console.log(
      `PostgreSQL CPU per statement (replayed ${times}× on one backend; begin+rollback ${base.toFixed(3)} ms taken off writes):`,
    );
    for (const [i, s] of statements.entries()) {
      const values = s.params as unknown[] | undefined;
      const run = () =>
        c.query(s.prepared ? { name: `replay_${i}`, text: s.sql, values } : { text: s.sql, values });
      const ms = WRITE.test(s.sql) ? (await cpuOf(() => inRollback(run))) - base : await cpuOf(run);
      console.log(
        `${ms.toFixed(3).padStart(7)} ms × ${s.perUnit.toFixed(3)} per ${opts.unit} = ${(ms * s.perUnit).toFixed(3)} ms/${opts.unit}${s.prepared ? ' (prepared)' : ''}  ${s.label.slice(0, 80)}`,
      );
      if (opts.explain !== undefined && s.perUnit >= opts.explain)
        await inRollback(async () => {
          const plan = await c.query<{ 'QUERY PLAN': string }>(
            `explain (analyze, buffers) ${s.sql}`,
            s.params as unknown[],
          );
          for (const r of plan.rows) console.log(`        ${r['QUERY PLAN']}`);
        });
    }
  });
}
