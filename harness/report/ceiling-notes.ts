/** Notes on the `independent` ceiling row: what N processes sharing the items reached together, and each approach's share of it. */
import type { Row } from '../results/records.js';
import { CEILING, isReferenceRow, itemRepeats } from '../results/row-kinds.js';
import { sequentialBaseline } from '../results/row-settings.js';
import { duration } from './format.js';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** "two", or "12" past ten. */
const count = (n: number): string => WORDS[n] ?? String(n);

/** Range of the copies' own work windows over a row's measured trials, e.g. "0.612-0.655 s". */
function copyWindows(row: Row): string | undefined {
  const windows = row.trials
    .filter((t) => !t.warmup && t.problem === null)
    .flatMap((t) => t.copies ?? [])
    .map((c) => c.workSeconds)
    .filter((w): w is number => w !== null);
  if (windows.length === 0) return undefined;
  const low = Math.min(...windows);
  const high = Math.max(...windows);
  return low === high ? duration(low) : `${duration(low)} to ${duration(high)}`;
}

const median = (values: readonly number[]): number | undefined =>
  values.length === 0 ? undefined : [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

const measured = (row: Row): Row['trials'] => row.trials.filter((t) => !t.warmup && t.problem === null);

/** Median share of the span the copies' work windows covered together, over a row's measured trials. */
function medianOverlap(row: Row): number | undefined {
  return median(measured(row).flatMap((t) => (t.copiesOverlap === undefined ? [] : [t.copiesOverlap])));
}

/** Median over trials of the latest copy's work-window start after the first's, as a fraction of the longest window. */
function medianStartSpread(row: Row): { seconds: number; fraction: number } | undefined {
  const spreads = measured(row).flatMap((t) => {
    const starts = (t.copies ?? []).map((c) => c.workStartSeconds);
    if (starts.length === 0 || starts.some((s) => s === null || s === undefined) || t.workSeconds === null || t.workSeconds <= 0) return [];
    const seconds = Math.max(...(starts as number[]));
    return [{ seconds, fraction: seconds / t.workSeconds }];
  });
  const seconds = median(spreads.map((s) => s.seconds));
  const fraction = median(spreads.map((s) => s.fraction));
  return seconds === undefined || fraction === undefined ? undefined : { seconds, fraction };
}

/** Median over trials of the copies' tail: from the first copy's end to the last's, as a fraction of the longest window. */
function medianTail(row: Row): number | undefined {
  return median(
    measured(row).flatMap((t) => {
      const copies = t.copies ?? [];
      if (copies.length < 2 || t.workSeconds === null || t.workSeconds <= 0) return [];
      if (copies.some((c) => c.workSeconds === null || c.workStartSeconds === null || c.workStartSeconds === undefined)) return [];
      const ends = copies.map((c) => (c.workStartSeconds ?? 0) + (c.workSeconds ?? 0));
      return [(Math.max(...ends) - Math.min(...ends)) / t.workSeconds];
    }),
  );
}

/** How many copies a ceiling row's trials ran: fewer than its workers when the row had fewer items (the row's workers where no trial recorded its copies). */
function copiesRun(row: Row): number {
  const ran = measured(row).map((t) => t.copies?.length ?? 0);
  const most = Math.max(0, ...ran);
  return most === 0 ? row.workers : most;
}

/** Past this share of the window, the copies' starts were far enough apart that one worked alone for a while. */
const LATE_START = 0.05;

/**
 * One note per ceiling row (its throughput over the sequential row's, and how it is combined)
 * and one per approach that has a ceiling at its parallelism ("worker-threads x2 reached 84% of
 * what two independent processes reach on this machine").
 */
export function ceilingNotes(rows: readonly Row[]): string[] {
  const notes: string[] = [];
  for (const row of rows) {
    if (row.state !== 'completed' || !CEILING.holds(row) || row.summary.speedup === null) continue;
    const windows = copyWindows(row);
    const overlap = medianOverlap(row);
    const spread = medianStartSpread(row);
    const started =
      spread === undefined
        ? ''
        : ` Their work windows started ${duration(spread.seconds)} apart` +
          (spread.fraction > LATE_START ? ` (${(spread.fraction * 100).toFixed(0)}% of the window: one copy worked alone for a while, so this overstates the ceiling)` : '');
    const together =
      overlap === undefined
        ? ''
        : `${started === '' ? ' Their work windows' : ' and'} ran together for ${(overlap * 100).toFixed(0)}% of the span (medians over trials; the rest is one copy finishing before the other).`;
    const ran = copiesRun(row);
    const over =
      ran === 1
        ? 'over all the items'
        : itemRepeats(row) === 1
          ? 'each over its share of the items'
          : 'each over all the items (as copies ran before they split the items)';
    const fewer =
      ran >= row.workers
        ? ''
        : ` Only ${count(ran)} of its ${count(row.workers)} copies ran, one item each: the row has ${count(ran)} ${ran === 1 ? 'item' : 'items'}, ` +
          `so the others had none (a pool of ${count(row.workers)} has work for only ${count(ran)} ${ran === 1 ? 'worker' : 'workers'} too).`;
    const sequential = sequentialBaseline(rows, row);
    const combined = row.summary.ceilingPerItemSeconds;
    const tail = medianTail(row);
    const rate =
      combined === undefined || sequential === undefined || ran < 2
        ? `${row.summary.speedup.work.value.toFixed(2)}x the items per second of the sequential row (all copies' items over the longest copy's work window${windows === undefined ? '' : `; each copy's window ${windows}`})`
        : `${(sequential.summary.workPerItemSeconds.median / combined.median).toFixed(2)}x the items per second of the sequential row while they ran ` +
          `(each copy's items over its own work window, summed${windows === undefined ? '' : `; the windows ${windows}`}). ` +
          `Over the longest copy's window, as the row's own figures count it, that is ${row.summary.speedup.work.value.toFixed(2)}x: the copies split the items in fixed shares` +
          (tail === undefined ? '' : `, and the last to finish worked on alone for ${(tail * 100).toFixed(0)}% of that window (median)`) +
          '. The combined rate leaves that tail out and is the ceiling the other rows are read against';
    notes.push(
      `${row.label}: ${count(ran)} ${ran === 1 ? 'copy' : 'copies'} of the sequential trial, ${over}, run as separate processes at once, processed ` +
        `${rate}: the most ${count(row.workers)} ${row.workers === 1 ? 'worker' : 'workers'} can give on this machine with no pool at all.${fewer}${ran > 1 ? started + (together === '' && started !== '' ? '.' : together) : ''}`,
    );
  }
  for (const row of rows) {
    if (row.state !== 'completed' || isReferenceRow(row) || row.summary.ofCeiling === undefined || row.parallelism === undefined) continue;
    const share = row.summary.ofCeiling;
    const beyond = share.value - share.error > 1;
    notes.push(
      `${row.label} reached ${(share.value * 100).toFixed(0)}% (± ${(share.error * 100).toFixed(0)}%) of what ` +
        `${count(row.parallelism)} independent ${row.parallelism === 1 ? 'process reaches' : 'processes reach'} on this machine (items per second of work window).` +
        (beyond
          ? ' That is above the ceiling by more than its interval: in this run the copies fell short of the limit they stand for, so read every share of it here with care and rerun with more --iterations.'
          : ''),
    );
  }
  return notes;
}
