/** Samples a trial's process tree while it runs: CPU and RSS summed over its processes. */
import { readdirSync, readFileSync } from 'node:fs';
import pidusage from 'pidusage';

/** One look at a trial's process tree: elapsed seconds, summed CPU % (100 = one core) and RSS. */
export interface TreeSample {
  /** Seconds since sampling began (the name is unit-less because results files store it under this name). */
  readonly seconds: number;
  readonly cpuPercent: number;
  readonly rssBytes: number;
  readonly processes: number;
}

/** Every pid of the tree rooted at `root`: on Linux from /proc's children lists, elsewhere the root only. */
export function processTree(root: number): number[] {
  if (process.platform !== 'linux') return [root];
  const seen: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    seen.push(pid);
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (children.length > 0) pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // the process ended while we looked: it has no children any more
    }
  }
  return seen;
}

/**
 * How long pidusage keeps a process's history (and its open /proc/<pid>/stat file) after the
 * last look, in milliseconds. Its `clear()` drops the history without closing those files, so
 * the harness never calls it and lets entries expire instead: files of ended trials close
 * within about this long.
 */
export const PIDUSAGE_MAXAGE_MS = 1000;

/** Samples a process tree with pidusage every `intervalMs` until stopped. */
export class TreeSampler {
  readonly samples: TreeSample[] = [];
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #started = performance.now();

  constructor(
    private readonly root: number,
    private readonly intervalMs: number,
  ) {
    if (intervalMs > 0) this.#schedule();
  }

  /** Largest summed RSS seen, in bytes (0 when sampling was off). */
  get peakRssBytes(): number {
    return this.samples.reduce((peak, sample) => Math.max(peak, sample.rssBytes), 0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }

  #schedule(): void {
    this.#timer = setTimeout(() => void this.#sample(), this.intervalMs);
  }

  async #sample(): Promise<void> {
    const pids = processTree(this.root);
    try {
      const stats = await pidusage(pids, { maxage: Math.max(PIDUSAGE_MAXAGE_MS, this.intervalMs * 3) });
      if (this.#stopped) return;
      const values = Object.values(stats).filter((stat) => stat !== undefined && stat !== null);
      this.samples.push({
        seconds: (performance.now() - this.#started) / 1000,
        cpuPercent: values.reduce((sum, stat) => sum + stat.cpu, 0),
        rssBytes: values.reduce((sum, stat) => sum + stat.memory, 0),
        processes: values.length,
      });
    } catch {
      // a process of the tree ended between listing and sampling; the next sample will do
    }
    if (!this.#stopped) this.#schedule();
  }
}

/** pidusage runs `getconf` once on first use: do it before any trial so no trial pays for it. */
export async function primeSampler(): Promise<void> {
  await pidusage(process.pid, { maxage: PIDUSAGE_MAXAGE_MS });
}
