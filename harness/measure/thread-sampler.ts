/** Samples every thread of a trial's process tree from /proc, faster inside the work window, for the CPU timeline. */
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { processTree } from './tree-sampler.js';

/** One look at the tree: seconds since the trial was spawned, each thread's cumulative CPU, memory. */
export interface ThreadSample {
  readonly seconds: number;
  /** Cumulative on-CPU seconds per thread id, from schedstat. */
  readonly runSecondsByTid: ReadonlyMap<number, number>;
  readonly rssBytes: number;
  readonly processes: number;
}

/**
 * How often the whole tree is listed again, in milliseconds. Listing reads every thread's
 * `children` file, several times the cost of a sample (about 1 ms for a 3-process tree of 45
 * threads), and a new process inside a work window is rare: pools start theirs before it. A new
 * thread of a known process is seen at the next sample (its process's thread count changed), and
 * the window's edges always list everything, so totals over the window stay exact.
 */
const RELIST_MS = 1000;
/**
 * Every how many samples the whole tree is read: every thread, each process's memory and thread
 * count. In between, only the threads whose CPU rose at their last reading are: an idle thread
 * (most of a tree's, most of the time) keeps its last figure, and what it used meanwhile is
 * counted at the next full reading; memory keeps the last full reading's; a new thread is seen at
 * the next full reading. Totals stay exact; the edges of the work window are always full readings.
 */
const FULL_EVERY = 4;

const buffer = Buffer.alloc(512);

/** Reads a small /proc file through a descriptor kept open (the kernel regenerates it at offset 0); bytes read, 0 when gone. */
function readInto(fd: number): number {
  try {
    return readSync(fd, buffer, 0, buffer.length, 0);
  } catch {
    return 0;
  }
}

/**
 * The unsigned integer fields `indexes` (ascending, counted from 0) of the `n` bytes in the
 * buffer, starting at byte `from`, parsed in place: no strings per sample.
 */
function parseFields(n: number, from: number, indexes: readonly number[]): number[] | undefined {
  const values: number[] = [];
  let field = 0;
  let value = 0;
  let wanted = 0;
  for (let i = from; i < n && wanted < indexes.length; i += 1) {
    const c = buffer[i] as number;
    if (c === 32 || c === 10) {
      if (field === indexes[wanted]) {
        values.push(value);
        wanted += 1;
      }
      field += 1;
      value = 0;
    } else if (field === indexes[wanted]) value = value * 10 + (c - 48);
  }
  if (wanted < indexes.length && field === indexes[wanted] && n > from) values.push(value);
  return values.length === indexes.length ? values : undefined;
}

/** On-CPU nanoseconds of a thread: the first field of its schedstat. */
function readRunNs(fd: number): number | undefined {
  const n = readInto(fd);
  return n === 0 ? undefined : parseFields(n, 0, [0])?.[0];
}

/**
 * A process's resident pages (statm's second field) and thread count. /proc/PID/stat has both,
 * but reading it sums the CPU of every thread of a busy process (about 30 µs each on a 2-core VM
 * against 2 µs for statm); a procfs task directory's link count is 2 + its threads, one fstat.
 */
function readProcess(process: SampledProcess): { threads: number; residentPages: number } | undefined {
  const n = readInto(process.statmFd);
  const residentPages = n === 0 ? undefined : parseFields(n, 0, [1])?.[0];
  if (residentPages === undefined) return undefined;
  try {
    return { threads: fstatSync(process.taskFd).nlink - 2, residentPages };
  } catch {
    return undefined;
  }
}

let pageBytes: number | undefined;

/** The page size, from this process's own resident pages against its RSS in bytes (no `getconf` child). */
function pageSize(): number {
  if (pageBytes === undefined) {
    const fd = openSync('/proc/self/statm', 'r');
    const n = readInto(fd);
    closeSync(fd);
    const resident = parseFields(n, 0, [1])?.[0] ?? 0;
    const ratio = resident > 0 ? process.memoryUsage().rss / resident : 4096;
    pageBytes = 2 ** Math.round(Math.log2(ratio));
  }
  return pageBytes;
}

/** One thread as the sampler keeps it: its schedstat open, its last figure, and whether that figure had risen. */
interface SampledThread {
  readonly tid: number;
  readonly pid: number;
  readonly fd: number;
  runSeconds: number | undefined;
  busy: boolean;
}

/** One process of the tree as the sampler keeps it: its statm and task directory open, and how many threads it had when listed. */
interface SampledProcess {
  readonly statmFd: number;
  readonly taskFd: number;
  listedThreads: number;
}

/**
 * Samples a tree's threads every `intervalMs` (Linux). `setInterval` changes the period, so the
 * harness can sample fast only while the trial's work window runs. A sample reads the schedstat of
 * the busy threads through descriptors kept open; every FULL_EVERY-th sample, and at each change of
 * period (the window's edges), it reads every thread and each process's memory and thread count,
 * listing a process's threads again where the count changed; the whole tree is listed every
 * RELIST_MS and at the edges.
 */
