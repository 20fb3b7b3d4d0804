/** What a run records: trials, rows, scenarios and the run. */
import type { Context } from '../measure/context.js';
import type { Ratio, Summary } from '../statistics/summary.js';
import type { ProcessMeasurement } from '../measure/process.js';
import { stackSamples, type StackedSample } from '../measure/cpu-timeline.js';
import type { ThreadAccount } from '../measure/thread-account.js';
import type { ItemFailure, JsThreadWindow, TrialReport } from '../trial/report.js';
import type { InstrumentSlot } from '../instrument.js';
import { instrument as threadsInstrument, type ThreadsProbeReading } from '../instruments/threads.js';

const THREADS = threadsInstrument.name;
import type { FocusColumn, StageEvent } from '../../scenarios/scenario.js';
import { seenFields, seenValue, type RuntimeSettingFields, type SeenSettingFields } from '../settings/registry.js';

/** Version of the results file format; bump on any incompatible change. */
export const SCHEMA_VERSION = 2;

/** Fields a trial record takes as they are from the operating system's measurement of the trial. */
export const MEASURED_FIELDS = ['exitCode', 'signal', 'realSeconds', 'userSeconds', 'sysSeconds', 'timeMethod', 'harnessCpuSeconds'] as const;

/** Fields a trial record takes from the trial's own report; null when the trial did not report. */
export const REPORTED_FIELDS = ['bootSeconds', 'prepareSeconds', 'startupSeconds', 'workSeconds', 'workUserSeconds', 'workSysSeconds', 'shutdownSeconds', 'items', 'boundSeconds'] as const;

type Measured = Pick<ProcessMeasurement<TrialReport>, (typeof MEASURED_FIELDS)[number]>;
type Reported = { readonly [Field in (typeof REPORTED_FIELDS)[number]]: TrialReport[Field] | null };

/**
 * One trial as recorded: the OS's figures for the process tree (see ProcessMeasurement, units in
 * the names) and the trial's own breakdown (see TrialReport), with the verdict on its outputs.
 */
export interface TrialRecord extends Measured, Reported, SeenSettingFields {
  readonly round: number;
  readonly warmup: boolean;
  /** Which of the runs compare pooled this trial came from (0-based); set in memory by compare only, never written. */
  readonly pooledRun?: number;
  /** Peak memory of the tree, in bytes: each process's VmHWM summed where the trial read it, else the largest sample. */
  readonly peakRssBytes: number;
  /** How `peakRssBytes` was obtained (each process's VmHWM summed, or the largest sample). */
  readonly peakRssMethod: string;
  /**
   * The part of `harnessCpuSeconds` used inside the work window (sampling it), so a short window's
   * sampling cost can be stated over the window; null when no window was marked, absent in older files.
   */
  readonly harnessWindowCpuSeconds?: number | null;
  /** Wall seconds the libuv probe took before the work window: in real, not in the window; absent in older files. */
  readonly libuvProbeSeconds?: number | null;
  readonly itemFailures: readonly ItemFailure[];
  readonly counters: Readonly<Record<string, number>>;
  /** Stage executions during the work window, where the scenario records them. */
  readonly events: readonly StageEvent[];
  /** True when every item's output matched the sequential reference. */
  readonly verified: boolean;
  /** Why the trial does not count, when it does not. */
  readonly problem: string | null;
  /** CPU of the tree over time, stacked by thread kind where known (`coresByKind`). */
  readonly timeline: readonly StackedSample[];
  /** The work window on the timeline's clock (seconds since spawn); null when not marked. */
  readonly window: { readonly startSeconds: number | null; readonly endSeconds: number | null } | null;
  /** Sampling period inside the work window, in milliseconds (outside it: the row's `sampleIntervalMs`). */
  readonly windowSampleIntervalMs: number;
  /**
   * Cores other processes kept busy while the trial ran, as files written before the foreign-load
   * instrument stored it; newer files keep it in `instruments['foreign-load']` (read both with foreignLoadOf).
   */
  readonly foreignLoadCores?: number | null;
  /**
   * CPU, waiting and context switches per thread kind, and GC and event loops of each JavaScript
   * thread, over the work window, as files written before the threads instrument kept them; newer
   * files keep them in `instruments.threads` (read both with threadAccountOf and jsThreadsOf).
   */
  readonly threads?: ThreadAccount | null;
  readonly jsThreads?: readonly JsThreadWindow[];
  /**
   * An `independent` row's copies, each its own process running the sequential trial over its
   * share of the row's items. The trial's own figures combine them: real from the first spawn to
   * the last exit, user and sys of all, items summed, the work window the longest copy's.
   */
  readonly copies?: readonly CopyRecord[];
  /**
   * How much the copies' work windows ran at the same time: the span all of them were working
   * over the span any of them was, as a fraction (1 = perfectly together). Absent where unknown.
   */
  readonly copiesOverlap?: number;
  /** Slots of the instruments asked for with `--instruments`, by name (see harness/instrument.ts); absent when none was. */
  readonly instruments?: Readonly<Record<string, InstrumentSlot>>;
}

