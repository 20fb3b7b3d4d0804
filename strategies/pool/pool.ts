/** The worker pool: dispatch, replacement of dead workers, shutdown. */
import { BatchExecutor } from './batch-executor.js';
import { chunkSizeOf } from './batching.js';
import {
  describeTask,
  timeoutError,
  ZERO_USAGE,
  type CpuUsage,
  type ErrorInfo,
  type MapOptions,
  type Outcome,
  type TaskRef,
} from '../executor.js';
import type { TransferListItem } from 'node:worker_threads';
import { Backlog } from './backlog.js';
import type { Job, Slot, SpawnWorker } from './types.js';
import { spawnSlot, workerLabel } from './slot.js';
import { failEachInput, failJob, NO_TRANSFER, runMessage, settleDone, TaskIds } from './batch-messages.js';
import { isFromWorker, type DoneBatches, type FromWorker } from './protocol.js';
import { Schedule } from './schedule.js';
import { Settlement } from './settlement.js';
import { UsageLedger } from './usage-ledger.js';
import type { ThreadVitals } from './worker/vitals.js';

export type { SpawnWorker, WorkerEvents, WorkerHandle } from './types.js';

/** How long a worker may take to stop politely before it is killed (milliseconds). */
const STOP_GRACE_MS = 5_000;

/**
 * A pool of persistent workers with one shared queue. A worker that errors or exits
 * fails exactly the items it held, with an error naming the strategy, and is replaced;
 * a replacement that dies while starting stops the respawning, so the pool never loops.
 */
