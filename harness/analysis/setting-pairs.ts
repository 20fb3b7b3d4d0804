/** Rows run with and without a runtime setting (`--malloc`, `--node-flags`: those with a value that leaves the runtime as it is) in one run: what the setting changed for each approach. */
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';
import { ratioOfMedians, type RatioInterval } from '../statistics/ratio-interval.js';
import { sameSettings } from '../results/row-settings.js';
import { RUNTIME_SETTINGS, settingValue } from '../settings/registry.js';
import type { AnyRuntimeSetting, SettingValue } from '../settings/runtime-setting.js';
import { rowJsIndicators as indicators, type JsIndicators } from './thread-profile.js';

type Completed = Extract<Row, { state: 'completed' }>;

/** The settings with a value that leaves the runtime as it is: the ones a row can be read against as an A/B. */
const AB_SETTINGS = RUNTIME_SETTINGS.filter((setting) => setting.asItIs !== undefined);

/** True for the value that leaves the runtime as it is, or a row that did not set it. */
const isAsItIs = (setting: AnyRuntimeSetting, value: SettingValue | undefined): boolean => value === undefined || value === setting.asItIs;

/** One approach as the runtime is and with a setting, in the same run. */
export interface SettingPair {
  /** The setting compared, e.g. `--malloc`'s declaration. */
  readonly dimension: AnyRuntimeSetting;
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
function sameApart(a: Row, b: Row, apart: AnyRuntimeSetting): boolean {
  return (
    a.strategy === b.strategy &&
    a.workers === b.workers &&
    a.concurrency === b.concurrency &&
    a.chunkSize === b.chunkSize &&
    sameSettings(a, b, apart)
  );
}

const work = (row: Row): number[] => countedTrials(row).flatMap((t) => (t.workSeconds === null || t.workSeconds <= 0 ? [] : [t.workSeconds]));

/**
 * Every completed row with a setting other than the runtime's own, paired with the row that
 * differs from it only in that setting being left as it is, when both completed.
 */
export function settingPairs(rows: readonly Row[]): SettingPair[] {
  const completed = rows.filter((row): row is Completed => row.state === 'completed');
  return AB_SETTINGS.flatMap((dimension) =>
    completed.flatMap((tuned) => {
      const setting = settingValue(tuned, dimension);
      if (setting === undefined || isAsItIs(dimension, setting)) return [];
      const defaults = completed.find((row) => isAsItIs(dimension, settingValue(row, dimension)) && sameApart(row, tuned, dimension));
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
          setting: String(setting),
          defaultsOverTuned: ratioOfMedians(tunedWork, defaultsWork),
          threads: a === undefined || b === undefined ? undefined : { defaults: a, tuned: b },
        },
      ];
    }),
  );
}