/** One copy of an `independent` trial: a sequential trial over its share of the items, run beside the others, as it reported itself. */
export interface CopyRecord {
  /** 1-based number of the copy within its trial. */
  readonly copy: number;
  /**
   * The first of the row's items this copy ran, and how many it was given (`items` is how many it
   * reported). Absent in files written when every copy ran all the row's items.
   */
  readonly firstItem?: number;
  readonly shareItems?: number;
  /** Wall time from this copy's spawn to its exit, in seconds. */
  readonly realSeconds: number;
  readonly startupSeconds: number | null;
  /** This copy's own work window, in seconds. */
  readonly workSeconds: number | null;
  /** When its work window started, in seconds after the first copy's started (null when it did not report). */
  readonly workStartSeconds?: number | null;
  readonly workUserSeconds: number | null;
  readonly workSysSeconds: number | null;
  readonly items: number | null;
  /** True when every item's output matched its share of the sequential reference. */
  readonly verified: boolean;
  readonly problem: string | null;
  /** This copy's stage events, on its own work window's clock (seconds); absent in older files. */
  readonly events?: readonly StageEvent[];
}

/**
 * Builds a trial's record from its measurement (and the report in it) and the verdict on its
 * outputs; `windowSampleIntervalMs` is the sampling period the harness used inside its work window.
 */
export function trialRecord(
  round: number,
  warmup: boolean,
  measurement: ProcessMeasurement<TrialReport>,
  verdict: { readonly problem: string | null; readonly verified: boolean },
  windowSampleIntervalMs = 0,
): TrialRecord {
  const report = measurement.report;
  const measured = Object.fromEntries(MEASURED_FIELDS.map((field) => [field, measurement[field]])) as unknown as Measured;
  const reported = Object.fromEntries(REPORTED_FIELDS.map((field) => [field, report?.[field] ?? null])) as unknown as Reported;
  return {
    round,
    warmup,
    ...measured,
    ...reported,
    itemFailures: report?.failures ?? [],
    counters: report?.counters ?? {},
    events: report?.events ?? [],
    peakRssBytes: report?.peakMemory?.bytes ?? measurement.peakRssBytes,
    peakRssMethod:
      report?.peakMemory?.method ?? (measurement.peakRssBytes > 0 ? 'largest summed RSS of the tree among the samples' : 'not measured (sampling off)'),
    timeline: timelineOf(measurement),
    window: measurement.window.startSeconds === null ? null : measurement.window,
    windowSampleIntervalMs,
    harnessWindowCpuSeconds: measurement.harnessWindowCpuSeconds,
    ...(report === undefined ? {} : seenFields((variable) => seenValue(report, variable) ?? null)),
    ...(report?.instruments === undefined && Object.keys(measurement.instruments).length === 0 ? {} : { instruments: { ...keptSlots(report?.instruments), ...measurement.instruments } }),
    ...verdict,
  };
}

/** The trial's instrument slots as its record keeps them: the threads' kinds by id served the timeline and are left out. */
function keptSlots(slots: TrialReport['instruments']): Record<string, InstrumentSlot> {
  const kept: Record<string, InstrumentSlot> = { ...slots };
  const threads = kept[THREADS];
  if (threads !== undefined && 'reading' in threads && threads.reading !== null && typeof threads.reading === 'object') {
    const { kindsByTid: _served, ...reading } = threads.reading as Record<string, unknown>;
    kept[THREADS] = { reading };
  }
  return kept;
}

/** The CPU timeline: per-thread samples stacked by the kinds the trial's threads instrument read, else pidusage's. */
function timelineOf(m: ProcessMeasurement<TrialReport>): readonly StackedSample[] {
  if (m.threadSamples.length === 0) return m.timeline;
  const slot = m.report?.instruments?.[THREADS];
  const read = slot !== undefined && 'reading' in slot ? (slot.reading as Partial<ThreadsProbeReading> | null) : undefined;
  const kinds = read?.kindsByTid === undefined ? undefined : new Map(read.kindsByTid);
  return stackSamples(m.threadSamples, kinds === undefined ? undefined : (tid) => kinds.get(tid));
}

