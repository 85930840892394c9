// A one-line progress bar for long CLI operations. Drawn only on a terminal: when stderr is a
// file or a pipe (scripts, CI, tests) it writes nothing, so logs stay clean.
export interface Progress {
  /** fraction in [0, 1] and a short text such as "42,000 rows" */
  update(fraction: number, text: string): void;
  /** clears the line */
  done(): void;
}

const WIDTH = 30;
const EVERY_MS = 100;

export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(fraction, text) {
      const now = Date.now();
      if (drawn && now - last < EVERY_MS) return;
      last = now;
      const f = Math.min(1, Math.max(0, fraction));
      const filled = Math.round(f * WIDTH);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(f * 100)).padStart(3)}% ${text}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** "tenants 1, clients 100,002, ..." for the one summary line. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
    .join(', ');
}
