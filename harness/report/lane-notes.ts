// Why an approach falls short of its ceiling, lane by lane: its items, late start, waits and idle tail against the copies' same first items.
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';
import { isIndependent, isReferenceRow } from '../results/row-kinds.js';
import { copiesAt, poolLanes, WARMUP_ITEMS, type Window } from '../statistics/lane-profile.js';
import { duration } from './format.js';

/** A share with one decimal: "0.8%". */
const share = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

/** A signed change with one decimal: "+2.9%". */
const change = (value: number, reference: number): string => {
  const c = (value / reference - 1) * 100;
  return `${c >= 0 ? '+' : ''}${c.toFixed(1)}%`;
};

/** The ceiling row an approach's Of ceiling was computed against: as many copies as it has lanes, under the same flags. */
function ceilingOf(row: Row, rows: readonly Row[]): Row | undefined {
  return rows.find(
    (c) =>
      c.state === 'completed' &&
      isIndependent(c) &&
      c.workers === row.parallelism &&
      JSON.stringify(c.params) === JSON.stringify(row.params) &&
      c.sampleIntervalMs === row.sampleIntervalMs &&
      c.uvThreadpoolSize === row.uvThreadpoolSize,
  );
}

/** Each copy of a ceiling row's counted trials, as a window of its own (events on its own clock). */
function copyWindows(ceiling: Row): Window[] {
  return countedTrials(ceiling).flatMap((t) => (t.copies ?? []).map((c) => ({ events: c.events ?? [], workSeconds: c.workSeconds })));
}

/**
 * Per approach with a ceiling whose trials show two or more lanes running one item at a time
 * (pool workers): its lanes' items, start, waits and idle tail against the same number of first
 * items of each ceiling copy; and per ceiling and size, what the copies' own warm-up leaves of
 * the ceiling to a lane running that many items. Every figure is read off the trials' item
 * events; none depends on which strategy a row is.
 */
export function laneNotes(rows: readonly Row[]): string[] {
  const notes: string[] = [];
  const warmupNoted = new Set<string>();
  for (const row of rows) {
    if (row.state !== 'completed' || isReferenceRow(row) || row.summary.ofCeiling === undefined) continue;
    const ceiling = ceilingOf(row, rows);
    const pool = poolLanes(countedTrials(row));
    if (ceiling === undefined || pool === undefined || pool.lanes < 2) continue;
    const copies = copiesAt(copyWindows(ceiling), pool.itemsPerLane);
    if (copies === undefined) continue;
    const n = copies.firstItems;
    const warm =
      pool.warmupSeconds === null || copies.warmupSeconds === null
        ? ''
        : `; its first ${WARMUP_ITEMS} items took ${duration(pool.warmupSeconds)} beyond its later pace (copies ${duration(copies.warmupSeconds)})`;
    notes.push(
      `${row.label} per lane (${pool.itemsPerLane.toFixed(0)} items; means over lanes, medians over trials) against the first ${n} items of each copy of ${ceiling.label}: ` +
        `its items took ${duration(pool.itemsSeconds)}, the copies' ${duration(copies.firstItemsSeconds)} (${change(pool.itemsSeconds, copies.firstItemsSeconds)}); ` +
        `its first item started after ${duration(pool.startSeconds)} (${share(pool.startSeconds, pool.windowSeconds)} of its ${duration(pool.windowSeconds)} window; copies ${duration(copies.startSeconds)}); ` +
        `waits between items ${duration(pool.betweenSeconds)} (${share(pool.betweenSeconds, pool.windowSeconds)}; copies ${duration(copies.betweenSeconds)}); ` +
        `idle at the end while other lanes finished ${duration(pool.tailSeconds)} (${share(pool.tailSeconds, pool.windowSeconds)})${warm}.`,
    );
    const key = `${ceiling.key} ${n}`;
    if (copies.throughputAtFirstItems < 1 && n < copies.items && !warmupNoted.has(key)) {
      warmupNoted.add(key);
      notes.push(
        `${ceiling.label}: over their first ${n} items the copies made ${(copies.throughputAtFirstItems * 100).toFixed(0)}% of the items per second they made over all ${copies.items.toFixed(0)} ` +
          `(start and warm-up paid once over fewer items; the pace kept improving after that). A pool lane running ${n} items pays them once per lane, ` +
          `so about ${(copies.throughputAtFirstItems * 100).toFixed(0)}% of this ceiling is what lanes at the copies' own pace can reach at this size; more items per trial bring it toward 100%.`,
      );
    }
  }
  return notes;
}
