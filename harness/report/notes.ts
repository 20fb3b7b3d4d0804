/** Observations read off the measurements, in plain words: per scenario and for the run. */
import { libuvProbeSecondsOf } from '../instruments/threads.js';
import { loadedInstrument } from '../instrument-registry.js';
import { noiseWarnings } from '../statistics/noise.js';
import { countedTrials, measuredTrials } from '../results/counted-trials.js';
import { foreignLoadNotes, rowThreadNotes, threadsAgainstProcesses } from './thread-notes.js';
import { ceilingNotes } from './ceiling-notes.js';
import { laneNotes } from './lane-notes.js';
import { settingNotes } from './setting-notes.js';
import type { ItemFailure } from '../trial/report.js';
import type { Context } from '../measure/context.js';
import type { Row, RunResults, ScenarioResult, TrialRecord } from '../results/records.js';
import type { Summary } from '../statistics/summary.js';
import { oneLine } from '../safe-text.js';

const ms = (seconds: number): string => `${(seconds * 1000).toFixed(0)} ms`;

/** Options of the notes: the foreign-load threshold, in cores (`--foreign-load-warn`). */
export interface NoteOptions {
  readonly foreignLoadWarnCores?: number | undefined;
}

/**
 * Observations read off the measurements of one scenario, in plain words, the ones that matter
 * most first: failures, then what makes figures unreliable, then what explains the verdict, then
 * the detail (a terminal shows the first ones, the report all). Every cause a note names comes
 * from a measurement of the row (threads by kind, GC, event loops), never from a strategy's name.
 */
export function scenarioNotes(rows: readonly Row[], _facts: Readonly<Record<string, string | number | boolean>>, options: NoteOptions = {}): string[] {
  const counted: string[] = [];
  for (const row of rows) {
    if (row.state !== 'completed') continue;
    const skipped = measuredTrials(row).map((t) => t.counters['skipped'] ?? 0);
    if (skipped.some((n) => n > 0)) counted.push(`${row.label} skipped ${Math.max(...skipped)} up-to-date outputs in its measured trials.`);
    const counts = countersNote(measuredTrials(row));
    if (counts !== undefined) counted.push(`${row.label}: ${counts} (median per measured trial).`);
  }
  const noise = rows.flatMap((row) => (row.state === 'completed' ? noiseWarnings(row.label, countedTrials(row).map((t) => t.realSeconds), row.summary.realSeconds.cv) : []));
  const comparison = threadsAgainstProcesses(rows);
  return [
    ...rows.flatMap((row) => (row.state === 'failed' ? [`${row.label} FAILED: ${row.failure}`] : [])),
    ...failureNotes(rows),
    ...foreignLoadNotes(rows, options.foreignLoadWarnCores),
    ...ceilingNotes(rows),
    ...(comparison === undefined ? [] : [comparison]),
    ...noise,
    ...counted,
    ...rowThreadNotes(rows),
    ...laneNotes(rows),
    ...settingNotes(rows),
    ...measuringCostNote(rows),
  ];
}

/**
 * What measuring cost: the harness's own CPU while trials ran (spawning, /proc sampling, IPC), as
 * a share of one core over each trial's real time, and the part spent inside the work window
 * (sampling it) over the window's length, so a short window's faster sampling is stated where it
 * happened. The harness shares the cores with the trial, so these bound how much it could slow one.
 */
function measuringCostNote(rows: readonly Row[]): string[] {
  const measured = rows.flatMap(countedTrials).filter((t) => t.realSeconds > 0);
  const shares = measured.filter((t) => typeof t.harnessCpuSeconds === 'number').map((t) => t.harnessCpuSeconds / t.realSeconds);
  if (shares.length === 0) return [];
  const windowShares = measured.flatMap((t) => {
    const length = t.window?.startSeconds != null && t.window.endSeconds != null ? t.window.endSeconds - t.window.startSeconds : 0;
    return typeof t.harnessWindowCpuSeconds === 'number' && length > 0 && (t.windowSampleIntervalMs ?? 0) > 0 ? [t.harnessWindowCpuSeconds / length] : [];
  });
  const intervals = measured.filter((t) => (t.windowSampleIntervalMs ?? 0) > 0).map((t) => t.windowSampleIntervalMs);
  const rate = intervals.length === 0 ? '' : `, sampling every ${Math.min(...intervals)}-${Math.max(...intervals)} ms inside the work window`;
  const inWindow =
    windowShares.length === 0
      ? ''
      : `; inside the work windows it used a median ${percent(medianOf(windowShares))} of one core over the window (at most ${percent(Math.max(...windowShares))})`;
  const probeSeconds = measured.flatMap((t) => {
    const seconds = libuvProbeSecondsOf(t);
    return seconds !== null && seconds > 0 ? [seconds] : [];
  });
  const probes = measured.flatMap((t) => {
    const seconds = libuvProbeSecondsOf(t);
    return seconds !== null && seconds > 0 ? [seconds / t.realSeconds] : [];
  });
  const probe =
    probes.length === 0
      ? ''
      : ` Inside each trial, the burst of libuv work that tells its pool's threads apart ran before the work window: a median ${(medianOf(probeSeconds) * 1000).toFixed(1)} ms, ${percent(medianOf(probes))} of a trial's real time (at most ${percent(Math.max(...probes))}), counted in real but not in the work window.`;
  return [
    ...sparseWindowsNote(measured),
    `Measuring cost: the harness itself (spawning, sampling every thread from /proc${rate}, IPC) used a median ${percent(medianOf(shares))} of one core while a trial ran (at most ${percent(Math.max(...shares))})${inWindow}, which bounds how much it could slow a trial.${probe}`,
  ];
}

