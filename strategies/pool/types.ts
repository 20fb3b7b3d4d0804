/** What a pool needs of one worker, whatever kind it is. */
import type { TransferListItem } from 'node:worker_threads';
import type { CpuUsage, TaskRef } from '../executor.js';
import type { ToWorker } from './protocol.js';
import type { Settlement } from './settlement.js';
import type { ThreadVitals } from './worker/vitals.js';

/** What a pool hears from one worker, whatever kind of worker it is. */
export interface WorkerEvents {
  message(message: unknown): void;
  /** `reason`: what the worker said as it died (its uncaught exception, running out of heap), where known. */
  exit(code: number | null, signal: string | null, reason?: string): void;
}

/** One live worker as the pool drives it: a thread, a forked process or a cluster worker. */
export interface WorkerHandle {
  /** Operating-system process id when the worker is a process; undefined for threads. */
  readonly pid: number | undefined;
  /** Posts a message, moving `transfer` where the worker is a thread; throws when it cannot be serialised. */
  send(message: ToWorker, transfer?: readonly TransferListItem[]): void;
  /** Ends the worker at once (terminate or SIGKILL). */
  kill(): void;
}

/** Starts worker number `index`, wired to `events`. */
export type SpawnWorker = (index: number, events: WorkerEvents) => WorkerHandle;

/** A batch waiting for, or out with, a worker: `size` consecutive inputs of a map from `first`. */
export interface Job {
  readonly id: number;
  readonly task: TaskRef;
  /** The inputs of the whole map (or of the submitted batch); the batch reads its own part when it is sent. */
  readonly source: readonly unknown[];
  readonly first: number;
  readonly size: number;
  readonly transfer: readonly TransferListItem[];
  /** Where its outcomes go, at the same places as its inputs in `source`. */
  readonly settlement: Settlement;
  /** The task-timeout timer, while the batch is out with a worker. */
  timer?: NodeJS.Timeout;
}

/** One worker and what the pool knows of it. */
export interface Slot {
  readonly index: number;
  readonly handle: WorkerHandle;
  ready: boolean;
  /** The worker has said hello and is importing the preloaded tasks' modules: a death now is theirs. */
  importing: boolean;
  /** Being ended by the pool (task timeout): no new work, no questions. */
  ending: boolean;
  exited: boolean;
  readonly jobs: Map<number, Job>;
  /** Task ids this worker has been sent the TaskRef of. */
  readonly knownTasks: Set<number>;
  /** The worker's CPU as it last reported it: counted for it if it dies, so totals never go down. */
  lastUsage: CpuUsage;
  /** GC and event-loop figures the worker sent with its last CPU answer (processes only). */
  lastVitals?: ThreadVitals;
  /** Why the worker said it was about to exit, where it said so before exiting (a process's uncaught exception). */
  lastWords?: string;
  /** Usage questions this worker has not answered yet, answered from `lastUsage` if it dies. */
  readonly pendingUsage: Set<number>;
  readonly exitedPromise: Promise<void>;
  /** Resolves when the worker has imported the preloaded tasks and is ready for batches; rejects if it exits first. */
  readonly readyPromise: Promise<void>;
}

