/** The `tinypool` strategy: the tinypool thread pool, for reference. */
import { checkSizes } from './pool/batching.js';
import type { StrategyDefinition } from './executor.js';
import { REFERENCE_WORKER, ReferencePoolExecutor } from './pool/reference-pool.js';

/** Reference pool: tinypool (vitest's pool) with a fixed number of threads. */
export const tinypool: StrategyDefinition = {
  name: 'tinypool',
  summary: 'reference: the tinypool worker-thread pool with --workers threads',
  usesWorkers: true,
  usesConcurrency: false,
  create(options) {
    checkSizes('tinypool', options);
    const create = async () => {
      const { default: Tinypool } = await import('tinypool');
      return new Tinypool({
        filename: REFERENCE_WORKER.href,
        minThreads: options.workers,
        maxThreads: options.workers,
        concurrentTasksPerWorker: options.concurrency,
        isolateWorkers: false,
        ...(options.workerHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb } }),
      });
    };
    return new ReferencePoolExecutor('tinypool', create, options.workers, options.taskTimeoutMs, true, options.concurrency);
  },
};
