/** Whether two rows ran the same way apart from their strategy and size: scenario flags, sampling and every runtime setting. */
import type { Row } from './records.js';
import { isSequentialRow } from './row-kinds.js';
import { RUNTIME_SETTINGS, settingValue } from '../settings/registry.js';
import type { AnyRuntimeSetting } from '../settings/runtime-setting.js';

/** True when the rows have the same value (or none) of every runtime setting but `except`, and of those `only` keeps. */
function sameRuntime(a: Row, b: Row, except?: AnyRuntimeSetting, only: (setting: AnyRuntimeSetting) => boolean = () => true): boolean {
  return RUNTIME_SETTINGS.every((setting) => setting === except || !only(setting) || settingValue(a, setting) === settingValue(b, setting));
}

/**
 * True when the rows share their swept scenario flags, sampling period and runtime settings (all
 * but `except`): the rows a baseline, a ceiling or an A/B may be taken from.
 */
export function sameSettings(a: Row, b: Row, except?: AnyRuntimeSetting): boolean {
  return JSON.stringify(a.params) === JSON.stringify(b.params) && a.sampleIntervalMs === b.sampleIntervalMs && sameRuntime(a, b, except);
}

/** A setting that is a shape of the run (a libuv pool size), not an A/B against the runtime as it is: a baseline must share it. */
const isShape = (setting: AnyRuntimeSetting): boolean => setting.asItIs === undefined;

/**
 * The sequential row `row` is read against: the same swept scenario flags, and the same runtime
 * settings where there is one so (else the same sampling period and the settings that are shapes
 * of the run, such as the libuv pool size, else the same sampling period, else any with those flags).
 */
export function sequentialBaseline(rows: readonly Row[], row: Row): Extract<Row, { state: 'completed' }> | undefined {
  const sequential = rows.filter((candidate): candidate is Extract<Row, { state: 'completed' }> => candidate.state === 'completed' && isSequentialRow(candidate) && JSON.stringify(candidate.params) === JSON.stringify(row.params));
  return (
    sequential.find((candidate) => sameSettings(candidate, row)) ??
    sequential.find((candidate) => candidate.sampleIntervalMs === row.sampleIntervalMs && sameRuntime(candidate, row, undefined, isShape)) ??
    sequential.find((candidate) => candidate.sampleIntervalMs === row.sampleIntervalMs) ??
    sequential[0]
  );
}
