/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time by function, and
 * by package/file, so a report can say what bounds a figure.
 */
import fs from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  topFunctions: { name: string; where: string; selfMs: number; pct: number }[];
  byArea: { area: string; selfMs: number; pct: number }[];
}

function area(url: string): string {
  if (!url) return '(native / idle / gc)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const d = /\/dist\/src\/([^/]+)/.exec(url);
  if (d) return `trustloop/${d[1]}`;
  return path.basename(url);
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  if (p.samples && p.timeDeltas) {
    for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  } else {
    const per = (p.endTime - p.startTime) / 1000 / Math.max(1, p.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0));
    for (const n of p.nodes) self.set(n.id, (n.hitCount ?? 0) * per);
  }
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, { name: string; where: string; selfMs: number }>();
  const ar = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    const where = n.callFrame.url ? `${n.callFrame.url.replace(/^file:\/\//, '').replace(/.*\/(node_modules|dist)\//, '$1/')}:${n.callFrame.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const e = fn.get(key) ?? { name, where, selfMs: 0 };
    e.selfMs += ms;
    fn.set(key, e);
    const a = ['(idle)', '(program)', '(garbage collector)'].includes(name) ? name : area(n.callFrame.url);
    ar.set(a, (ar.get(a) ?? 0) + ms);
  }
  const pct = (ms: number) => Math.round((ms / totalMs) * 1000) / 10;
  return {
    file,
    totalMs: Math.round(totalMs),
    topFunctions: [...fn.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top).map((f) => ({ ...f, selfMs: Math.round(f.selfMs), pct: pct(f.selfMs) })),
    byArea: [...ar.entries()].map(([area, ms]) => ({ area, selfMs: Math.round(ms), pct: pct(ms) })).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  };
}

if (require.main === module) {
  for (const f of process.argv.slice(2)) {
    const s = summarizeProfile(f);
    console.log(`# ${f}: ${s.totalMs} ms sampled`);
    console.log('## by area');
    for (const a of s.byArea) console.log(`${String(a.pct).padStart(5)}%  ${a.selfMs} ms  ${a.area}`);
    console.log('## top functions (self)');
    for (const t of s.topFunctions) console.log(`${String(t.pct).padStart(5)}%  ${t.selfMs} ms  ${t.name}  ${t.where}`);
  }
}
