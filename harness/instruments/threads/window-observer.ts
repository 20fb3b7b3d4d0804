/** Watches the work window from inside the trial: threads by kind, GC and event loops (the threads instrument's probe). */
import type { Executor } from '../../../strategies/executor.js';
import { readVitals, watchGc, type ThreadVitals } from '../../../strategies/pool/worker/vitals.js';
import { accountThreads, type ThreadAccount } from '../../measure/thread-account.js';
import { classificationMethod, classifyProcess, type ThreadKind } from '../../measure/thread-kinds.js';
import { readThreads, threadAccountingAvailable, type ThreadSnapshot } from '../../measure/threads.js';
import { processTree } from '../../measure/tree-sampler.js';
import { probeLibuvPool } from './libuv-probe.js';
import { ThreadVitalsCollector } from './thread-vitals.js';

/** One JavaScript thread over the work window: its GC pauses and how busy its event loop was. */
export interface JsThreadWindow {
  readonly role: 'main' | 'worker' | 'child';
  readonly pid: number;
  readonly tid: number | null;
  readonly gcCount: number;
  readonly gcPauseSeconds: number;
  /** performance.eventLoopUtilization() over the window, 0 to 1. */
  readonly eventLoopUtilisation: number;
}

/** What the window observer reads. */
export interface WindowFigures {
  readonly threads: ThreadAccount;
  readonly jsThreads: readonly JsThreadWindow[];
  /** Thread id and kind of every thread seen, so the harness can stack its timeline by kind. */
  readonly kindsByTid: readonly (readonly [number, ThreadKind])[];
  /** Wall seconds the libuv probe took before the window (inside the trial's real time, outside its window); 0 where none ran. */
  readonly libuvProbeSeconds: number;
}

interface Start {
  readonly threads: ThreadSnapshot[];
  readonly vitals: Map<string, { vitals: ThreadVitals; role: JsThreadWindow['role'] }>;
}

const vitalsKey = (v: ThreadVitals): string => `${v.pid}/${v.tid ?? 'main'}`;

const readTree = (pids: readonly number[]): ThreadSnapshot[] => pids.flatMap((pid) => readThreads(pid));

/** Opened before the pool starts (so worker threads' hellos are heard), read around the work window. */
export class WorkWindowObserver {
  readonly #collector = new ThreadVitalsCollector();
  readonly #linux = threadAccountingAvailable();
  #probe = new Set<number>();
  #probeSeconds = 0;
  #start: Start | undefined;
  /** When the first reading of the threads began: their figures cover from here to the end of the last one. */
  #readingStartMs = 0;

  constructor() {
    watchGc();
  }

  /** Before the window: the libuv probe, then every thread's and JavaScript thread's starting figures. */
  async begin(executor: Executor): Promise<void> {
    if (this.#linux) {
      const began = performance.now();
      this.#probe = await probeLibuvPool();
      this.#probeSeconds = (performance.now() - began) / 1000;
    }
    await gcEntriesDelivered();
    const vitals = new Map<string, { vitals: ThreadVitals; role: JsThreadWindow['role'] }>();
    for (const v of await this.#collector.ask()) vitals.set(vitalsKey(v), { vitals: v, role: 'worker' });
    await executor.childCpuUsage(); // process workers send their vitals with this answer
    for (const v of executor.workerVitals?.() ?? []) vitals.set(vitalsKey(v), { vitals: v, role: 'child' });
    this.#readingStartMs = performance.now();
    const threads = this.#linux ? readTree(processTree(process.pid)) : [];
    const main = readVitals(); // last, so the main thread's window starts with the work
    vitals.set(vitalsKey(main), { vitals: main, role: 'main' });
    this.#start = { threads, vitals };
  }

  /** After the window: the differences, classified. `workCpuSeconds` is the whole tree's CPU in the window. */
  async end(executor: Executor, windowSeconds: number, workCpuSeconds: number): Promise<WindowFigures> {
    const start = this.#start;
    if (start === undefined) throw new Error('WorkWindowObserver.end() before begin()');
    const pids = this.#linux ? processTree(process.pid) : [process.pid];
    const threads = this.#linux ? readTree(pids) : [];
    const spanSeconds = (performance.now() - this.#readingStartMs) / 1000;
    await gcEntriesDelivered();
    const endVitals: { vitals: ThreadVitals; role: JsThreadWindow['role'] }[] = [{ vitals: readVitals(), role: 'main' }];
    await executor.childCpuUsage();
    for (const v of executor.workerVitals?.() ?? []) endVitals.push({ vitals: v, role: 'child' });
    for (const v of await this.#collector.ask()) endVitals.push({ vitals: v, role: 'worker' });
    this.#collector.close();
    const jsThreads = endVitals.flatMap(({ vitals, role }) => {
      const was = start.vitals.get(vitalsKey(vitals));
      return was === undefined ? [] : [windowOf(was.vitals, vitals, role)];
    });
    if (!this.#linux) {
      const reason = `per-thread accounting needs Linux's /proc (this is ${process.platform})`;
      return { threads: { available: false, reason }, jsThreads, kindsByTid: [], libuvProbeSeconds: this.#probeSeconds };
    }
    const kinds = this.#classify(start.threads, threads);
    const account = accountThreads(start.threads, threads, (t) => kinds.get(t.tid) ?? 'other');
    return {
      threads: {
        available: true,
        method: classificationMethod(process.version),
        windowSeconds,
        spanSeconds,
        kinds: account.kinds,
        nativeNames: account.nativeNames,
        unseenCpuSeconds: Math.max(0, workCpuSeconds - account.cpuSeconds),
      },
      jsThreads,
      kindsByTid: [...kinds],
      libuvProbeSeconds: this.#probeSeconds,
    };
  }

  /** Kinds per process, from where each thread waited while idle (before the window, else after it). */
  #classify(before: readonly ThreadSnapshot[], after: readonly ThreadSnapshot[]): Map<number, ThreadKind> {
    const idleBefore = new Map(before.map((t) => [t.tid, t.blockedIn]));
    const merged = after.map((t) => ({ ...t, blockedIn: idleBefore.get(t.tid) ?? t.blockedIn }));
    const known = { trialPid: process.pid, workerTids: this.#collector.workerTids, libuvProbeTids: this.#probe };
    const kinds = new Map<number, ThreadKind>();
    for (const pid of new Set(merged.map((t) => t.pid))) {
      for (const [tid, kind] of classifyProcess(merged.filter((t) => t.pid === pid), known)) kinds.set(tid, kind);
    }
    return kinds;
  }

  close(): void {
    this.#collector.close();
  }
}

/** GC entries reach observers a turn or two of the loop after the collection: let them arrive before reading. */
async function gcEntriesDelivered(): Promise<void> {
  for (let turn = 0; turn < 2; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

function windowOf(start: ThreadVitals, end: ThreadVitals, role: JsThreadWindow['role']): JsThreadWindow {
  const active = end.eluActiveMs - start.eluActiveMs;
  const idle = end.eluIdleMs - start.eluIdleMs;
  return {
    role,
    pid: end.pid,
    tid: end.tid,
    gcCount: end.gcCount - start.gcCount,
    gcPauseSeconds: (end.gcPauseMs - start.gcPauseMs) / 1000,
    eventLoopUtilisation: active + idle > 0 ? active / (active + idle) : 0,
  };
}

