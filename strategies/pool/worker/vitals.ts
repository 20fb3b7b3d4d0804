/** Garbage collection and event-loop figures of one JavaScript thread, kept cheaply for whoever asks. */
import { readlinkSync } from 'node:fs';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { ThreadVitals } from '../../executor.js';

export type { ThreadVitals };

/** The channel a trial and its worker threads use, within one process. */
export const VITALS_CHANNEL = 'parabench:thread-vitals';

/** Messages on the channel: a worker says hello once, and answers each question. */
export type VitalsMessage =
  | { readonly type: 'hello'; readonly vitals: ThreadVitals; readonly answers: boolean }
  | { readonly type: 'ask'; readonly id: number }
  | { readonly type: 'answer'; readonly id: number; readonly vitals: ThreadVitals };

/**
 * Set to 1 in a trial that reads its threads (the threads instrument, `--explain`), before its pool
 * starts: its worker threads and processes inherit it, and only then watch their GC and answer the
 * trial's questions about their vitals. Unset, nothing of this runs in any of them.
 */
export const OBSERVED_ENV = 'PARABENCH_OBSERVED';

/** True in a thread or process of a trial that reads its threads (see OBSERVED_ENV), read when asked. */
export const observed = (): boolean => process.env[OBSERVED_ENV] === '1';

let gcCount = 0;
let gcPauseMs = 0;
let observer: PerformanceObserver | undefined;

/** This thread's id as Linux numbers it; null elsewhere. */
export function currentThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
}

/** Starts counting this thread's GC pauses (once; later calls do nothing). */
export function watchGc(): void {
  if (observer !== undefined || !observed()) return;
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcCount += 1;
      gcPauseMs += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

const tid = currentThreadId();

/** The figures so far. */
export function readVitals(): ThreadVitals {
  const elu = performance.eventLoopUtilization();
  return { pid: process.pid, tid, gcCount, gcPauseMs, eluActiveMs: elu.active, eluIdleMs: elu.idle };
}

/**
 * For worker threads: say hello on the trial's channel and answer its questions. The channel is
 * unreferenced, so it never keeps a worker alive; answers wait for the thread's current task.
 */
export function answerVitalsQuestions({ answers = true }: { readonly answers?: boolean } = {}): void {
  watchGc();
  if (isMainThread || !observed()) return;
  const channel = new BroadcastChannel(VITALS_CHANNEL);
  if (!answers) {
    // piscina's and tinypool's idle threads block in Atomics.wait, so they could not answer in
    // time: they only say which thread they are, and the trial never waits for them.
    channel.unref();
    channel.postMessage({ type: 'hello', vitals: readVitals(), answers: false } satisfies VitalsMessage);
    return;
  }
  channel.onmessage = (event) => {
    const message = (event as { data: VitalsMessage }).data;
    if (message.type === 'ask') channel.postMessage({ type: 'answer', id: message.id, vitals: readVitals() } satisfies VitalsMessage);
  };
  channel.unref();
  channel.postMessage({ type: 'hello', vitals: readVitals(), answers: true } satisfies VitalsMessage);
}
