/** The calling thread's own CPU time, where Node can read it. */
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** Reads the calling thread's CPU time in nanoseconds, or undefined where it cannot. */
type ThreadClock = () => number | undefined;

/** Node 23.9+ knows the calling thread's own CPU time. */
const nodeThreadClock: ThreadClock = () => {
  const own = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (typeof own !== 'function') return undefined;
  const usage = own.call(process);
  return (usage.user + usage.system) * 1000;
};

/** Linux: the scheduler's exact nanoseconds on a CPU for this thread (first field of schedstat). */
const schedstatClock: ThreadClock = () => {
  try {
    const nanoseconds = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    return Number.isFinite(nanoseconds) ? nanoseconds : undefined;
  } catch {
    return undefined;
  }
};

/** On the main thread of a process without busy worker threads, the process's CPU is the thread's. */
const mainThreadClock: ThreadClock = () => {
  if (!isMainThread) return undefined;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
};

let chosen: ThreadClock | undefined;

/** The calling thread's CPU time in nanoseconds, or undefined where no clock can tell. */
export function threadCpuNanoseconds(): number | undefined {
  if (chosen === undefined) {
    chosen = [nodeThreadClock, schedstatClock, mainThreadClock].find((clock) => clock() !== undefined) ?? (() => undefined);
  }
  return chosen();
}

/** Wall milliseconds spun between two reads of the thread clock: reading /proc is a system call. */
const SLICE_MS = 1;

/**
 * Keeps the calling thread busy until it has had `seconds` of CPU time. Counting the thread's
 * own CPU rather than the wall clock is what makes the cores a limit: six threads spinning on
 * two cores each need three times as long. Where no thread clock exists, the wall clock stands in.
 */
export function spinFor(seconds: number): void {
  const target = seconds * 1e9;
  const startCpu = threadCpuNanoseconds();
  const startWall = performance.now();
  if (startCpu === undefined) {
    while ((performance.now() - startWall) * 1e6 < target);
    return;
  }
  for (;;) {
    const used = (threadCpuNanoseconds() as number) - startCpu;
    if (used >= target) return;
    // Spin on the (user-space) monotonic clock between reads, so the burn stays user time.
    const slice = Math.min(SLICE_MS, (target - used) / 1e6);
    const sliceStart = performance.now();
    while (performance.now() - sliceStart < slice);
  }
}
