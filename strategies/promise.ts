/** The `promise` strategy: async concurrency on the one event loop. */
import { checkSizes } from './pool/batching.js';
import type { StrategyDefinition } from './executor.js';
import { InProcessExecutor } from './pool/in-process.js';

/** Async concurrency on the one event loop: Node's counterpart of Python threads under the GIL. */
export const promise: StrategyDefinition = {
  name: 'promise',
  summary: 'async concurrency on the one event loop, at most --concurrency items in flight',
  usesWorkers: false,
  usesConcurrency: true,
  create(options) {
    checkSizes('promise', options);
    return new InProcessExecutor('promise', options.concurrency, options.taskTimeoutMs);
  },
};
