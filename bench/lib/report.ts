/** Markdown for a run's results (bench/results/*.md); bench/REPORT.md quotes these. */
import type { BenchResult } from './context';
import { table, type MachineInfo } from './util';

export function machineLines(m: MachineInfo & { appCommit?: string; appDirty?: string[] }, args: string[]): string {
  return [
    `- date: ${m.date}`,
    `- machine: ${m.nproc} cores (${m.cpuModel}), ${m.memTotalMb} MB RAM, load average at start ${m.loadAvg.join(' / ')}`,
    `- node ${m.node}, PostgreSQL ${m.postgres}, kernel ${m.kernel}, commit ${m.commit}`,
    `- app under test: dist/ built from ${m.appCommit ?? m.commit}${m.appDirty?.length ? ` with uncommitted changes in ${m.appDirty.join(', ')}` : ''}`,
    `- command: ${args.join(' ') || '(all, full)'}`,
  ].join('\n');
}

export function renderBenchMarkdown(m: MachineInfo & { appCommit?: string; appDirty?: string[] }, args: string[], results: BenchResult[]): string {
  const out = [`# Benchmark run ${m.date}`, '', machineLines(m, args), ''];
  for (const r of results) {
    out.push(`## ${r.name} (${Math.round(r.seconds)} s)`, '');
    out.push(
      table(
        ['figure', 'value', 'reference (same run)', 'ratio', 'goal', 'met'],
        r.figures.map((f) => [
          f.name + (f.note ? ` — ${f.note}` : ''),
          `${f.value} ${f.unit}`,
          f.reference ? `${f.reference.name}: ${f.reference.value}` : '',
          f.ratio !== undefined ? `${f.ratio}×` : '',
          f.goal ?? '',
          f.met === undefined ? '' : f.met ? 'yes' : '**no**',
        ]),
      ),
      '',
    );
    for (const n of r.notes) out.push(`- ${n}`);
    out.push('');
  }
  return out.join('\n');
}
