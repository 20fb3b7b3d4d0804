/** Instrument threads (`--explain`): where the CPU went in the work window, by thread kind, with GC and event loops of every JavaScript thread. */
import type { Instrument, InstrumentSlot } from '../instrument.js';
import type { ThreadAccount } from '../measure/thread-account.js';
import type { ThreadKind } from '../measure/thread-kinds.js';
import { WorkWindowObserver, type JsThreadWindow } from './threads/window-observer.js';
import { OBSERVED_ENV } from '../../strategies/pool/worker/vitals.js';

export type { JsThreadWindow };

/** One trial's reading, as its record keeps it. */
export interface ThreadsReading {
  /** CPU, waiting and context switches per thread kind over the work window (Linux), or why not. */
  readonly threads: ThreadAccount;
  /** GC and event-loop utilisation of each JavaScript thread over the work window. */
  readonly jsThreads: readonly JsThreadWindow[];
  /** Wall seconds of the libuv probe before the work window (in real, not in the window). */
  readonly libuvProbeSeconds: number;
}

/** What the probe hands the trial's report: the reading, and each thread's kind for the harness's timeline (not kept). */
export interface ThreadsProbeReading extends ThreadsReading {
  readonly kindsByTid: readonly (readonly [number, ThreadKind])[];
}

export const instrument = {
  name: 'threads',
  measures:
    "where the CPU went in the work window: every thread of the trial's processes read from /proc before and after it and told apart by kind (JavaScript, libuv's pool, V8's helpers, native), with GC pauses and event-loop utilisation of every JavaScript thread; what --explain reads",
  inTrial: () => {
    // Before the pool starts: its threads and processes inherit the word to watch their GC and answer
    // for their vitals, and the observer hears every worker thread's hello.
    process.env[OBSERVED_ENV] = '1';
    const observer = new WorkWindowObserver();
    return {
      begin: (pool) => observer.begin(pool),
      end: async (pool, window): Promise<ThreadsProbeReading> => {
        const figures = await observer.end(pool, window.seconds, window.cpuSeconds);
        return { threads: figures.threads, jsThreads: figures.jsThreads, libuvProbeSeconds: figures.libuvProbeSeconds, kindsByTid: figures.kindsByTid };
      },
      close: () => observer.close(),
    };
  },
  schema: { type: 'object', required: ['threads', 'jsThreads'], properties: { threads: { type: 'object' }, jsThreads: { type: 'array' }, libuvProbeSeconds: { type: 'number', minimum: 0 } } },
  // Its table ("Where the CPU went"), notes and charts are the report's own: they read it through the functions below.
} satisfies Instrument<ThreadsReading>;

type Slotted = { readonly instruments?: Readonly<Record<string, InstrumentSlot>> };
/** What files written before the threads instrument carried on each trial. */
type Legacy = { readonly threads?: ThreadAccount | null; readonly jsThreads?: readonly JsThreadWindow[]; readonly libuvProbeSeconds?: number | null };

function readingOf(trial: Slotted): Partial<ThreadsReading> | undefined {
  const slot = trial.instruments?.['threads'];
  return slot !== undefined && 'reading' in slot && slot.reading !== null && typeof slot.reading === 'object' ? (slot.reading as Partial<ThreadsReading>) : undefined;
}

/** A trial's account of its threads by kind: its reading, else the field older files kept; null where not read. */
export function threadAccountOf(trial: Slotted & Legacy): ThreadAccount | null {
  return readingOf(trial)?.threads ?? trial.threads ?? null;
}

/** A trial's JavaScript threads' GC and event loops: its reading, else the field older files kept; empty where not read. */
export function jsThreadsOf(trial: Slotted & Legacy): readonly JsThreadWindow[] {
  return readingOf(trial)?.jsThreads ?? trial.jsThreads ?? [];
}

/** Wall seconds of a trial's libuv probe: its reading, else the field older files kept; null where none ran. */
export function libuvProbeSecondsOf(trial: Slotted & Legacy): number | null {
  return readingOf(trial)?.libuvProbeSeconds ?? trial.libuvProbeSeconds ?? null;
}
