/** Each approach's lanes set against its ceiling's copies cut at the same items: the figures behind the lane notes. */
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';
import { isIndependent, isReferenceRow } from '../results/row-kinds.js';
import { jsIndicators, threadProfile, type JsIndicators } from './thread-profile.js';
import { copiesAt, poolLanes, type CopiesAt, type PoolLanes, type Window } from '../statistics/lane-profile.js';

/** One approach's lanes beside the first items of its ceiling's copies. */
export interface CeilingLanes {
  readonly row: Row;
  readonly ceiling: Row;
  readonly pool: PoolLanes;
  readonly copies: CopiesAt;
  /** The working JavaScript threads of the row and of the copies, with minor faults per item; undefined without per-thread figures. */
  readonly threads: { readonly pool: JsPerItem; readonly copies: JsPerItem } | undefined;
}

/** A row's JavaScript-thread indicators with its minor faults spread over the items of a trial. */
export interface JsPerItem extends JsIndicators {
  readonly minorFaultsPerItem: number | undefined;
}

function perItem(row: Row, itemsPerTrial: number): JsPerItem | undefined {
  const profile = threadProfile(row);
  const js = profile === undefined ? undefined : jsIndicators(profile);
  if (js === undefined) return undefined;
  return { ...js, minorFaultsPerItem: js.minorFaults === undefined || itemsPerTrial <= 0 ? undefined : js.minorFaults / itemsPerTrial };
}

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
 * Every approach with a ceiling whose trials show two or more lanes running one item at a time
 * (pool workers), with its ceiling's copies cut at its items per lane. Rows without item events,
 * and ceilings from files written before copies kept theirs, are left out.
 */
export function ceilingLanes(rows: readonly Row[]): CeilingLanes[] {
  return rows.flatMap((row) => {
    if (row.state !== 'completed' || isReferenceRow(row) || row.summary.ofCeiling === undefined) return [];
    const ceiling = ceilingOf(row, rows);
    const pool = poolLanes(countedTrials(row));
    if (ceiling === undefined || pool === undefined || pool.lanes < 2) return [];
    const copies = copiesAt(copyWindows(ceiling), pool.itemsPerLane);
    if (copies === undefined) return [];
    const mine = perItem(row, pool.lanes * pool.itemsPerLane);
    const theirs = perItem(ceiling, ceiling.workers * copies.items);
    return [{ row, ceiling, pool, copies, threads: mine === undefined || theirs === undefined ? undefined : { pool: mine, copies: theirs } }];
  });
}
