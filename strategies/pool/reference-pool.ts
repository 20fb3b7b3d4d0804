/** An Executor over piscina or tinypool, so reference pools run the same batches. */
import type { TransferListItem } from 'node:worker_threads';
import { BatchExecutor } from './batch-executor.js';
import {
  timeoutError,
  toErrorInfo,
  ZERO_USAGE,
  type CpuUsage,
  type Outcome,
  type TaskRef,
} from '../executor.js';
import type { ReferenceBatch } from './worker/reference-pool-worker.js';

/** The compiled worker file both reference pools load. */
export const REFERENCE_WORKER = new URL('./worker/reference-pool-worker.js', import.meta.url);

/** The part of piscina's and tinypool's APIs this executor drives. */
export interface ThirdPartyPool {
  run(batch: ReferenceBatch, options: { transferList?: TransferListItem[]; signal?: AbortSignal }): Promise<Outcome[]>;
  destroy(): Promise<void>;
  /** The pool's live workers (tinypool: wrappers whose `on` and `emit` reach the thread). */
  readonly threads?: readonly PoolThread[];
}

/** One worker of a third-party pool, as far as exit detection needs it. */
export interface PoolThread {
  on(event: 'exit', listener: (code: number) => void): unknown;
  emit(event: 'error', error: Error): unknown;
}

/**
 * An Executor over a well-known worker-thread pool, so that tables show our own
 * worker-threads executor beside the pools people actually use.
 */
export class ReferencePoolExecutor extends BatchExecutor {
  #pool: ThirdPartyPool | undefined;
  /** tinypool unrefs idle workers; this timer keeps the process alive while the pool is in use. */
  #keepAlive: NodeJS.Timeout | undefined;
  /** Threads already watched for an exit (see `#watchExits`). */
  readonly #watched = new WeakSet<PoolThread>();
  protected async runBatch(task: TaskRef, inputs: readonly unknown[], _first: number | undefined, transfer: readonly TransferListItem[]): Promise<Outcome[]> {
    const pool = this.#pool;
    if (pool === undefined) throw new Error(`${this.name}: submit before start()`);
    try {
      return await pool.run(
        { task, inputs },
        {
          ...(transfer.length > 0 ? { transferList: [...transfer] } : {}),
          ...(this.taskTimeoutMs === undefined ? {} : { signal: AbortSignal.timeout(this.taskTimeoutMs) }),
        },
      );
    } catch (error) {
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError') && this.taskTimeoutMs !== undefined) {
        if (this.detectExits) this.#watchExits(pool); // the pool replaced the thread it ended
        const timeout = timeoutError(this.name, task, this.taskTimeoutMs, `${this.name} aborted it`);
        return inputs.map(() => ({ ok: false, error: timeout }));
      }
      // The pool lost the worker or rejected the batch: every item of it failed, with the reason.
      const info = toErrorInfo(error, 'WORKER_EXIT');
      const reason = info.message === '{}' || info.message === '' ? 'the batch failed without a message (an output that is not structured-clonable does this)' : info.message;
      return inputs.map(() => ({ ok: false, error: { ...info, message: `${this.name}: ${reason}` } }));
    }
  }

  constructor(
    readonly name: string,
    /** Makes the pool, importing its library first: a process that runs another strategy never loads it. */
    private readonly create: () => Promise<ThirdPartyPool>,
    private readonly size: number,
    private readonly taskTimeoutMs?: number,
    /** True for a pool that never settles the tasks of a worker that exits (tinypool calling process.exit). */
    private readonly detectExits = false,
    /** Tasks a thread runs at once (`concurrentTasksPerWorker`). */
    private readonly perThread = 1,
  ) {
    super();
  }

  /**
   * tinypool settles a dead worker's tasks only on its 'error' event, which a worker thread that
   * calls process.exit never emits: its batch would hang until the trial timeout. So an exit of a
   * thread the pool still counts as live is turned into that error, and tinypool fails the tasks
   * the thread held and replaces it, as it does for a worker that threw. Threads are looked for
   * when the pool starts and whenever it replaces one, not on every batch.
   */
  #watchExits(pool: ThirdPartyPool): void {
    for (const thread of pool.threads ?? []) {
      if (this.#watched.has(thread)) continue;
      this.#watched.add(thread);
      thread.on('exit', (code) => {
        if (this.#pool !== pool) return; // shut down
        // A thread the pool ended or lost itself (an aborted task, an uncaught error) is no longer among its threads.
        if ((pool.threads ?? []).includes(thread)) {
          thread.emit('error', Object.assign(new Error(`worker exited with code ${code}`), { code: 'WORKER_EXIT' }));
        }
        this.#watchExits(pool); // whichever way it went, the pool has started a replacement by now
      });
    }
  }

  /**
   * Creates the pool and waits until every thread has imported the preloaded tasks' modules. It
   * sends as many warm-up batches as the threads can hold at once (threads x tasks per thread),
   * and they wait for one another (a shared counter): a thread that is ready first can hold only
   * its own share, so the rest wait for the other threads to take theirs.
   */
  async start(preload: readonly TaskRef[] = []): Promise<void> {
    this.#keepAlive = setInterval(() => undefined, 1 << 30);
    this.#pool = await this.create();
    const pool = this.#pool;
    if (this.detectExits) this.#watchExits(pool);
    const warmUps = this.size * this.perThread;
    const gate = { arrived: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)), size: warmUps };
    await Promise.all(Array.from({ length: warmUps }, () => pool.run({ task: null, inputs: [], preload, gate }, {})));
  }

  /** Threads only: their CPU is already in this process's own account. */
  async childCpuUsage(): Promise<CpuUsage> {
    return ZERO_USAGE;
  }

  async shutdown(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    try {
      await pool?.destroy();
    } finally {
      clearInterval(this.#keepAlive);
    }
  }
}