export class WorkerPool extends BatchExecutor {
  readonly #slots = new Set<Slot>();
  readonly #queue = new Backlog();
  readonly #usage = new UsageLedger();
  readonly #taskIds = new TaskIds();
  readonly #schedule: Schedule;
  #nextIndex = 0;
  #closing = false;
  #dispatchQueued = false;
  readonly #dispatchSoon = (): void => {
    this.#dispatchQueued = false;
    this.#dispatch();
  };
  #respawnHalted: ErrorInfo | undefined;
  /** Tasks each worker imports before it takes batches (replacements too). */
  #preload: readonly TaskRef[] = [];

  constructor(
    readonly name: string,
    private readonly spawn: SpawnWorker,
    private readonly size: number,
    private readonly perWorker: number,
    /** True when workers are processes whose CPU time is not in this process's `cpuUsage()`. */
    private readonly ownsProcesses: boolean,
    /** Longest a batch may run before its worker is ended (milliseconds); undefined = no limit. */
    private readonly taskTimeoutMs?: number,
  ) {
    super();
    this.#schedule = new Schedule(perWorker, taskTimeoutMs !== undefined);
  }

  protected runBatch(task: TaskRef, inputs: readonly unknown[], _first: number | undefined, transfer: readonly TransferListItem[]): Promise<Outcome[]> {
    return this.#enqueue(task, inputs, inputs.length, transfer.length === 0 ? NO_TRANSFER : transfer);
  }

  /** A map's batches are queued at once and settle into one array: no promise or copy per batch. */
  protected override runMap(task: TaskRef, inputs: readonly unknown[], options: MapOptions): Promise<Outcome[]> {
    try {
      return this.#enqueue(task, inputs.slice(), chunkSizeOf(options), NO_TRANSFER, options.transfer);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async start(preload: readonly TaskRef[] = []): Promise<void> {
    this.#preload = preload;
    const slots = Array.from({ length: this.size }, () => this.#spawnSlot());
    try {
      await Promise.all(slots.map((slot) => slot.readyPromise));
    } catch (error) {
      await this.#killAll();
      throw error;
    }
  }

  async childCpuUsage(): Promise<CpuUsage> {
    return this.ownsProcesses ? this.#usage.total(this.#slots) : ZERO_USAGE;
  }

  /** What each live process worker reported with its last CPU answer: call after `childCpuUsage()`. */
  workerVitals(): readonly ThreadVitals[] {
    return [...this.#slots].flatMap((slot) => (slot.exited || slot.lastVitals === undefined ? [] : [slot.lastVitals]));
  }

  async shutdown(): Promise<void> {
    this.#closing = true;
    await this.#drained();
    const slots = [...this.#slots];
    const stop = (slot: Slot): void => {
      try {
        slot.handle.send({ type: 'stop' });
      } catch {
        slot.handle.kill();
      }
    };
    // A replacement still starting would drop a stop sent before it listens: it gets one once ready.
    for (const slot of slots) {
      if (slot.ready || slot.ending || slot.exited) stop(slot);
      else slot.readyPromise.then(() => stop(slot), () => undefined);
    }
    const grace = new Promise<'late'>((resolve) => setTimeout(resolve, STOP_GRACE_MS, 'late').unref());
    const all = Promise.all(slots.map((slot) => slot.exitedPromise));
    if ((await Promise.race([all, grace])) === 'late') await this.#killAll();
  }

  #spawnSlot(): Slot {
    const slot = spawnSlot(this.#nextIndex++, this.spawn, {
      message: (raw) => this.#onMessage(slot, raw),
      exit: (code, signal, reason) => this.#onExit(slot, code, signal, reason),
      startFailed: (how, said) => new Error(`${this.name}: ${workerLabel(slot)} exited with ${how} while ${this.#starting(slot)}${said === undefined ? '' : `: ${said}`}`),
    });
    this.#slots.add(slot);
    return slot;
  }

  /** What a worker that has not taken batches yet was doing: starting, or importing the preloaded tasks' modules. */
  #starting(slot: Slot): string {
    return slot.importing ? `importing ${this.#preload.map(describeTask).join(', ')} as the pool started` : 'starting';
  }

  #onMessage(slot: Slot, raw: unknown): void {
    if (!isFromWorker(raw)) return;
    const message: FromWorker = raw;
    switch (message.type) {
      case 'ready':
        slot.importing = this.#preload.length > 0;
        slot.handle.send({ type: 'configure', concurrency: this.perWorker, preload: this.#preload });
        return;
      case 'configured':
        slot.importing = false;
        slot.ready = true;
        this.#dispatch();
        return;
      case 'done':
        this.#finished(slot, message);
        this.#dispatch();
        return;
      case 'usage':
        if (message.vitals !== undefined) slot.lastVitals = message.vitals;
        this.#usage.answered(slot, message.id, message.usage);
        return;
      case 'stopped':
        this.#usage.stopped(slot, message.usage);
        return;
      case 'fatal':
        slot.lastWords = message.reason;
        return;
    }
  }

  #onExit(slot: Slot, code: number | null, signal: string | null, reason?: string): void {
    const wasReady = slot.ready || slot.ending;
    slot.exited = true;
    slot.ready = false;
    this.#usage.retire(slot);
    this.#slots.delete(slot);
    const how = `${signal === null ? `code ${String(code)}` : `signal ${signal}`}`;
    const said = reason ?? slot.lastWords;
    const why = said === undefined ? '' : `: ${said}`;
    const exitError = (job: Job): ErrorInfo => ({
      name: 'WorkerExitError',
      code: 'WORKER_EXIT',
      message: `${this.name} ${workerLabel(slot)} exited with ${how} while running task ${describeTask(job.task)} on it${why}`,
    });
    // A worker starts batches in the order they arrive, so its first `perWorker` outstanding
    // batches were running; those fail. The rest were only prefetched: they go back to the queue.
    const held = [...slot.jobs.values()];
    for (const job of held.slice(0, this.perWorker)) failJob(job, exitError(job));
    this.#queue.unshiftAll(held.slice(this.perWorker));
    slot.jobs.clear();
    if (this.#closing) {
      // No respawning while closing: what was requeued runs on the workers left, or fails.
      if (this.#slots.size === 0) {
        const error: ErrorInfo = { name: 'PoolClosedError', code: 'POOL_CLOSED', message: `${this.name}: no worker left while shutting down` };
        for (const job of this.#queue.drain()) failJob(job, error);
      }
      this.#dispatch();
      return;
    }
    if (!wasReady) {
      // Dying before ready means respawning would likely die too: stop, and say why.
      this.#respawnHalted = {
        name: 'WorkerExitError',
        code: 'WORKER_EXIT',
        message: `${this.name} ${workerLabel(slot)} exited with ${how} while ${this.#starting(slot)}`,
      };
    } else if (this.#respawnHalted === undefined) {
      this.#spawnSlot();
    }
    this.#failQueueIfNoWorkers();
    this.#dispatch();
  }

  #failQueueIfNoWorkers(): void {
    if (this.#slots.size > 0 || this.#respawnHalted === undefined) return;
    const error: ErrorInfo = {
      ...this.#respawnHalted,
      message: `no ${this.name} worker left to run it: ${this.#respawnHalted.message}`,
    };
    for (const job of this.#queue.drain()) failJob(job, error);
  }

  /**
   * Queues `source` as batches of `chunkSize` consecutive inputs, settling into one array. A
   * batch's transfer list is `transfer` (one batch) or, for a map, what `transferOf` names.
   */
  #enqueue(
    task: TaskRef,
    source: readonly unknown[],
    chunkSize: number,
    transfer: readonly TransferListItem[],
    transferOf?: (input: unknown) => readonly TransferListItem[],
  ): Promise<Outcome[]> {
    const batches = Math.ceil(source.length / chunkSize);
    if (this.#closing) {
      const error: ErrorInfo = { name: 'PoolClosedError', code: 'POOL_CLOSED', message: `${this.name}: the pool has been shut down` };
      return Promise.resolve(source.map(() => ({ ok: false, error })));
    }
    return new Promise((resolve) => {
      const settlement = new Settlement(source.length, batches, resolve);
      this.#queue.push({ task, source, chunkSize, settlement, transfer, transferOf, next: 0 });
      this.#failQueueIfNoWorkers();
      // Items submitted in one synchronous run (a map) are dispatched together, a message per worker.
      if (!this.#dispatchQueued && batches > 0) {
        this.#dispatchQueued = true;
        queueMicrotask(this.#dispatchSoon);
      }
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#schedule.nextSlot(this.#slots);
      if (slot === undefined) return;
      // Everything the slot has room for goes in one message.
      const jobs: Job[] = [];
      for (let room = this.#schedule.capacity() - slot.jobs.size; room > 0 && this.#queue.length > 0; room -= 1) {
        jobs.push(this.#queue.shift() as Job);
      }
      this.#send(slot, jobs);
    }
  }

  #send(slot: Slot, jobs: readonly Job[]): void {
    const { message, transfer } = runMessage(jobs, this.#taskIds, slot.knownTasks);
    try {
      slot.handle.send(message, transfer);
    } catch (error) {
      // One input that cannot be sent must fail alone: send the others one by one.
      if (jobs.length > 1) for (const job of jobs) this.#send(slot, [job]);
      else for (const job of jobs) failEachInput(job, error);
      return;
    }
    for (const [taskId] of message.tasks) slot.knownTasks.add(taskId);
    for (const job of jobs) {
      slot.jobs.set(job.id, job);
      if (this.taskTimeoutMs !== undefined) job.timer = setTimeout(() => this.#timedOut(slot, job), this.taskTimeoutMs);
    }
  }

  /** Settles the batches a worker reports finished (those it still holds: a timed-out one is gone). */
  #finished(slot: Slot, done: DoneBatches): void {
    if (done.count > 0) this.#schedule.ran(done.runMs / done.count, done.count);
    settleDone(slot.jobs, done);
  }

  /** A batch ran too long: it fails, and its worker is ended (and replaced) so the hang stops. */
  #timedOut(slot: Slot, job: Job): void {
    if (!slot.jobs.delete(job.id)) return;
    const limit = this.taskTimeoutMs ?? 0;
    failJob(job, timeoutError(this.name, job.task, limit, `its ${workerLabel(slot)} was ended and replaced`));
    slot.ready = false;
    slot.ending = true;
    slot.handle.kill();
  }

  async #drained(): Promise<void> {
    while (this.#queue.length > 0 || [...this.#slots].some((slot) => slot.jobs.size > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async #killAll(): Promise<void> {
    const slots = [...this.#slots];
    for (const slot of slots) slot.handle.kill();
    await Promise.all(slots.map((slot) => slot.exitedPromise));
  }
}

/** A worker process under a heap limit that aborted: what V8 does when that heap runs out. */
export function outOfHeap(signal: string | null, heapMb: number | undefined): string | undefined {
  return signal === 'SIGABRT' && heapMb !== undefined ? `aborted, as V8 does when the heap runs out (limit ${heapMb} MiB)` : undefined;
}
