/** What readers ask of a recorded row: its median real time, its shape, the fastest of several. */
import type { Row } from './records.js';
import { isReferenceRow } from './row-kinds.js';

/** A completed row's median real seconds; infinite for a failed row, so it sorts last. */
export function realMedian(row: Row): number {
  return row.state === 'completed' ? row.summary.realSeconds.median : Number.POSITIVE_INFINITY;
}

/** The fastest completed row that is not a reference (the sequential baseline, the ceiling), by median real time. */
export function fastestRow(rows: readonly Row[]): Row | undefined {
  return rows.filter((row) => row.state === 'completed' && !isReferenceRow(row)).sort((a, b) => realMedian(a) - realMedian(b))[0];
}

// Files written before rows recorded usesWorkers / usesConcurrency name the shape in the key
// instead (see harness/run/rows.ts): `<name>/w<workers>` for a pool, `<name>/c<limit>` for a limit.

/** True when the row's strategy runs a pool of workers (threads or processes). */
export function rowUsesWorkers(row: Row): boolean {
  return row.usesWorkers ?? row.key.split('/').includes(`w${row.workers}`);
}

/** True when the row's strategy runs in one process with a limit on items in flight (promise). */
export function rowUsesConcurrency(row: Row): boolean {
  return row.usesConcurrency ?? row.key.split('/').includes(`c${row.concurrency}`);
}

/** The pool size of a pool row, else undefined. */
export function poolWorkers(row: Row): number | undefined {
  return rowUsesWorkers(row) ? row.workers : undefined;
}
