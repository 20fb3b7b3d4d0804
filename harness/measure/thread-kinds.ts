/** Sorts a trial's threads into kinds (JavaScript, libuv pool, V8 helpers, ...) from evidence, per Node version. */
import type { ThreadSnapshot } from './threads.js';

/** What a thread does for the runtime. `native` threads were named by a library (libvips, say). */
export type ThreadKind = 'main-js' | 'worker-js' | 'child-js' | 'libuv-pool' | 'v8-helpers' | 'native' | 'other';

export const THREAD_KINDS: readonly ThreadKind[] = ['main-js', 'worker-js', 'child-js', 'libuv-pool', 'v8-helpers', 'native', 'other'];

/** How a report names each kind. */
export const KIND_LABELS: Readonly<Record<ThreadKind, string>> = {
  'main-js': 'main JavaScript thread',
  'worker-js': 'worker JavaScript threads',
  'child-js': "child processes' JavaScript threads",
  'libuv-pool': "libuv's thread pool",
  'v8-helpers': "V8's helper threads (GC, compiler)",
  native: 'native library threads',
  other: 'other threads',
};

/** What is known for sure before looking at the threads. */
export interface KnownThreads {
  /** The trial process: its thread with tid = pid is the main JavaScript thread. */
  readonly trialPid: number;
  /** Thread ids the worker threads reported for themselves (from /proc/thread-self). */
  readonly workerTids: ReadonlySet<number>;
  /** Thread ids whose CPU rose while the trial ran a burst of libuv work (Node 20's probe). */
  readonly libuvProbeTids: ReadonlySet<number>;
}

/** The method used for one Node version, written into every record. */
export function classificationMethod(nodeVersion: string): string {
  const major = Number(/^v?(\d+)/.exec(nodeVersion)?.[1] ?? 0);
  const base =
    'main thread: tid = pid of the trial; worker JavaScript threads: the tid each worker read from /proc/thread-self; ' +
    "child processes' JavaScript threads: tid = pid of the child; native: threads a library named (e.g. `libvips worker`)";
  if (major >= 24) return `Node ${major}: ${base}; libuv pool, V8 helpers by the names Node gives them (libuv-worker; V8Worker, DelayedTaskSche); the rest other`;
  if (major >= 22) {
    return (
      `Node ${major}: ${base}; libuv pool by its name (libuv-worker); V8 helpers: the unnamed threads sleeping on one shared futex ` +
      '(the platform pool) plus the one other thread sleeping in epoll (its delayed-task thread); the rest other'
    );
  }
  return (
    `Node ${major}: every thread is named \`node\`, so ${base}; libuv pool: the threads whose CPU rose during a burst of ` +
    'crypto.pbkdf2 calls at trial start, with every thread sleeping on the same futex word as they do; in child processes ' +
    '(no probe) the later-created of two futex-sharing groups; V8 helpers: the earliest-created group of unnamed threads ' +
    'sharing one futex (the platform pool, created before any JavaScript runs) plus the one other thread sleeping in epoll ' +
    '(its delayed-task thread); the rest other'
  );
}

/** System call numbers that matter here, per architecture: futex and the epoll waits. */
const SYSCALLS: Readonly<Record<string, { futex: number; epoll: readonly number[] }>> = {
  x64: { futex: 202, epoll: [232, 281, 441] },
  arm64: { futex: 98, epoll: [22, 441] },
};

/** Size of glibc's pthread_cond_t: threads waiting on one condition variable sleep within it. */
const CONDITION_BYTES = 48n;

