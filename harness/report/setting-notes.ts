/** What a runtime setting (`--malloc`, `--node-flags`) changed for each approach, from rows run with and without it. */
import { settingPairs, type SettingPair } from '../analysis/setting-pairs.js';
import type { Row } from '../results/records.js';

const pct0 = (n: number): string => `${(n * 100).toFixed(0)}%`;
const pct1 = (n: number): string => `${(n * 100).toFixed(1)}%`;
const signed = (ratio: number): string => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Each row's share of its own setting's ceiling, when both have one. */
function ceilingShares({ defaults, tuned }: SettingPair): string {
  const a = defaults.summary.ofCeiling?.value;
  const b = tuned.summary.ofCeiling?.value;
  return a === undefined || b === undefined ? '' : `; of the ceiling (each against the ceiling row run the same way): ${pct0(a)} against ${pct0(b)}`;
}

/** The working JavaScript threads' faults, kernel share and blocked share under each. */
function threadFigures({ threads }: SettingPair): string {
  if (threads === undefined) return '';
  const { defaults, tuned } = threads;
  const faults =
    defaults.minorFaultsPerItem === undefined || tuned.minorFaultsPerItem === undefined
      ? ''
      : `took ${count(defaults.minorFaultsPerItem)} minor page faults per item against ${count(tuned.minorFaultsPerItem)}, `;
  return `; its JavaScript threads ${faults}spent ${pct1(defaults.kernelShare)} of their CPU in the kernel against ${pct1(tuned.kernelShare)} and were blocked ${pct1(defaults.blockedShare)} of the window against ${pct1(tuned.blockedShare)}`;
}

/** What the setting's absence cost: only the time is measured, so only the time is named. */
const cost = (pair: SettingPair): string => `that share of its time is what running without ${pair.dimension.flag} ${pair.setting} cost it here`;

/**
 * One note per approach run both as the runtime is and with a setting: how much longer its work
 * window was without the setting (ratio of medians, 95% interval), its share of the ceiling run
 * each way, and its JavaScript threads' page faults, kernel and blocked time each way. Only when
 * the interval leaves out 1 is the difference named as the setting's.
 */
export function settingNotes(rows: readonly Row[]): string[] {
  return settingPairs(rows).map((pair) => {
    const { defaults, tuned, setting, dimension, defaultsOverTuned: r } = pair;
    const clear = r.low > 1 || r.high < 1;
    const verdict = !clear
      ? ': no clear difference at this number of trials.'
      : r.ratio > 1
        ? `: ${cost(pair)}.`
        : `: it ran faster without ${dimension.flag} ${setting}.`;
    return (
      `${defaults.label} against ${tuned.label} (same run): its work window took ${signed(r.ratio)} ` +
      `(95% interval ${signed(r.low)} to ${signed(r.high)}) without ${dimension.flag} ${setting}${ceilingShares(pair)}${threadFigures(pair)}${verdict}`
    );
  });
}