const percent = (share: number): string => `${(share * 100).toFixed(2)}%`;

/** Samples a work window's timeline should have: the sampling period is chosen for this many at least. */
const WANTED_WINDOW_SAMPLES = 25;

/**
 * Windows sampled more sparsely than asked: the period was chosen for 25 samples at least, so
 * fewer means the harness itself did not run on time (the cores busy with other work), which the
 * timeline of such a trial shows as long flat steps. Names the count and the longest gap.
 */
function sparseWindowsNote(trials: readonly TrialRecord[]): string[] {
  const sampled = trials.flatMap((t) => {
    const start = t.window?.startSeconds;
    const end = t.window?.endSeconds;
    if (start == null || end == null || (t.windowSampleIntervalMs ?? 0) <= 0) return [];
    const points = t.timeline.filter((p) => p.seconds >= start - 1e-6 && p.seconds <= end + 0.002).map((p) => p.seconds);
    const gapSeconds = Math.max(0, ...points.slice(1).map((seconds, i) => seconds - (points[i] as number)));
    return [{ points: points.length, gapSeconds }];
  });
  const sparse = sampled.filter((w) => w.points < WANTED_WINDOW_SAMPLES);
  if (sparse.length === 0) return [];
  return [
    `${sparse.length} of ${sampled.length} sampled work windows got fewer than ${WANTED_WINDOW_SAMPLES} samples (fewest ${Math.min(...sparse.map((w) => w.points))}): the harness's timer ran up to ${(Math.max(...sparse.map((w) => w.gapSeconds)) * 1000).toFixed(0)} ms between samples (a busy machine delays it); their timelines are coarse there.`,
  ];
}

/** The lower median, as the note has always stated it. */
function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

/** The items that failed, one line each (a message's own line breaks shown as ⏎): listed once when every row failed the same ones (bad inputs), else per row. */
function failureNotes(rows: readonly Row[]): string[] {
  const failuresOf = (row: Row): readonly ItemFailure[] => row.trials.find((t) => t.itemFailures.length > 0)?.itemFailures ?? [];
  const withFailures = rows.filter((row) => failuresOf(row).length > 0);
  if (withFailures.length === 0) return [];
  const items = (row: Row): string => failuresOf(row).map((f) => f.item).join(',');
  const same = rows.every((row) => row.state !== 'completed' || items(row) === items(withFailures[0] as Row));
  const list = (failures: readonly ItemFailure[]): string =>
    failures
      .slice(0, 20)
      .map((f) => `\n    item ${f.item}: ${oneLine(f.message.replace(/^.*?: item \d+ failed: /, ''))}`)
      .join('') + (failures.length > 20 ? `\n    ... and ${failures.length - 20} more (all in the JSON)` : '');
  if (same) {
    const failures = failuresOf(withFailures[0] as Row);
    return [`${failures.length} item(s) failed in every strategy and were left out of the comparison:${list(failures)}`];
  }
  return withFailures.map((row) => `${row.label}: ${failuresOf(row).length} item(s) failed:${list(failuresOf(row))}`);
}

