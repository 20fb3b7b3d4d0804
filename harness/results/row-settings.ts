/** Whether two rows ran the same way apart from their strategy and size: scenario flags, sampling, libuv pool size, allocator and Node flags. */
import type { Row } from './records.js';

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
