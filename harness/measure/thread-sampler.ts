/** Samples every thread of a trial's process tree from /proc, faster inside the work window, for the CPU timeline. */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { processTree } from './tree-sampler.js';

/** One look at the tree: seconds since the trial was spawned, each thread's cumulative CPU, memory. */
export interface ThreadSample {
  readonly seconds: number;
  /** Cumulative on-CPU seconds per thread id, from schedstat. */
  readonly runSecondsByTid: ReadonlyMap<number, number>;
  readonly rssBytes: number;
  readonly processes: number;
}

/** How often the tree and its thread lists are listed again, in milliseconds: listing costs more than reading. */
const RELIST_MS = 100;

const buffer = Buffer.alloc(256);

/**
 * The `index`-th space-separated unsigned integer of a small /proc file, read through a descriptor
 * kept open (the kernel regenerates the file at offset 0), parsed in place: no strings per sample.
 */
function readField(fd: number, index: number): number | undefined {
  let n: number;
  try {
    n = readSync(fd, buffer, 0, buffer.length, 0);
  } catch {
    return undefined;
  }
  let field = 0;
  let value = 0;
  for (let i = 0; i < n; i += 1) {
    const c = buffer[i] as number;
    if (c === 32) {
      if (field === index) return value;
      field += 1;
      value = 0;
    } else if (field === index) value = value * 10 + (c - 48);
  }
  return field === index && n > 0 ? value : undefined;
}

/** Reads a small /proc file through a descriptor kept open: the kernel regenerates it at offset 0. */
function readOpen(fd: number): string | undefined {
  try {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1', 0, n);
  } catch {
    return undefined;
  }
}

let pageBytes: number | undefined;

/** The page size, from this process's own resident pages against its RSS in bytes (no `getconf` child). */
function pageSize(): number {
  if (pageBytes === undefined) {
    const fd = openSync('/proc/self/statm', 'r');
    const resident = Number(readOpen(fd)?.split(' ')[1] ?? 0);
    closeSync(fd);
    const ratio = resident > 0 ? process.memoryUsage().rss / resident : 4096;
    pageBytes = 2 ** Math.round(Math.log2(ratio));
  }
  return pageBytes;
}

/**
 * Samples a tree's threads every `intervalMs` (Linux). `setInterval` changes the period, so the
 * harness can sample fast only while the trial's work window runs.
 */
export class ThreadSampler {
  readonly samples: ThreadSample[] = [];
  readonly #started = performance.now();
  readonly #threads = new Map<string, { tid: number; fd: number }>();
  readonly #memory = new Map<number, number>();
  #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #listedAt = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(
    private readonly root: number,
    intervalMs: number,
  ) {
    this.#intervalMs = intervalMs;
    pageSize();
    if (intervalMs > 0) this.#schedule();
  }

  /** Seconds since the sampler started (the trial's spawn). */
  now(): number {
    return (performance.now() - this.#started) / 1000;
  }

  /** Changes the period from the next sample on; 0 stops sampling until set again. */
  setInterval(intervalMs: number): void {
    if (this.#stopped || intervalMs === this.#intervalMs) return;
    this.#intervalMs = intervalMs;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (intervalMs > 0) {
      this.#sample();
    }
  }

  get peakRssBytes(): number {
    return this.samples.reduce((peak, s) => Math.max(peak, s.rssBytes), 0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const { fd } of this.#threads.values()) closeSync(fd);
    for (const fd of this.#memory.values()) closeSync(fd);
    this.#threads.clear();
    this.#memory.clear();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => this.#sample(), this.#intervalMs);
  }

  #list(): void {
    const pids = processTree(this.root);
    const alive = new Set<string>();
    for (const pid of pids) {
      if (!this.#memory.has(pid)) {
        try {
          this.#memory.set(pid, openSync(`/proc/${pid}/statm`, 'r'));
        } catch {
          continue; // gone already
        }
      }
      let tids: string[] = [];
      try {
        tids = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue;
      }
      for (const tid of tids) {
        const key = `${pid}/${tid}`;
        alive.add(key);
        if (this.#threads.has(key)) continue;
        try {
          this.#threads.set(key, { tid: Number(tid), fd: openSync(`/proc/${pid}/task/${tid}/schedstat`, 'r') });
        } catch {
          // ended between listing and opening
        }
      }
    }
    for (const [key, { fd }] of this.#threads) {
      if (!alive.has(key)) {
        closeSync(fd);
        this.#threads.delete(key);
      }
    }
    for (const [pid, fd] of this.#memory) {
      if (!pids.includes(pid)) {
        closeSync(fd);
        this.#memory.delete(pid);
      }
    }
    this.#listedAt = performance.now();
  }

  #sample(): void {
    if (this.#stopped) return;
    if (performance.now() - this.#listedAt >= RELIST_MS) this.#list();
    const runSecondsByTid = new Map<number, number>();
    for (const { tid, fd } of this.#threads.values()) {
      const runNs = readField(fd, 0);
      if (runNs !== undefined) runSecondsByTid.set(tid, runNs / 1e9);
    }
    let residentPages = 0;
    for (const fd of this.#memory.values()) residentPages += readField(fd, 1) ?? 0;
    const rssBytes = residentPages * pageSize();
    this.samples.push({ seconds: this.now(), runSecondsByTid, rssBytes, processes: this.#memory.size });
    if (this.#intervalMs > 0) this.#schedule();
  }
}

/** One point of the CPU timeline, stacked by thread kind where the kinds are known. */
export interface StackedSample {
  readonly seconds: number;
  /** CPU of the whole tree over the interval ending here, 100 = one core. */
  readonly cpuPercent: number;
  readonly rssBytes: number;
  readonly processes: number;
  /** Cores busy over the interval ending here, per thread kind (absent when kinds are unknown). */
  readonly coresByKind?: Readonly<Record<string, number>>;
}

/**
 * The timeline from raw samples: each point is the CPU used since the previous one, so a thread
 * first seen in an interval counts all it used since it was born there.
 */
export function stackSamples(samples: readonly ThreadSample[], kindOf?: (tid: number) => string | undefined): StackedSample[] {
  const points: StackedSample[] = [];
  for (let i = 1; i < samples.length; i += 1) {
    const previous = samples[i - 1] as ThreadSample;
    const current = samples[i] as ThreadSample;
    const span = current.seconds - previous.seconds;
    if (span <= 0) continue;
    const byKind: Record<string, number> = {};
    let total = 0;
    for (const [tid, run] of current.runSecondsByTid) {
      const used = Math.max(0, run - (previous.runSecondsByTid.get(tid) ?? 0)) / span;
      total += used;
      const kind = kindOf?.(tid) ?? 'other';
      byKind[kind] = (byKind[kind] ?? 0) + used;
    }
    points.push({
      seconds: current.seconds,
      cpuPercent: total * 100,
      rssBytes: current.rssBytes,
      processes: current.processes,
      ...(kindOf === undefined ? {} : { coresByKind: byKind }),
    });
  }
  return points;
}
