/** What glibc giving freed heap memory back cost each approach, from rows run under `--malloc default,retain`. */
import { mallocPairs, type MallocPair } from '../analysis/malloc-pairs.js';
import type { Row } from '../results/records.js';

const pct0 = (n: number): string => `${(n * 100).toFixed(0)}%`;
const pct1 = (n: number): string => `${(n * 100).toFixed(1)}%`;
const signed = (ratio: number): string => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Each row's share of its own setting's ceiling, when both have one. */
function ceilingShares({ defaults, tuned }: MallocPair): string {
  const a = defaults.summary.ofCeiling?.value;
  const b = tuned.summary.ofCeiling?.value;
  return a === undefined || b === undefined ? '' : `; of the ceiling (each against the ceiling row of its own setting): ${pct0(a)} against ${pct0(b)}`;
}

/** The working JavaScript threads' faults and kernel share under each setting. */
function threadFigures({ threads }: MallocPair): string {
  if (threads === undefined) return '';
  const { defaults, tuned } = threads;
  const faults =
    defaults.minorFaultsPerItem === undefined || tuned.minorFaultsPerItem === undefined
      ? ''
      : `${count(defaults.minorFaultsPerItem)} minor page faults per item against ${count(tuned.minorFaultsPerItem)}, `;
  return `; its JavaScript threads took ${faults}spent ${pct1(defaults.kernelShare)} of their CPU in the kernel against ${pct1(tuned.kernelShare)} and were blocked ${pct1(defaults.blockedShare)} of the window against ${pct1(tuned.blockedShare)}`;
}

/**
 * One note per approach run under both glibc's defaults and another `--malloc` setting: how much
 * longer its work window was with the defaults (ratio of medians, 95% interval), its share of each
 * setting's ceiling, and its JavaScript threads' page faults and kernel time under each. When the
 * interval leaves out 1, the difference is what the allocator's default behaviour cost it here.
 */
export function mallocNotes(rows: readonly Row[]): string[] {
  return mallocPairs(rows).map((pair) => {
    const { defaults, tuned, setting, defaultsOverTuned: r } = pair;
    const clear = r.low > 1 || r.high < 1;
    const verdict = !clear
      ? ': no clear difference, so the allocator is not what holds this approach back here.'
      : r.ratio > 1
        ? setting === 'retain'
          ? ': that share of its time is what glibc giving freed heap memory back to the kernel, and faulting it in again, cost it here (retain keeps that memory).'
          : `: that share of its time is what glibc's defaults cost it here against ${setting}.`
        : `: it ran faster with glibc's defaults than with ${setting}.`;
    return (
      `${defaults.label} against ${tuned.label} (same run): its work window took ${signed(r.ratio)} ` +
      `(95% interval ${signed(r.low)} to ${signed(r.high)}) with glibc's defaults${ceilingShares(pair)}${threadFigures(pair)}${verdict}`
    );
  });
}