/** Counters other than `skipped` that were not zero, e.g. `retries 12, failed 2`; undefined when none. */
function countersNote(trials: readonly TrialRecord[]): string | undefined {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.counters)))].filter((name) => name !== 'skipped');
  const medians = names.map((name) => {
    const values = trials.map((t) => t.counters[name] ?? 0).sort((a, b) => a - b);
    return [name, values[Math.floor((values.length - 1) / 2)] ?? 0] as const;
  });
  const shown = medians.filter(([, value]) => value !== 0);
  return shown.length === 0 ? undefined : shown.map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toPrecision(3)}`).join(', ');
}

/** The run's settings the notes read, from its parameters: the foreign-load threshold. */
export function noteOptions(parameters: RunResults['parameters']): NoteOptions {
  const cores = parameters['foreignLoadWarnCores'];
  return typeof cores === 'number' ? { foreignLoadWarnCores: cores } : {};
}

/** Said of files that stored their notes (before 2026-12-07) where rows ran unverified: kept, as such files hold the reason nowhere else. */
const UNVERIFIED = 'Rows ran unverified: ';

/**
 * One scenario's notes, read off its measurements when a report is rendered, so a fix to a note's
 * wording reaches every results file, old ones included (`parabench report FILE.json`).
 */
export function scenarioNotesOf(result: ScenarioResult, options: NoteOptions = {}): string[] {
  const unverified =
    result.unverified !== undefined
      ? [`${UNVERIFIED}${result.unverified}. Their outputs were compared with nothing.`]
      : (result.notes ?? []).filter((note) => note.startsWith(UNVERIFIED));
  return [...unverified, ...scenarioNotes(result.rows, result.facts, options)];
}

/** The run's notes, read off its context, its bare starts and its parameters when a report is rendered. */
export function runNotesOf(results: RunResults): string[] {
  const workers = results.parameters['workers'];
  const planted = results.parameters['plantedSlowdown'];
  return [
    ...runNotes(results.context, results.bareNodeStart.summary, Array.isArray(workers) ? workers.filter((n): n is number => typeof n === 'number') : [], results.bareNodeStart.withoutStartUpEnv?.summary),
    ...(typeof planted === 'string' ? [plantedNote(planted)] : []),
    ...readingsNotes(results.parameters),
  ];
}

/** What each trial read besides its times: the explanations or not (`--explain`), and the instruments; nothing for files written before either existed. */
function readingsNotes(parameters: RunResults['parameters']): string[] {
  const explain = parameters['explain'];
  const instruments = parameters['instruments'];
  const names = Array.isArray(instruments) ? instruments.map((name) => `${String(name)}${loadedInstrument(String(name))?.byDefault === true ? ' (default)' : ''}`) : [];
  const named = names.length > 0 ? ` Instruments: ${names.join(', ')}.` : '';
  if (explain === true) {
    return [
      `Each trial also read where its CPU went (--explain): threads by kind, GC and event loops around its work window, with the harness sampling its process tree; these readings cost a trial a few percent of its time (docs/measuring.md), so compare runs made with and without --explain only with that in mind.${named}`,
    ];
  }
  if (explain === false) {
    return [`Each trial read its times, foreign load and peak memory only; where its CPU went (threads by kind, GC, event loops, the timeline) was not read, as those readings cost a trial a few percent of its time: bench --explain reads them.${named}`];
  }
  return named === '' ? [] : [named.trim()];
}

/** What a planted slowdown (`--plant-slowdown STRATEGY=PERCENT,...`) did to the rows it named. */
function plantedNote(planted: string): string {
  const strategies = planted.split(',').map((entry) => entry.split('=')[0] ?? entry);
  return (
    `A slowdown was planted (--plant-slowdown ${planted}): every task call in the ${strategies.join(', ')} rows ` +
    "computed for that share of its own run time more, so their figures are not the strategies' own. It is for calibrating compare."
  );
}

/** Observations about the run as a whole: the fixed cost of a start, settings that slow it. */
export function runNotes(context: Context, bareStart: Summary, workers: readonly number[], withoutSlowEnv?: Summary): string[] {
  const notes = [
    `A bare Node start (\`node -e 0\`) took ${ms(bareStart.median)} (median of ${bareStart.n}); every trial's real time includes one, and each process worker pays one more in its start-up.`,
  ];
  const slow = (['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const).filter((name) => context.env[name] !== undefined);
  if (slow.length > 0) {
    const cost = withoutSlowEnv === undefined ? '' : ` Without ${slow.join(' and ')} the same start took ${ms(withoutSlowEnv.median)}: each Node process here pays about ${ms(bareStart.median - withoutSlowEnv.median)} for ${slow.length > 1 ? 'them' : 'it'}.`;
    notes.push(`${slow.map((name) => `${name} is set (${context.env[name] ?? ''})`).join('; ')}: trials and process workers start with it, as they would for you.${cost}`);
  }
  const tooMany = workers.filter((n) => n > context.cores);
  if (tooMany.length > 0) notes.push(`Pools of ${tooMany.join(', ')} workers exceed this machine's ${context.cores} cores.`);
  const quota = context.cpuQuota;
  if (quota !== undefined && quota < context.cores) {
    notes.push(
      `A control group's CPU quota lets this run's processes use ${quota.toFixed(2)} CPUs of time, fewer than the ${context.cores} cores they may run on: ` +
        `no row keeps more than ${quota.toFixed(2)} cores busy, and its workers share that time (a container's --cpus, a CI runner's limit).`,
    );
  }
  return notes;
}
