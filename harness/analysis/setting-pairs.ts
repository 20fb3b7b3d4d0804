/** Rows run with and without a runtime setting (`--malloc`, `--node-flags`) in one run: what the setting changed for each approach. */
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';
import { ratioOfMedians, type RatioInterval } from '../statistics/ratio-interval.js';
import { sameSettings, type RuntimeSetting } from '../results/row-settings.js';
import { rowJsIndicators as indicators, type JsIndicators } from './thread-profile.js';

type Completed = Extract<Row, { state: 'completed' }>;

/** A runtime setting a run can sweep: how a row names its value, and which value is the runtime's own. */
export interface SettingDimension {
  readonly setting: RuntimeSetting;
  /** The flag that sweeps it, e.g. `--malloc`. */
  readonly flag: string;
  /** True for the value that leaves the runtime as it is (or a row that did not set it). */
  readonly isDefault: (value: string | undefined) => boolean;
}

export const MALLOC_DIMENSION: SettingDimension = { setting: 'malloc', flag: '--malloc', isDefault: (v) => v === undefined || v === 'default' };
export const NODE_FLAGS_DIMENSION: SettingDimension = { setting: 'nodeFlags', flag: '--node-flags', isDefault: (v) => v === undefined || v === 'none' };
export const SETTING_DIMENSIONS: readonly SettingDimension[] = [MALLOC_DIMENSION, NODE_FLAGS_DIMENSION];

/** One approach as the runtime is and with a setting, in the same run. */
export interface SettingPair {
  readonly dimension: SettingDimension;
  readonly defaults: Completed;
  readonly tuned: Completed;
  /** The tuned row's value (`retain`, `--single-threaded-gc`...). */
  readonly setting: string;
  /** Median work window as the runtime is over the tuned one's (1.15: 15% longer without the setting), with its 95% interval. */
  readonly defaultsOverTuned: RatioInterval;
  /** The working JavaScript threads' indicators under each, when threads were measured. */
  readonly threads: { readonly defaults: JsIndicators; readonly tuned: JsIndicators } | undefined;
}

/** Everything that names a row except the one setting compared. */
function sameApart(a: Row, b: Row, apart: SettingDimension): boolean {
  return (
    a.strategy === b.strategy &&
    a.workers === b.workers &&
    a.concurrency === b.concurrency &&
    a.chunkSize === b.chunkSize &&
    sameSettings(a, b, apart.setting)
  );
}

const work = (row: Row): number[] => countedTrials(row).flatMap((t) => (t.workSeconds === null || t.workSeconds <= 0 ? [] : [t.workSeconds]));

/**
 * Every completed row with a setting other than the runtime's own, paired with the row that
 * differs from it only in that setting being left as it is, when both completed.
 */
export function settingPairs(rows: readonly Row[]): SettingPair[] {
  const completed = rows.filter((row): row is Completed => row.state === 'completed');
  return SETTING_DIMENSIONS.flatMap((dimension) =>
    completed.flatMap((tuned) => {
      const setting = tuned[dimension.setting];
      if (setting === undefined || dimension.isDefault(setting)) return [];
      const defaults = completed.find((row) => dimension.isDefault(row[dimension.setting]) && sameApart(row, tuned, dimension));
      if (defaults === undefined) return [];
      const tunedWork = work(tuned);
      const defaultsWork = work(defaults);
      if (tunedWork.length === 0 || defaultsWork.length === 0) return [];
      const a = indicators(defaults);
      const b = indicators(tuned);
      return [
        {
          dimension,
          defaults,
          tuned,
          setting,
          defaultsOverTuned: ratioOfMedians(tunedWork, defaultsWork),
          threads: a === undefined || b === undefined ? undefined : { defaults: a, tuned: b },
        },
      ];
    }),
  );
}
