/** Document 003's reading of its results: user against real before and after the pool, and the serial run's share of the cores. */
import { poolRowKey } from '../../../scenarios/documents/doc-003-process-pool.js';
import type { ReproduceSettings } from '../../../scenarios/documents/document.js';
import { findRow, isCompleted } from '../measured.js';
import type { DocumentReading, ExperimentResults } from '../reading.js';

/** Document 003's reading: no sections of its own, two explained lines. */
export function processPoolReading(settings: ReproduceSettings): DocumentReading {
  return {
    sections: () => [],
    explain(results: ExperimentResults) {
      const before = findRow(results, { experiment: 'pool', rowKey: 'sequential' })?.row;
      const after = findRow(results, { experiment: 'pool', rowKey: poolRowKey(settings.cores, 1) })?.row;
      if (!isCompleted(before) || !isCompleted(after)) return [];
      const userRatio = after.summary.userSeconds.median / before.summary.userSeconds.median;
      return [
        `"user" is summed over every CPU: the article's rose from 7.086 s to 8.959 s (x${(8.959 / 7.086).toFixed(2)}) while real fell 3.94 times; here user went from ${before.summary.userSeconds.median.toFixed(2)} s to ${after.summary.userSeconds.median.toFixed(2)} s (x${userRatio.toFixed(2)}) while real fell ${(before.summary.realSeconds.median / after.summary.realSeconds.median).toFixed(2)} times on ${settings.cores} cores: the same thumbnails, plus each worker process's own Node start and the messages.`,
        `The serial run kept ${(before.summary.cpuUtilisation.median * 100).toFixed(0)}% of this machine's ${settings.cores} cores busy (the article: 25% of 4).`,
      ];
    },
  };
}
