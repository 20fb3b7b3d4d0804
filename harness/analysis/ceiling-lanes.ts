/** Each approach's lanes set against its ceiling's copies cut at a lane's items (a copy's whole share, where they split the items): the figures behind the lane notes. */
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';
import { CEILING, isReferenceRow } from '../results/row-kinds.js';
import { cpuPerItem, type CpuPerItem } from './cpu-per-item.js';
import { rowJsIndicators as indicators, type JsIndicators } from './thread-profile.js';
import { sameSettings } from '../results/row-settings.js';
import { copiesAt, poolLanes, type CopiesAt, type PoolLanes, type Window } from '../statistics/lane-profile.js';

/** One approach's lanes beside as many items of each of its ceiling's copies. */
export interface CeilingLanes {
  readonly row: Row;
  readonly ceiling: Row;
  readonly pool: PoolLanes;
  readonly copies: CopiesAt;
  /** The working JavaScript threads of the row and of the copies' main threads; undefined without per-thread figures. */
  readonly threads: { readonly pool: JsIndicators; readonly copies: JsIndicators } | undefined;
  /** CPU seconds per item by group of threads, in the row and in the copies; undefined without per-thread figures. */
  readonly cpu: { readonly pool: CpuPerItem; readonly copies: CpuPerItem } | undefined;
}

/** The ceiling row an approach's Of ceiling was computed against: as many copies as it has lanes, under the same flags. */
function ceilingOf(row: Row, rows: readonly Row[]): Row | undefined {
  return rows.find(
    (c) =>
      c.state === 'completed' &&
      CEILING.holds(c) &&
      c.workers === row.parallelism &&
      sameSettings(c, row),
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
    const mine = indicators(row);
    const theirs = indicators(ceiling);
    const cpuMine = cpuPerItem(row);
    const cpuTheirs = cpuPerItem(ceiling);
    return [
      {
        row,
        ceiling,
        pool,
        copies,
        threads: mine === undefined || theirs === undefined ? undefined : { pool: mine, copies: theirs },
        cpu: cpuMine === undefined || cpuTheirs === undefined ? undefined : { pool: cpuMine, copies: cpuTheirs },
      },
    ];
  });
}
