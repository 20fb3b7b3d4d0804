/** The `sequential` strategy: the baseline, one item at a time. */
import { checkSizes } from './pool/batching.js';
import type { StrategyDefinition } from './executor.js';
import { InProcessExecutor } from './pool/in-process.js';

/** The baseline's name, as `--strategy`, rows and results spell it. */
export const SEQUENTIAL = 'sequential';

/** The documents' baseline: an await loop, one item at a time. */
export const sequential: StrategyDefinition = {
  name: SEQUENTIAL,
  summary: 'an await loop on the main thread, one item at a time (the baseline)',
  usesWorkers: false,
  usesConcurrency: false,
  create(options) {
    checkSizes(SEQUENTIAL, options);
    return new InProcessExecutor(SEQUENTIAL, 1, options.taskTimeoutMs);
  },
};