export class ThreadSampler {
  readonly samples: ThreadSample[] = [];
  readonly #started = performance.now();
  readonly #threads = new Map<number, SampledThread>();
  readonly #processes = new Map<number, SampledProcess>();
  #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #listedAt = Number.NEGATIVE_INFINITY;
  #sinceFull = FULL_EVERY;
  /** Resident pages of the tree at the last full reading. */
  #residentPages = 0;
  #stopped = false;
  /** Milliseconds spent in samples (their reads and parsing; not the timer's wake-ups), for tests and tuning. */
  sampleMs = 0;

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

  /** Changes the period, with a full sample now; 0 stops sampling until set again. */
  setInterval(intervalMs: number): void {
    if (this.#stopped || intervalMs === this.#intervalMs) return;
    this.#intervalMs = intervalMs;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (intervalMs > 0) {
      this.#listedAt = Number.NEGATIVE_INFINITY; // a full reading at the window's edge
      this.#sample();
      this.#schedule();
    }
  }

  get peakRssBytes(): number {
    return this.samples.reduce((peak, s) => Math.max(peak, s.rssBytes), 0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const { fd } of this.#threads.values()) closeSync(fd);
    for (const { statmFd, taskFd } of this.#processes.values()) {
      closeSync(statmFd);
      closeSync(taskFd);
    }
    this.#threads.clear();
    this.#processes.clear();
  }

  #schedule(): void {
    // One repeating timer per period: no timer object per sample.
    this.#timer = setInterval(() => this.#sample(), this.#intervalMs);
  }

  /** Lists the whole tree: new processes and threads are opened, ended ones closed. */
  #listTree(): void {
    const pids = processTree(this.root);
    for (const pid of pids) {
      if (this.#processes.has(pid)) continue;
      try {
        const statmFd = openSync(`/proc/${pid}/statm`, 'r');
        try {
          this.#processes.set(pid, { statmFd, taskFd: openSync(`/proc/${pid}/task`, 'r'), listedThreads: -1 });
        } catch {
          closeSync(statmFd);
        }
      } catch {
        // gone already
      }
    }
    for (const [pid, sampled] of this.#processes) {
      if (pids.includes(pid)) continue;
      closeSync(sampled.statmFd);
      closeSync(sampled.taskFd);
      this.#processes.delete(pid);
      this.#closeThreadsOf(pid, new Set());
    }
    for (const pid of this.#processes.keys()) this.#listThreads(pid);
    this.#listedAt = performance.now();
  }

  /** Lists one process's threads: opens the new ones' schedstat, closes the ended ones'. */
  #listThreads(pid: number): void {
    const sampled = this.#processes.get(pid);
    if (sampled === undefined) return;
    let tids: number[];
    try {
      tids = readdirSync(`/proc/${pid}/task`).map(Number);
    } catch {
      return; // ended: the next tree listing drops it
    }
    sampled.listedThreads = tids.length;
    for (const tid of tids) {
      if (this.#threads.has(tid)) continue;
      try {
        this.#threads.set(tid, { tid, pid, fd: openSync(`/proc/${pid}/task/${tid}/schedstat`, 'r'), runSeconds: undefined, busy: true });
      } catch {
        // ended between listing and opening
      }
    }
    this.#closeThreadsOf(pid, new Set(tids));
  }

  #closeThreadsOf(pid: number, alive: ReadonlySet<number>): void {
    for (const [tid, thread] of this.#threads) {
      if (thread.pid !== pid || alive.has(tid)) continue;
      closeSync(thread.fd);
      this.#threads.delete(tid);
    }
  }

  #sample(): void {
    if (this.#stopped) return;
    const began = performance.now();
    let full = this.#sinceFull >= FULL_EVERY - 1;
    if (began - this.#listedAt >= RELIST_MS) {
      this.#listTree();
      full = true;
    }
    // Between full readings only the busy threads are read: every system call costs more than its
    // own time here (a virtual machine flushes the caller's TLB on each), so fewer is cheaper.
    if (full) {
      this.#residentPages = 0;
      for (const [pid, sampled] of this.#processes) {
        const figures = readProcess(sampled);
        if (figures === undefined) continue;
        this.#residentPages += figures.residentPages;
        if (figures.threads !== sampled.listedThreads) this.#listThreads(pid);
      }
    }
    const runSecondsByTid = new Map<number, number>();
    for (const thread of this.#threads.values()) {
      if (full || thread.busy || thread.runSeconds === undefined) {
        const runNs = readRunNs(thread.fd);
        const runSeconds = runNs === undefined ? thread.runSeconds : runNs / 1e9;
        thread.busy = runSeconds !== thread.runSeconds;
        thread.runSeconds = runSeconds;
      }
      if (thread.runSeconds !== undefined) runSecondsByTid.set(thread.tid, thread.runSeconds);
    }
    this.#sinceFull = full ? 0 : this.#sinceFull + 1;
    this.samples.push({ seconds: this.now(), runSecondsByTid, rssBytes: this.#residentPages * pageSize(), processes: this.#processes.size });
    this.sampleMs += performance.now() - began;
  }
}
