/** Document 000's decision matrix: how each scenario behaved and which kind of strategy to use. */
import type { Row, ScenarioResult } from '../results/records.js';
import { fastestRow, realMedian } from '../results/row-figures.js';
import type { Ratio } from '../statistics/summary.js';
import { DEFAULT_FOREIGN_LOAD_WARN_CORES, foreignLoad, isSingleJs, kindName, threadProfile } from './thread-profile.js';
import { isReferenceRow, isSequentialRow } from '../results/row-kinds.js';

/** How a scenario behaved when run sequentially, read off its CPU seconds per real second. */
export type Boundness = 'CPU-bound' | 'I/O-bound' | 'mixed';

/** At or above this many CPU seconds per real second the sequential run was computing, not waiting. */
export const CPU_BOUND_RATIO = 0.7;
/** At or below this it was mostly waiting. */
export const IO_BOUND_RATIO = 0.3;

/** Document 000's decision matrix, one line per scenario, filled with this machine's measurements. */
export interface Decision {
  readonly scenario: string;
  readonly items: number;
  /** CPU seconds per real second of the sequential row's work window (the whole trial when it has none); null without one. */
  readonly cpuPerReal: number | null;
  readonly boundness: Boundness | null;
  /** The fastest approach besides sequential, with its real-time speedup over sequential. */
  readonly winner: { readonly label: string; readonly strategy: string; readonly speedup: Ratio | null } | null;
  /** How much faster the winner was than the best approach of another strategy, as a fraction (0.12 = 12%). */
  readonly margin: { readonly over: string; readonly fraction: number } | null;
  readonly recommendation: string;
  /** Why the verdict cannot be trusted (other processes took cores while rows ran), or null. */
  readonly unreliable: string | null;
}

/** The boundness of a CPU-seconds-per-real-second figure. */
export function classify(cpuPerReal: number): Boundness {
  if (cpuPerReal >= CPU_BOUND_RATIO) return 'CPU-bound';
  if (cpuPerReal <= IO_BOUND_RATIO) return 'I/O-bound';
  return 'mixed';
}

function cpuPerRealOf(row: Row | undefined): number | null {
  if (row === undefined || row.state !== 'completed') return null;
  const s = row.summary;
  if (s.workSeconds.median > 0) return s.workCpuSeconds.median / s.workSeconds.median;
  return s.realSeconds.median > 0 ? (s.userSeconds.median + s.sysSeconds.median) / s.realSeconds.median : null;
}

/** The one-line advice, from how the work behaved and which kind of strategy won. */
export function recommend(boundness: Boundness | null, winner: Row | undefined, sequentialCompleted = true): string {
  if (winner === undefined || winner.state !== 'completed') {
    return sequentialCompleted ? 'Stay sequential: no other strategy completed.' : 'No recommendation: no strategy completed, sequential included; see each row\'s failure.';
  }
  const speed = winner.summary.speedup?.real;
  if (speed === undefined) return `Use ${winner.label}; there was no sequential run to compare it with.`;
  if (speed.value - speed.error <= 1) return `Stay sequential: no strategy was faster by more than its spread (best: ${winner.label}).`;
  // Whether the winner's JavaScript ran on one thread is measured (threads by kind), not read off its name.
  const profile = threadProfile(winner);
  const oneJs = profile === undefined ? undefined : isSingleJs(profile);
  if (boundness === 'CPU-bound') {
    if (oneJs === true && profile !== undefined) {
      const offJs = (['libuv-pool', 'native'] as const).filter((kind) => (profile.kinds[kind]?.cores ?? 0) >= 0.01);
      const offJsCores = offJs.reduce((sum, kind) => sum + (profile.kinds[kind]?.cores ?? 0), 0);
      if (offJsCores >= 0.2) {
        const native = offJs.map((kind) => `${kindName(kind, profile)} ${(profile.kinds[kind]?.cores ?? 0).toFixed(2)}`);
        return `Use ${winner.label}: with one JavaScript thread it kept ${profile.totalCores.toFixed(2)} cores busy, the work running in native code off that thread (${native.join(', ')}).`;
      }
    }
    if (oneJs === undefined) return `Use ${winner.label}: the fastest on this CPU-bound work (--explain reads why: where the CPU went).`;
    return `Use ${winner.label}: the work is CPU-bound${oneJs === false ? ', and it spread its JavaScript over several threads or processes' : ''}.`;
  }
  if (boundness === 'I/O-bound') {
    if (oneJs === true) return `Use ${winner.label}: the work waits rather than computes, and one event loop overlapped the waits at the lowest cost.`;
    if (oneJs === false) return `Use ${winner.label}, and try promise with more in flight: I/O-bound work seldom needs more threads or processes.`;
    return `Use ${winner.label}: the work waits rather than computes.`;
  }
  return `Use ${winner.label}: the work both computes and waits, so sweep --workers and --concurrency before settling.`;
}

/** Rows whose trials saw more foreign load than `thresholdCores`, as "label (0.90 cores)". */
function loadedRows(rows: readonly Row[], thresholdCores: number): string[] {
  return rows.flatMap((row) => {
    const load = foreignLoad(row);
    return load !== null && load.max > thresholdCores ? [`${row.label} (${load.max.toFixed(2)} cores)`] : [];
  });
}

/** Fills one decision-matrix line from a scenario's rows. */
export function decide(result: ScenarioResult, foreignLoadWarnCores = DEFAULT_FOREIGN_LOAD_WARN_CORES): Decision {
  const sequential = result.rows.find((row) => isSequentialRow(row));
  const cpuPerReal = cpuPerRealOf(sequential);
  const boundness = cpuPerReal === null ? null : classify(cpuPerReal);
  const best = fastestRow(result.rows);
  const rival = result.rows
    .filter((row) => row.state === 'completed' && !isReferenceRow(row) && row.strategy !== best?.strategy)
    .sort((a, b) => realMedian(a) - realMedian(b))[0];
  return {
    scenario: result.scenario,
    items: result.items,
    cpuPerReal,
    boundness,
    winner:
      best === undefined || best.state !== 'completed'
        ? null
        : { label: best.label, strategy: best.strategy, speedup: best.summary.speedup?.real ?? null },
    margin: best === undefined || rival === undefined ? null : { over: rival.label, fraction: realMedian(rival) / realMedian(best) - 1 },
    recommendation: recommend(boundness, best, sequential?.state === 'completed'),
    unreliable: (() => {
      const loaded = loadedRows(result.rows, foreignLoadWarnCores);
      return loaded.length === 0 ? null : `other processes took cores while these rows ran: ${loaded.join(', ')}`;
    })(),
  };
}
