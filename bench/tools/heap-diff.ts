/**
 * What grew between two V8 heap snapshots (.heapsnapshot): self size and count by constructor / type.
 *   node --require tsx/cjs bench/tools/heap-diff.ts before.heapsnapshot after.heapsnapshot
 */
import fs from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function bySize(file: string): Map<string, { size: number; count: number }> {
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = f.length;
  const iType = f.indexOf('type');
  const iName = f.indexOf('name');
  const iSize = f.indexOf('self_size');
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]!]!;
    const name = type === 'object' || type === 'closure' ? s.strings[s.nodes[i + iName]!]! : `(${type})`;
    const key = `${type}:${name.slice(0, 60)}`;
    const e = out.get(key) ?? { size: 0, count: 0 };
    e.size += s.nodes[i + iSize]!;
    e.count++;
    out.set(key, e);
  }
  return out;
}

const [a, b] = process.argv.slice(2);
const before = bySize(a!);
const after = bySize(b!);
const rows = [...after].map(([k, v]) => ({ k, dSize: v.size - (before.get(k)?.size ?? 0), dCount: v.count - (before.get(k)?.count ?? 0), size: v.size }));
rows.sort((x, y) => y.dSize - x.dSize);
for (const r of rows.slice(0, 25)) console.log(`${(r.dSize / 1024 / 1024).toFixed(2).padStart(7)} MB  ${String(r.dCount).padStart(8)}×  ${r.k}`);
