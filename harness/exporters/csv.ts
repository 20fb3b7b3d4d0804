/** The `csv` format: one line per trial, each column in the unit its name says. */
import { stringify } from 'csv-stringify/sync';
import type { RunResults } from '../results/records.js';
import type { Exporter } from './exporter.js';
import { spreadsheetText } from '../safe-text.js';

/** Columns of the CSV, each in the unit its name says. */
export const CSV_COLUMNS = [
  'scenario', 'items', 'approach', 'strategy', 'workers', 'concurrency', 'chunk_size', 'state', 'trials',
  'real_median_s', 'real_sd_s', 'user_median_s', 'sys_median_s', 'cpu_util_fraction', 'startup_median_s',
  'work_median_s', 'peak_rss_bytes', 'speedup', 'speedup_error', 'work_speedup', 'work_speedup_error',
  'efficiency_fraction', 'failure',
] as const;

/** Nine decimals (nanoseconds for seconds): drops floating-point noise such as 0.11499999999999982. */
const clean = (value: number): number => Math.round(value * 1e9) / 1e9;

/** One line per row of every scenario: medians in plain numbers, for spreadsheets. */
export function renderCsv(results: RunResults): string {
  const records = results.scenarios.flatMap((result) =>
    result.rows.map((row) => {
      // Names and messages may be the user's: none may read as a spreadsheet formula.
      const head = [spreadsheetText(result.scenario), result.items, spreadsheetText(row.label), spreadsheetText(row.strategy), row.workers, row.concurrency, row.chunkSize, row.state];
      if (row.state === 'failed') return [...head, 0, ...Array<string>(CSV_COLUMNS.length - head.length - 2).fill(''), spreadsheetText(row.failure)];
      const s = row.summary;
      const figures = [
        s.realSeconds.median, s.realSeconds.sd, s.userSeconds.median, s.sysSeconds.median, s.cpuUtilisation.median,
        s.startupSeconds.median, s.workSeconds.median, s.peakRssBytes.median,
        s.speedup?.real.value, s.speedup?.real.error, s.speedup?.work.value, s.speedup?.work.error, s.efficiency?.median,
      ];
      return [...head, s.realSeconds.n, ...figures.map((value) => (value === undefined ? '' : clean(value))), ''];
    }),
  );
  return stringify(records, { header: true, columns: [...CSV_COLUMNS] });
}

export const csv: Exporter = {
  name: 'csv',
  summary: 'one line per row with medians in plain numbers, for spreadsheets',
  label: 'CSV',
  async files(results, target) {
    return [{ path: `${target.baseName}.csv`, content: renderCsv(results) }];
  },
};
