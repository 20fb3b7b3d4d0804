/** The `json` format: the whole run as compare and merge read it. */
import type { Exporter } from './exporter.js';

/** Every raw trial, the statistics and the context: what `compare` and `merge` read. */
export const json: Exporter = {
  name: 'json',
  summary: 'the full results (every raw trial, statistics, machine context): what compare and merge read',
  label: 'Results',
  async files(results, target) {
    return [{ path: `${target.baseName}.json`, content: `${JSON.stringify(results, null, 2)}\n` }];
  },
};
