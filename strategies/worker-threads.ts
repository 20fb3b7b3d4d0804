/** The `worker-threads` strategy: a pool of persistent worker threads. */
import { Worker } from 'node:worker_threads';
import { checkSizes } from './pool/batching.js';
import type { StrategyDefinition } from './executor.js';
import { WorkerPool, type SpawnWorker } from './pool/pool.js';

const entry = new URL('./pool/worker/thread-entry.js', import.meta.url);

const spawnThread = (heapMb: number | undefined): SpawnWorker => (_index, events) => {
  const worker = new Worker(entry, heapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  worker.on('message', events.message);
  // An 'error' (an uncaught exception, or the heap limit reached) is always followed by 'exit'.
  let reason: string | undefined;
  worker.on('error', (error: Error & { code?: string }) => {
    reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `ran out of heap (${heapMb === undefined ? "Node's default limit" : `limit ${heapMb} MiB`})` : `uncaught exception: ${error.message}`;
  });
  worker.on('exit', (code) => events.exit(code, null, reason));
  return {
    pid: undefined,
    send: (message, transfer = []) => worker.postMessage(message, [...transfer]),
    kill: () => void worker.terminate(),
  };
};

/** A pool of persistent worker_threads with one shared queue. */
export const workerThreads: StrategyDefinition = {
  name: 'worker-threads',
  summary: 'a pool of --workers persistent worker_threads sharing one queue',
  usesWorkers: true,
  usesConcurrency: false,
  create(options) {
    checkSizes('worker-threads', options);
    return new WorkerPool('worker-threads', spawnThread(options.workerHeapMb), options.workers, options.concurrency, false, options.taskTimeoutMs);
  },
};
