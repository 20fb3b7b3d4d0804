/** Rows run twice, with glibc's allocator as it is and with `--malloc retain`: what giving memory back cost each. */
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';
import { ratioOfMedians, type RatioInterval } from '../statistics/ratio-interval.js';
import { jsIndicators, threadProfile, type JsIndicators } from './thread-profile.js';

type Completed = Extract<Row, { state: 'completed' }>;

/** One approach under glibc's defaults and under another allocator setting, in the same run. */
export interface MallocPair {
  readonly defaults: Completed;
  readonly tuned: Completed;
  /** The tuned row's setting (`retain`, or raw tunables). */
  readonly setting: string;
  /** Median work window with the defaults over the tuned one's (1.15: 15% longer with the defaults), with its 95% interval. */
  readonly defaultsOverTuned: RatioInterval;
  /** The working JavaScript threads' indicators under each, when threads were measured. */
  readonly threads: { readonly defaults: JsIndicators; readonly tuned: JsIndicators } | undefined;
}

/** Everything that names a row except its allocator setting. */
const sameApart = (a: Row, b: Row): boolean =>
  a.strategy === b.strategy &&
  a.workers === b.workers &&
  a.concurrency === b.concurrency &&
  a.chunkSize === b.chunkSize &&
  a.sampleIntervalMs === b.sampleIntervalMs &&
  a.uvThreadpoolSize === b.uvThreadpoolSize &&
  JSON.stringify(a.params) === JSON.stringify(b.params);

/** `default` rows and rows without a setting both ran under glibc's own defaults (or the environment's). */
const isDefault = (row: Row): boolean => row.malloc === undefined || row.malloc === 'default';

/**
 * Every completed row with an allocator setting other than the default, paired with the row that
 * differs from it only in running under the default, when both completed.
 */
export function mallocPairs(rows: readonly Row[]): MallocPair[] {
  const completed = rows.filter((row): row is Completed => row.state === 'completed');
  return completed.flatMap((tuned) => {
    if (isDefault(tuned)) return [];
    const defaults = completed.find((row) => isDefault(row) && sameApart(row, tuned));
    if (defaults === undefined) return [];
    const work = (row: Row): number[] => countedTrials(row).flatMap((t) => (t.workSeconds === null || t.workSeconds <= 0 ? [] : [t.workSeconds]));
    const tunedWork = work(tuned);
    const defaultsWork = work(defaults);
    if (tunedWork.length === 0 || defaultsWork.length === 0) return [];
    const mine = threadProfile(defaults);
    const theirs = threadProfile(tuned);
    const a = mine === undefined ? undefined : jsIndicators(mine);
    const b = theirs === undefined ? undefined : jsIndicators(theirs);
    return [
      {
        defaults,
        tuned,
        setting: tuned.malloc as string,
        defaultsOverTuned: ratioOfMedians(tunedWork, defaultsWork),
        threads: a === undefined || b === undefined ? undefined : { defaults: a, tuned: b },
      },
    ];
  });
}
