/** The `github-action-benchmark` format: smaller-is-better metrics per row. */
import type { Row, RunResults, ScenarioResult } from '../results/records.js';
import type { Summary } from '../statistics/summary.js';
import type { Exporter } from './exporter.js';

/** One entry of github-action-benchmark's `customSmallerIsBetter` tool. */
export interface BenchmarkEntry {
  /** Stable across runs of the same configuration: scenario, row key, metric, size. */
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  /** The spread, as `± sd` in the entry's unit. */
  readonly range: string;
  readonly extra: string;
}

/** Each metric with its one fixed unit; all are smaller-is-better. */
const METRICS: readonly { name: string; unit: string; pick: (row: Row & { state: 'completed' }) => Summary | { median: number; sd: number } }[] = [
  { name: 'real', unit: 's', pick: (row) => row.summary.realSeconds },
  { name: 'work', unit: 's', pick: (row) => row.summary.workSeconds },
  {
    name: 'cpu',
    unit: 's',
    pick: (row) => ({
      median: row.summary.userSeconds.median + row.summary.sysSeconds.median,
      sd: Math.hypot(row.summary.userSeconds.sd, row.summary.sysSeconds.sd),
    }),
  },
  { name: 'peak-rss', unit: 'MiB', pick: (row) => ({ median: row.summary.peakRssBytes.median / 2 ** 20, sd: row.summary.peakRssBytes.sd / 2 ** 20 }) },
];

/** Six decimals: microseconds for seconds, and no floating-point noise in the file. */
const round = (value: number): number => Math.round(value * 1e6) / 1e6;

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
    return METRICS.map((metric) => {
      const s = metric.pick(row);
      return { name: `${result.scenario}/${row.key} ${metric.name} (${result.items} items)`, unit: metric.unit, value: round(s.median), range: `± ${round(s.sd)}`, extra };
    });
  });
}

/** The `customSmallerIsBetter` array: every completed row's real, work and CPU seconds and peak RSS. */
export function renderBenchmarkJson(results: RunResults): BenchmarkEntry[] {
  return results.scenarios.flatMap((result) => entries(results, result));
}

export const githubActionBenchmark: Exporter = {
  name: 'github-action-benchmark',
  summary: "github-action-benchmark's customSmallerIsBetter JSON (real, work, cpu in s; peak-rss in MiB)",
  label: 'Benchmark',
  async files(results, target) {
    return [{ path: `${target.baseName}.benchmark.json`, content: `${JSON.stringify(renderBenchmarkJson(results), null, 2)}\n` }];
  },
};