/** One strategy at one shape: what a table row and its trials are about; its runtime settings' fields come from harness/settings/registry.ts. */
export interface RowPlan extends RuntimeSettingFields {
  /** Stable identifier, e.g. `worker-threads/w2`. */
  readonly key: string;
  /** How a person reads the row, e.g. `worker-threads x2`. */
  readonly label: string;
  /** What the trial loads: a registry name or a strategy module's path. */
  readonly strategy: string;
  readonly workers: number;
  readonly concurrency: number;
  /** Items per message to a pool worker. */
  readonly chunkSize: number;
  /** pidusage sampling period of the row's trials, in milliseconds; 0 = off. */
  readonly sampleIntervalMs: number;
  /** Values of swept scenario flags for this row (by flag name); the rest come from the run. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * The strategy's definition says it runs a pool of workers / takes a concurrency limit. Absent in
   * files written before they were recorded: read them through rowUsesWorkers / rowUsesConcurrency.
   */
  readonly usesWorkers?: boolean;
  readonly usesConcurrency?: boolean;
  /** Lanes the row can use at once: pool workers, promise's in-flight limit or independent copies; 1 for sequential (absent in older files). */
  readonly parallelism?: number;
}

/** Statistics of a completed row, each quantity in the unit its name says. */
export interface RowSummary {
  readonly realSeconds: Summary;
  readonly userSeconds: Summary;
  readonly sysSeconds: Summary;
  readonly startupSeconds: Summary;
  readonly workSeconds: Summary;
  readonly workCpuSeconds: Summary;
  /** Work window divided by the trial's items: the cost of one item, in seconds. */
  readonly workPerItemSeconds: Summary;
  /**
   * The `independent` row only: seconds per item at the copies' combined rate, each copy's items
   * over its own work window, summed; the ceiling the other rows are read against. Absent elsewhere
   * and in older files (which read against `workPerItemSeconds`).
   */
  readonly ceilingPerItemSeconds?: Summary;
  readonly peakRssBytes: Summary;
  /** (user + sys) / (real x cores), as a fraction of the whole machine. */
  readonly cpuUtilisation: Summary;
  /** Bound / measured work window per trial, as a fraction; null when the scenario has no bound. */
  readonly efficiency: Summary | null;
  /** Speedups over the sequential row, on real time and on the work window. */
  readonly speedup: { readonly real: Ratio; readonly work: Ratio } | null;
  /**
   * This row's throughput over the `independent` row's at the same parallelism (same flags and
   * sampling): work-window speedups divided, as a fraction (0.84 = 84% of the ceiling). Absent
   * when the run had no matching ceiling row, and in files written before it existed.
   */
  readonly ofCeiling?: Ratio;
}

/** One strategy at one size, run many times. A union on `state`: only completed rows have statistics. */
export type Row = RowBase &
  ({ readonly state: 'completed'; readonly summary: RowSummary } | { readonly state: 'failed'; readonly failure: string });

interface RowBase extends RowPlan {
  /** The exact trial command, so anyone can run `time` on it. */
  readonly command: readonly string[];
  readonly trials: readonly TrialRecord[];
}

/** All rows of one scenario, with the facts that change its outcome and notes read off the numbers. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly summary: string;
  readonly items: number;
  readonly facts: Readonly<Record<string, string | number | boolean>>;
  readonly rows: readonly Row[];
  /** Why its rows ran unverified (their sequential reference failed), when they did. */
  readonly unverified?: string;
  /**
   * Notes as files written before 2026-12-07 stored them, in prose. Newer files store only
   * measurements: notes are read off them when a report is rendered (`harness/report/notes.ts`).
   */
  readonly notes?: readonly string[];
  /** The scenario's `focus`: columns the compact terminal table adds (absent in older files and by default). */
  readonly focus?: readonly FocusColumn[];
  /** False when the items are not a size, so no projection is drawn (absent in older files: true). */
  readonly scalesWithItems?: boolean;
}

export type { StageEvent };

/** A whole `parabench bench` run: what `results/<name>.json` holds. */
export interface RunResults {
  /** The version this file was written with; files of version 1 are upgraded when read. */
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly tool: { readonly name: 'parabench'; readonly version: string };
  readonly context: Context;
  readonly parameters: Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;
  /** Median of bare `node -e 0` starts, in seconds: the fixed cost inside every trial's real time. */
  readonly bareNodeStart: {
    readonly samples: readonly number[];
    readonly summary: Summary;
    /** The same start without NODE_OPTIONS and NODE_EXTRA_CA_CERTS, measured only when either is set. */
    readonly withoutStartUpEnv?: { readonly samples: readonly number[]; readonly summary: Summary };
  };
  readonly scenarios: readonly ScenarioResult[];
  /** Observations about the run as a whole, as files written before 2026-12-07 stored them; newer files leave them to the report. */
  readonly notes?: readonly string[];
  /** True when the run was interrupted, or is still running (a checkpoint), and holds only the rows completed so far. */
  readonly interrupted: boolean;
}
