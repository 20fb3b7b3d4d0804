/** The `github-action-benchmark` format: smaller-is-better metrics per row. */
import { countedTrials } from '../results/counted-trials.js';
import type { Row, RunResults, ScenarioResult, TrialRecord } from '../results/records.js';
import { meanHalfWidth95 } from '../statistics/student-t.js';
import type { Exporter } from './exporter.js';

/** One entry of github-action-benchmark's `customSmallerIsBetter` tool. */
export interface BenchmarkEntry {
  /** Stable across runs of the same configuration: scenario, row key, metric, size. */
  readonly name: string;
  readonly unit: string;
  /** The median over the row's trials. */
  readonly value: number;
  /**
   * How far the value may be off, in the entry's unit: `± h (95% CI of the mean)`, h the half-width
   * of the 95% t-interval of the mean of the row's trials; `± sd (sd)`, the summary's standard
   * deviation, where the row holds fewer than two counted trials.
   */
  readonly range: string;
  readonly extra: string;
}

type Completed = Row & { state: 'completed' };

/** Each metric with its one fixed unit, its median from the row's summary and its value in each trial; all are smaller-is-better. */
const METRICS: readonly { name: string; unit: string; median: (row: Completed) => number; sd: (row: Completed) => number; perTrial: (t: TrialRecord) => number }[] = [
  { name: 'real', unit: 's', median: (row) => row.summary.realSeconds.median, sd: (row) => row.summary.realSeconds.sd, perTrial: (t) => t.realSeconds },
  { name: 'work', unit: 's', median: (row) => row.summary.workSeconds.median, sd: (row) => row.summary.workSeconds.sd, perTrial: (t) => t.workSeconds ?? 0 },
  {
    name: 'cpu',
    unit: 's',
    median: (row) => row.summary.userSeconds.median + row.summary.sysSeconds.median,
    sd: (row) => Math.hypot(row.summary.userSeconds.sd, row.summary.sysSeconds.sd),
    perTrial: (t) => t.userSeconds + t.sysSeconds,
  },
  {
    name: 'peak-rss',
    unit: 'MiB',
    median: (row) => row.summary.peakRssBytes.median / 2 ** 20,
    sd: (row) => row.summary.peakRssBytes.sd / 2 ** 20,
    perTrial: (t) => t.peakRssBytes / 2 ** 20,
  },
];

/** Six decimals: microseconds for seconds, and no floating-point noise in the file. */
const round = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * The range of one metric of a row. The mean's interval rather than the median's: with the few
 * trials a row has (3 to 10), an interval of the median from order statistics is its whole range
 * or close to it, while the mean's t-interval uses every trial's distance.
 */
function range(row: Completed, metric: (typeof METRICS)[number]): string {
  const half = meanHalfWidth95(countedTrials(row).map(metric.perTrial));
  return half === undefined ? `± ${round(metric.sd(row))} (sd)` : `± ${round(half)} (95% CI of the mean)`;
}

function entries(results: RunResults, result: ScenarioResult): BenchmarkEntry[] {
  const c = results.context;
  return result.rows.flatMap((row) => {
    if (row.state !== 'completed') return [];
    const speed = row.summary.speedup?.real;
    const extra = [
      `${row.summary.realSeconds.n} trials`,
      speed === undefined ? undefined : `speedup ${speed.value.toFixed(2)} ± ${speed.error.toFixed(2)}x`,
      `${c.machine}: ${c.cpuModel}, ${c.cores} cores, Node ${c.node}`,
    ].filter((part) => part !== undefined).join('; ');
    return METRICS.map((metric) => ({
      name: `${result.scenario}/${row.key} ${metric.name} (${result.items} items)`,
      unit: metric.unit,
      value: round(metric.median(row)),
      range: range(row, metric),
      extra,
    }));
  });
}

/** The `customSmallerIsBetter` array: every completed row's real, work and CPU seconds and peak RSS. */
export function renderBenchmarkJson(results: RunResults): BenchmarkEntry[] {
  return results.scenarios.flatMap((result) => entries(results, result));
}

export const githubActionBenchmark: Exporter = {
  name: 'github-action-benchmark',
  summary: "github-action-benchmark's customSmallerIsBetter JSON (real, work, cpu in s; peak-rss in MiB; range: 95% CI of the mean)",
  label: 'Benchmark',
  async files(results, target) {
    return [{ path: `${target.baseName}.benchmark.json`, content: `${JSON.stringify(renderBenchmarkJson(results), null, 2)}\n` }];
  },
};
