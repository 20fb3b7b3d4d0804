/** Why a trial died without a report, in words: what ended it and the item its main thread ran, from its last words or a diagnostic rerun. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessMeasurement } from '../measure/process.js';
import { readLastWords, readTrace, withoutLastWords, type InFlightRecord } from '../trial/last-words.js';
import type { TrialReport } from '../trial/report.js';

/** What an unmeasured diagnostic rerun of a dead trial found. */
export interface Diagnosis {
  /** The rerun died too (no report), as the measured trial did. */
  readonly died: boolean;
  /** What ran on its main thread when it last changed; undefined where no task runs there (pools). */
  readonly inFlight: readonly InFlightRecord[] | undefined;
}

/** V8's last words when a heap runs out; a main thread cannot catch it, so the trial dies with them. */
const OUT_OF_HEAP = /JavaScript heap out of memory|Reached heap limit/;

/**
 * Whether a trial's death calls for a diagnostic rerun: it died without a report, and without
 * last words that pin one item (out of heap or a signal leave none; an exit with several items
 * in flight leaves several), and not by the harness's hand (a timeout is not rerun: it would
 * cost the whole timeout again).
 */
export function wantsDiagnosis(m: ProcessMeasurement<TrialReport>): boolean {
  if (m.report !== undefined || m.timedOut) return false;
  const lastWords = readLastWords(m.stderrTail);
  return lastWords === undefined || !pinned(lastWords);
}

/** True when a record of what was in flight names one item: the call on the stack, or the only item. */
function pinned(inFlight: readonly InFlightRecord[]): boolean {
  return inFlight.some((batch) => batch.onStack !== null) || (inFlight.length === 1 && inFlight[0]?.size === 1);
}

/**
 * Runs a dead trial's command once more, unmeasured (its figures are thrown away), with its main
 * thread traced into a temporary file (`--diagnose`), and reads what ran when it died. Measured
 * trials never trace: the trace costs a synchronous write per item.
 */
export async function diagnose(
  command: readonly string[],
  run: (command: readonly string[]) => Promise<ProcessMeasurement<TrialReport>>,
): Promise<Diagnosis> {
  const dir = await mkdtemp(join(tmpdir(), 'parabench-diagnose-'));
  const file = join(dir, 'in-flight');
  try {
    const m = await run([...command, '--diagnose', file]);
    const trace = await readFile(file, 'utf8').catch(() => '');
    return { died: m.report === undefined, inFlight: readTrace(trace) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Why a trial that sent no report died, naming the item its main thread was running where its
 * last words (an exit) or a diagnostic rerun (out of heap, a signal) tell it.
 */
export function deathWithoutReport(m: ProcessMeasurement<TrialReport>, workerHeapMb?: number, diagnosis?: Diagnosis): string {
  const lastWords = readLastWords(m.stderrTail);
  const where = place(lastWords, diagnosis);
  const uncontained = 'which ends the whole trial: the item in flight cannot be contained there (a pool fails only that item)';
  if (OUT_OF_HEAP.test(m.stderrTail)) {
    const limit = workerHeapMb === undefined ? "Node's default limit" : `limit ${workerHeapMb} MiB, --worker-heap-mb`;
    return `ran out of heap (${limit}) on the trial's main thread${where}, ${uncontained}`;
  }
  const how = m.signal ?? `code ${String(m.exitCode)}`;
  if (lastWords !== undefined) return `trial exited with ${how}${where} on its main thread, ${uncontained}`;
  const tail = withoutLastWords(m.stderrTail)
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .slice(-3)
    .join(' ');
  return `trial exited with ${how} without a report${where}${tail ? `: ${tail}` : ''}`;
}

/** Where the trial was: its last words where they pin the item, else the rerun's, else every item its last words name. */
function place(lastWords: readonly InFlightRecord[] | undefined, diagnosis: Diagnosis | undefined): string {
  const rerunPinned = diagnosis?.inFlight !== undefined && pinned(diagnosis.inFlight);
  if (lastWords !== undefined && (pinned(lastWords) || !rerunPinned)) return ` ${at(lastWords)}`;
  return diagnosis === undefined ? '' : diagnosed(diagnosis);
}

/** What a diagnostic rerun adds to the reason: the item, or why it could not name one. */
function diagnosed(diagnosis: Diagnosis): string {
  const source = 'found by an unmeasured diagnostic rerun';
  if (!diagnosis.died) return ' (an unmeasured diagnostic rerun did not fail, so the item is unknown)';
  if (diagnosis.inFlight === undefined) return '';
  if (diagnosis.inFlight.length === 0) return ` (an unmeasured diagnostic rerun died with no task running on the main thread)`;
  return ` ${at(diagnosis.inFlight, source)}`;
}

/**
 * Where on the main thread a trial died: the item whose task call was on the stack, or the only
 * one in flight, else every item in flight on the one event loop.
 */
function at(inFlight: readonly InFlightRecord[], source?: string): string {
  const also = source === undefined ? '' : `; ${source}`;
  const running = inFlight.find((batch) => batch.onStack !== null);
  if (running !== undefined) return `at ${item(running, running.onStack ?? 0)} (task ${running.task}${also})`;
  const only = inFlight.length === 1 ? inFlight[0] : undefined;
  if (only !== undefined && only.size === 1) return `at ${item(only, 0)} (task ${only.task}${also})`;
  if (only !== undefined) return `at ${items(only)} (one batch of task ${only.task}${also})`;
  const tasks = [...new Set(inFlight.map((b) => b.task))].join(', ');
  const numbered = inFlight.every((b) => b.firstItem !== null);
  const count = inFlight.reduce((sum, b) => sum + b.size, 0);
  const list = numbered ? `items ${inFlight.flatMap((b) => Array.from({ length: b.size }, (_, place) => (b.firstItem ?? 0) + place)).join(', ')}` : `${count} items`;
  return `with ${list} in flight on its one event loop (task ${tasks}; it cannot be traced to one of them${also})`;
}

/** One item of a batch by its place in it: `item 3`, or a `submit`'s. */
function item(batch: InFlightRecord, place: number): string {
  return batch.firstItem === null ? 'a submitted item' : `item ${batch.firstItem + place}`;
}

/** The items of one batch: `items 3-5`, or a `submit`'s. */
function items(batch: InFlightRecord): string {
  return batch.firstItem === null ? 'a submitted item' : `items ${batch.firstItem}-${batch.firstItem + batch.size - 1}`;
}