/** Groups of threads (sorted by tid) sleeping on futex words within one condition variable of each other. */
function futexGroups(threads: readonly ThreadSnapshot[], futex: number): ThreadSnapshot[][] {
  const sleeping = threads
    .filter((t) => t.blockedIn?.syscall === futex)
    .sort((a, b) => (a.blockedIn!.firstArg < b.blockedIn!.firstArg ? -1 : a.blockedIn!.firstArg > b.blockedIn!.firstArg ? 1 : 0));
  const groups: ThreadSnapshot[][] = [];
  let current: ThreadSnapshot[] = [];
  for (const thread of sleeping) {
    const first = current[0];
    if (first !== undefined && thread.blockedIn!.firstArg - first.blockedIn!.firstArg >= CONDITION_BYTES) {
      groups.push(current);
      current = [];
    }
    current.push(thread);
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g) => [...g].sort((a, b) => a.tid - b.tid)).filter((g) => g.length >= 2);
}

/**
 * The kind of every thread of one process. Threads are read while the process is idle (before or
 * after the work window), so each sits where it waits; a thread that was running is left `other`
 * unless its name or a report says more.
 */
export function classifyProcess(threads: readonly ThreadSnapshot[], known: KnownThreads, arch: string = process.arch): Map<number, ThreadKind> {
  const kinds = new Map<number, ThreadKind>();
  const pid = threads[0]?.pid;
  if (pid === undefined) return kinds;
  const isTrial = pid === known.trialPid;
  for (const t of threads) {
    if (t.tid === t.pid) kinds.set(t.tid, isTrial ? 'main-js' : 'child-js');
    else if (known.workerTids.has(t.tid) || t.name === 'WorkerThread') kinds.set(t.tid, 'worker-js');
    else if (t.name === 'libuv-worker') kinds.set(t.tid, 'libuv-pool');
    else if (t.name === 'V8Worker' || t.name === 'DelayedTaskSche') kinds.set(t.tid, 'v8-helpers');
    else if (t.name !== 'node' && t.name !== 'MainThread' && t.name !== 'SignalInspector' && t.name !== '') kinds.set(t.tid, 'native');
  }
  const numbers = SYSCALLS[arch];
  const unnamed = threads.filter((t) => !kinds.has(t.tid) && t.name === 'node');
  if (numbers !== undefined && unnamed.length > 0) {
    const groups = futexGroups(unnamed, numbers.futex);
    // A group is libuv's when most of its threads ran the probe's calls, or some did and it is not
    // the earliest group (V8's platform pool starts before any JavaScript, libuv's on first use):
    // one V8 helper busy compiling during the probe does not make V8's whole group libuv's.
    const earliest = [...groups].sort((a, b) => (a[0]?.tid ?? 0) - (b[0]?.tid ?? 0))[0];
    const probedCount = (g: readonly ThreadSnapshot[]): number => g.filter((t) => known.libuvProbeTids.has(t.tid)).length;
    const probed = groups.filter((g) => probedCount(g) * 2 > g.length || (probedCount(g) > 0 && g !== earliest));
    const rest = groups.filter((g) => !probed.includes(g)).sort((a, b) => (a[0]?.tid ?? 0) - (b[0]?.tid ?? 0));
    const hasNamedPool = threads.some((t) => t.name === 'libuv-worker');
    // Node starts V8's platform pool before any JavaScript runs, libuv's pool on first use: the earlier group is V8's.
    const v8 = rest[0];
    const libuv = probed.length > 0 ? probed : !isTrial && !hasNamedPool && rest.length >= 2 ? [rest[1] as ThreadSnapshot[]] : [];
    for (const group of libuv) for (const t of group) kinds.set(t.tid, 'libuv-pool');
    if (v8 !== undefined) for (const t of v8) kinds.set(t.tid, 'v8-helpers');
    for (const t of threads) if (!kinds.has(t.tid) && known.libuvProbeTids.has(t.tid)) kinds.set(t.tid, 'libuv-pool');
    const epoll = unnamed.filter((t) => !kinds.has(t.tid) && t.blockedIn !== null && numbers.epoll.includes(t.blockedIn.syscall));
    if (epoll.length === 1 && v8 !== undefined) kinds.set((epoll[0] as ThreadSnapshot).tid, 'v8-helpers');
  }
  for (const t of threads) if (!kinds.has(t.tid)) kinds.set(t.tid, 'other');
  return kinds;
}
