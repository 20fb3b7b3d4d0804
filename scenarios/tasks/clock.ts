/** Time and lane of a task, comparable across threads and processes, for timelines. */
import { performance } from 'node:perf_hooks';
import { isMainThread, threadId } from 'node:worker_threads';

/**
 * Milliseconds since the epoch, sub-millisecond: comparable across threads and processes
 * (each has its own `performance.now()` origin), so stage events from every worker share one axis.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** The lane a task runs on: a thread of a process, as a timeline names it. */
export function lane(): string {
  return isMainThread ? `pid ${process.pid}` : `pid ${process.pid} thread ${threadId}`;
}
