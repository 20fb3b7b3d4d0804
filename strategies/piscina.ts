/** The `piscina` strategy: the piscina thread pool, for reference. */
import { fileURLToPath } from 'node:url';
import { checkSizes } from './pool/batching.js';
import type { StrategyDefinition } from './executor.js';
import { REFERENCE_WORKER, ReferencePoolExecutor } from './pool/reference-pool.js';

/** Reference pool: piscina with a fixed number of threads. */
export const piscina: StrategyDefinition = {
  name: 'piscina',
  summary: 'reference: the piscina worker-thread pool with --workers threads',
  usesWorkers: true,
  usesConcurrency: false,
  create(options) {
    checkSizes('piscina', options);
    const create = async () => {
      const { Piscina } = await import('piscina');
      return new Piscina({
        filename: fileURLToPath(REFERENCE_WORKER),
        minThreads: options.workers,
        maxThreads: options.workers,
        concurrentTasksPerWorker: options.concurrency,
        idleTimeout: Number.POSITIVE_INFINITY,
        ...(options.workerHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb } }),
      });
    };
    return new ReferencePoolExecutor('piscina', create, options.workers, options.taskTimeoutMs, false, options.concurrency);
  },
};
