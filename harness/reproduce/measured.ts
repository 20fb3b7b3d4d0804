/** Reads parabench's measured figures out of bench results for a reproduction's tables and explanations. */
import type { Row, RowSummary, ScenarioResult, TrialRecord } from '../results/records.js';
import type { Counterpart, ExperimentResults, Metric } from './document.js';

/** A completed row with its statistics. */
export type CompletedRow = Extract<Row, { state: 'completed' }>;

/** The row an article row maps to, and the scenario size it was measured at. */
export interface Found {
  readonly row: Row;
  readonly scenario: ScenarioResult;
}

/** The counterpart's row: at its size, or at the largest size its experiment measured. */
export function findRow(results: ExperimentResults, counterpart: Pick<Counterpart, 'experiment' | 'rowKey' | 'items'>): Found | undefined {
  const run = results.get(counterpart.experiment);
  if (run === undefined) return undefined;
  const sizes = [...run.scenarios].sort((a, b) => b.items - a.items);
  const scenario = counterpart.items === undefined ? sizes[0] : sizes.find((s) => s.items === counterpart.items);
  const row = scenario?.rows.find((r) => r.key === counterpart.rowKey);
  return scenario === undefined || row === undefined ? undefined : { row, scenario };
}

export function isCompleted(row: Row | undefined): row is CompletedRow {
  return row?.state === 'completed';
}

/** Measured, verified trials of a row (no warm-ups, no failed trials). */
export function measuredTrials(row: Row): TrialRecord[] {
  return row.trials.filter((t) => !t.warmup && t.problem === null);
}

/** Median of a list of numbers; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A counter's median over a row's measured trials; null when no trial recorded it. */
export function counterMedian(row: Row, name: string): number | null {
  return median(measuredTrials(row).flatMap((t) => (t.counters[name] === undefined ? [] : [t.counters[name] as number])));
}

/** Cores kept busy on average over a whole trial: (user + sys) / real, from the medians. */
export function coresBusy(summary: RowSummary): number {
  return (summary.userSeconds.median + summary.sysSeconds.median) / summary.realSeconds.median;
}

/**
 * A metric of a completed row in its table unit: seconds, times (x) or percent. Speedup is the
 * baseline's median real time over this row's; null without a completed baseline.
 */
export function metricValue(row: Row | undefined, metric: Metric, baseline?: Row): number | null {
  if (!isCompleted(row)) return null;
  const s = row.summary;
  switch (metric) {
    case 'real':
      return s.realSeconds.median;
    case 'user':
      return s.userSeconds.median;
    case 'sys':
      return s.sysSeconds.median;
    case 'work':
      return s.workSeconds.median;
    case 'cpuUtil':
      return s.cpuUtilisation.median * 100;
    case 'coresBusy':
      return coresBusy(s);
    case 'speedup':
      return isCompleted(baseline) ? baseline.summary.realSeconds.median / s.realSeconds.median : null;
  }
}

/** The measured trial whose work window is nearest the row's median and that recorded events. */
export function typicalTrial(row: Row): TrialRecord | undefined {
  if (!isCompleted(row)) return undefined;
  const middle = row.summary.workSeconds.median;
  return measuredTrials(row)
    .filter((t) => t.events.length > 0)
    .sort((a, b) => Math.abs((a.workSeconds ?? 0) - middle) - Math.abs((b.workSeconds ?? 0) - middle))[0];
}

/**
 * CPU seconds by thread kind, where the results carry them (per-thread attribution, recorded by
 * newer harness versions as `cpuByThreadKind` on a row's summary or its trials); undefined when
 * they do not: a reproduction never guesses where the CPU went.
 */
export function cpuByThreadKind(row: Row): Readonly<Record<string, number>> | undefined {
  const fromSummary = isCompleted(row) ? kindSeconds((row.summary as unknown as Record<string, unknown>)['cpuByThreadKind']) : undefined;
  if (fromSummary !== undefined) return fromSummary;
  const perTrial = measuredTrials(row).map((t) => kindSeconds((t as unknown as Record<string, unknown>)['cpuByThreadKind']));
  if (perTrial.length === 0 || perTrial.some((k) => k === undefined)) return undefined;
  const kinds = [...new Set(perTrial.flatMap((k) => Object.keys(k ?? {})))];
  return Object.fromEntries(kinds.map((kind) => [kind, median(perTrial.map((k) => k?.[kind] ?? 0)) ?? 0]));
}

/** A record of kind -> seconds (a number, or a summary with a median); undefined otherwise. */
function kindSeconds(value: unknown): Record<string, number> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Object.entries(value as Record<string, unknown>).map(([kind, v]) => {
    if (typeof v === 'number') return [kind, v] as const;
    const m = (v as { median?: unknown } | null)?.median;
    return typeof m === 'number' ? ([kind, m] as const) : undefined;
  });
  if (entries.length === 0 || entries.some((e) => e === undefined)) return undefined;
  return Object.fromEntries(entries as (readonly [string, number])[]);
}

const s2 = (value: number): string => value.toFixed(value < 10 ? 2 : 1);

/**
 * Why a row came out as it did, from its own medians: real, user and sys, the cores kept busy,
 * CPU utilisation of this machine, the pool's start-up, and the CPU by thread kind where measured.
 */
export function explainRow(label: string, row: Row | undefined, cores: number): string {
  if (row === undefined) return `${label}: not measured.`;
  if (!isCompleted(row)) return `${label}: failed (${row.failure}).`;
  const s = row.summary;
  const busy = coresBusy(s);
  const parts = [
    `${label}: real ${s2(s.realSeconds.median)} s, user ${s2(s.userSeconds.median)} s, sys ${s2(s.sysSeconds.median)} s`,
    s.userSeconds.median > s.realSeconds.median
      ? `user > real: more than one core worked at once, ${busy.toFixed(2)} cores busy on average (CPU util ${(s.cpuUtilisation.median * 100).toFixed(0)}% of ${cores})`
      : `${busy.toFixed(2)} cores busy on average (CPU util ${(s.cpuUtilisation.median * 100).toFixed(0)}% of ${cores})`,
  ];
  if (s.startupSeconds.median > 0.005) parts.push(`pool start-up ${s2(s.startupSeconds.median)} s of it, work window ${s2(s.workSeconds.median)} s`);
  const kinds = cpuByThreadKind(row);
  if (kinds !== undefined) {
    parts.push(`CPU by thread kind: ${Object.entries(kinds).map(([kind, seconds]) => `${kind} ${s2(seconds)} s`).join(', ')}`);
  }
  return `${parts.join('; ')}.`;
}
