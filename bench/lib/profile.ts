// Summarizes a V8 .cpuprofile (from `node --cpu-prof`) into the functions with the most self time.
import type { ProfileLine } from './report.ts';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples?: number[];
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);

/** Self time per function (by name and location), as a share of the non-idle samples. */
export function topSelfTime(profile: CpuProfile, limit = 25, root = ''): ProfileLine[] {
  const hits = new Map<string, { fn: string; where: string; hits: number }>();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    const name = node.callFrame.functionName || '(anonymous)';
    if (count === 0 || IDLE.has(name)) continue;
    const url = node.callFrame.url.replace(/^file:\/\//, '');
    const where = url ? `${root && url.startsWith(root) ? url.slice(root.length) : url}:${node.callFrame.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = hits.get(key) ?? { fn: name, where, hits: 0 };
    entry.hits += count;
    hits.set(key, entry);
    total += count;
  }
  return [...hits.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, limit)
    .map((e) => ({ fn: e.fn, where: e.where, selfPercent: total ? (e.hits / total) * 100 : 0 }));
}
