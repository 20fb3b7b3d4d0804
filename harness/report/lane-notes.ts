/** Why an approach falls short of its ceiling, lane by lane: its items, late start, waits and idle tail against the copies' same first items. */
import { ceilingLanes } from '../analysis/ceiling-lanes.js';
import type { Row } from '../results/records.js';
import { WARMUP_ITEMS } from '../statistics/lane-profile.js';
import { duration } from './format.js';

/** A share with one decimal: "0.8%". */
const share = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

/** A signed change with one decimal: "+2.9%". */
const change = (value: number, reference: number): string => {
  const c = (value / reference - 1) * 100;
  return `${c >= 0 ? '+' : ''}${c.toFixed(1)}%`;
};

/**
 * Per approach with a ceiling and pool-like lanes: its lanes' items, start, waits and idle tail
 * against the same number of first items of each ceiling copy; and per ceiling and size, what
 * the copies' own warm-up leaves of the ceiling to a lane running that many items. Every figure
 * is read off the trials' item events; none depends on which strategy a row is.
 */
export function laneNotes(rows: readonly Row[]): string[] {
  const notes: string[] = [];
  const warmupNoted = new Set<string>();
  for (const { row, ceiling, pool, copies } of ceilingLanes(rows)) {
    const n = copies.firstItems;
    const ceilingShare = row.state === 'completed' ? row.summary.ofCeiling?.value : undefined;
    const ofSameItems =
      ceilingShare === undefined || copies.throughputAtFirstItems <= 0 || n >= copies.items ? undefined : `${((ceilingShare / copies.throughputAtFirstItems) * 100).toFixed(0)}%`;
    const warm =
      pool.warmupSeconds === null || copies.warmupSeconds === null
        ? ''
        : `; its first ${WARMUP_ITEMS} items took ${duration(pool.warmupSeconds)} beyond its later pace (copies ${duration(copies.warmupSeconds)})`;
    notes.push(
      `${row.label} per lane (${pool.itemsPerLane.toFixed(0)} items; means over lanes, medians over trials) against the first ${n} items of each copy of ${ceiling.label}: ` +
        `its items took ${duration(pool.itemsSeconds)}, the copies' ${duration(copies.firstItemsSeconds)} (${change(pool.itemsSeconds, copies.firstItemsSeconds)}); ` +
        `its first item started after ${duration(pool.startSeconds)} (${share(pool.startSeconds, pool.windowSeconds)} of its ${duration(pool.windowSeconds)} window; copies ${duration(copies.startSeconds)}); ` +
        `waits between items ${duration(pool.betweenSeconds)} (${share(pool.betweenSeconds, pool.windowSeconds)}; copies ${duration(copies.betweenSeconds)}); ` +
        `idle at the end while other lanes finished ${duration(pool.tailSeconds)} (${share(pool.tailSeconds, pool.windowSeconds)})${warm}` +
        (ofSameItems === undefined ? '.' : `. Against the copies' throughput over their first ${n} items it reached about ${ofSameItems}.`),
    );
    const key = `${ceiling.key} ${n}`;
    if (copies.throughputAtFirstItems < 1 && n < copies.items && !warmupNoted.has(key)) {
      warmupNoted.add(key);
      const reach = `${(copies.throughputAtFirstItems * 100).toFixed(0)}%`;
      notes.push(
        `${ceiling.label}: over their first ${n} items the copies made ${reach} of the items per second they made over all ${copies.items.toFixed(0)} ` +
          `(start and warm-up paid once over fewer items; the pace kept improving after that). A pool lane running ${n} items pays them once per lane, ` +
          `so about ${reach} of this ceiling is what lanes at the copies' own pace can reach at this size; more items per trial bring it toward 100%.`,
      );
    }
  }
  return notes;
}
