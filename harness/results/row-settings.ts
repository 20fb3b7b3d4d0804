/** Whether two rows ran the same way apart from their strategy and size: scenario flags, sampling, libuv pool size, allocator and Node flags. */
import type { Row } from './records.js';
import { isSequentialRow } from './row-kinds.js';

/** A runtime setting a run can sweep; comparing rows that differ only in it leaves it out. */
export type RuntimeSetting = 'malloc' | 'nodeFlags';

/**
 * True when the rows share their swept scenario flags, sampling period, libuv pool size and
 * runtime settings (all but `except`): the rows a baseline, a ceiling or an A/B may be taken from.
 */
export function sameSettings(a: Row, b: Row, except?: RuntimeSetting): boolean {
  return (
    JSON.stringify(a.params) === JSON.stringify(b.params) &&
    a.sampleIntervalMs === b.sampleIntervalMs &&
    a.uvThreadpoolSize === b.uvThreadpoolSize &&
    (except === 'malloc' || a.malloc === b.malloc) &&
    (except === 'nodeFlags' || a.nodeFlags === b.nodeFlags)
  );
}

/**
 * The sequential row `row` is read against: the same swept scenario flags, and the same runtime
 * settings where there is one so (else the same sampling period and libuv pool size, else the same
 * sampling period, else any with those flags).
 */
export function sequentialBaseline(rows: readonly Row[], row: Row): Extract<Row, { state: 'completed' }> | undefined {
  const sequential = rows.filter((candidate): candidate is Extract<Row, { state: 'completed' }> => candidate.state === 'completed' && isSequentialRow(candidate) && JSON.stringify(candidate.params) === JSON.stringify(row.params));
  return (
    sequential.find((candidate) => sameSettings(candidate, row)) ??
    sequential.find((candidate) => candidate.sampleIntervalMs === row.sampleIntervalMs && candidate.uvThreadpoolSize === row.uvThreadpoolSize) ??
    sequential.find((candidate) => candidate.sampleIntervalMs === row.sampleIntervalMs) ??
    sequential[0]
  );
}
