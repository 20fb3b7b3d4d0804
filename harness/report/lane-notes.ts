/** Why an approach falls short of its ceiling, lane by lane: its items, late start, waits and idle tail against as many items of each copy. */
import { ceilingLanes, type CeilingLanes } from '../analysis/ceiling-lanes.js';
import { excessByGroup } from '../analysis/cpu-per-item.js';
import type { Row } from '../results/records.js';
import { itemRepeats } from '../results/row-kinds.js';
import { WARMUP_ITEMS } from '../statistics/lane-profile.js';
import { RUNTIME_SETTINGS, settingValue } from '../settings/registry.js';
import type { Symptom } from '../settings/runtime-setting.js';
import { duration } from './format.js';

/** A share with one decimal: "0.8%". */
const share = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

/** A signed change with one decimal: "+2.9%". */
const change = (value: number, reference: number): string => {
  const c = (value / reference - 1) * 100;
  return `${c >= 0 ? '+' : ''}${c.toFixed(1)}%`;
};

/** Faults this many times the copies' (per item and per thread alike) are worth a way to measure why. */
const FAULTS_CLEARLY_MORE = 2;

/** Blocked this many points of the window more than the copies' threads is worth a way to measure why. */
const BLOCKED_CLEARLY_MORE = 0.02;

/** A share of CPU with one decimal: "6.7%". */
const pct1 = (n: number): string => `${(n * 100).toFixed(1)}%`;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The runtime setting whose A/B measures a cause of `symptom`, named with its example list, where the row did not set it already; else nothing. */
function settingHint(symptom: Symptom, row: Row): string {
  const setting = RUNTIME_SETTINGS.find((s) => s.measures?.symptom === symptom && settingValue(row, s) === undefined);
  return setting?.measures === undefined ? '' : ` (\`${setting.flag} ${setting.example}\` measures whether ${setting.measures.cause})`;
}

/**
 * For lanes slower than the copies' items: what their JavaScript threads paid beyond computing,
 * against the copies' main threads. Empty when the items were not slower or threads were not measured.
 * Faults are only counted at the window's edges, so the copies' are spread over all their items:
 * a heap's growth paid once per thread weighs more per item on a lane that runs fewer. A way to
 * measure one cause is named only when the lanes' threads took clearly more both per item and per thread.
 */
function slowerItemsIndicators({ row, pool, copies, threads }: CeilingLanes): string {
  if (threads === undefined || pool.itemsSeconds <= copies.firstItemsSeconds) return '';
  const { pool: mine, copies: theirs } = threads;
  let text =
    `; its JavaScript threads spent ${pct1(mine.kernelShare)} of their CPU in the kernel against ${pct1(theirs.kernelShare)} for the copies' ` +
    `and were blocked ${pct1(mine.blockedShare)} of the window against ${pct1(theirs.blockedShare)}`;
  if (mine.blockedShare >= theirs.blockedShare + BLOCKED_CLEARLY_MORE) text += settingHint('blockedThreads', row);
  const ours = mine.minorFaultsPerItem;
  const copiesPerItem = theirs.minorFaultsPerItem;
  if (ours !== undefined && copiesPerItem !== undefined) {
    const spread = Math.round(pool.itemsPerLane) === Math.round(copies.items) ? '' : ` (the copies' over their ${copies.items.toFixed(0)} items each, a lane's over ${pool.itemsPerLane.toFixed(0)})`;
    text += `, and took ${count(ours)} minor page faults per item against ${count(copiesPerItem)}${spread}`;
    const perItemMore = ours >= copiesPerItem * FAULTS_CLEARLY_MORE && ours - copiesPerItem >= 10;
    const perThreadMore = ours * pool.itemsPerLane >= copiesPerItem * copies.items * FAULTS_CLEARLY_MORE;
    // Faults say pages were mapped in, not why (a heap trimmed and grown again, a module loaded in
    // the window): the note names a way to measure one cause rather than naming it.
    if (perItemMore && perThreadMore) text += settingHint('pageFaults', row);
  }
  return text;
}

/** A group's CPU per item against the copies' below this share of the copies' total is left out of the split. */
const SHOWN_SHARE = 0.01;

/** "+4.30 ms" or "-950 us": a signed duration. */
const signedDuration = (seconds: number): string => `${seconds >= 0 ? '+' : '-'}${duration(Math.abs(seconds))}`;

/**
 * The row's CPU per item against the copies', split by group of threads: on cores the copies kept
 * busy, CPU an approach spends beyond theirs for the same items is throughput it cannot have. The
 * group that grew most is named with its share of all the groups' increases.
 */
function cpuSentence({ cpu }: CeilingLanes): string {
  if (cpu === undefined) return '';
  const groups = excessByGroup(cpu.pool, cpu.copies);
  const mine = groups.reduce((sum, g) => sum + g.rowSeconds, 0);
  const theirs = groups.reduce((sum, g) => sum + g.copiesSeconds, 0);
  if (theirs <= 0) return '';
  const shown = groups.filter((g) => Math.abs(g.rowSeconds - g.copiesSeconds) >= theirs * SHOWN_SHARE);
  const split = shown.map((g) => `${g.group} ${signedDuration(g.rowSeconds - g.copiesSeconds)}`).join(', ');
  const increases = groups.reduce((sum, g) => sum + Math.max(0, g.rowSeconds - g.copiesSeconds), 0);
  const largest = groups[0];
  const named =
    mine > theirs && largest !== undefined && largest.rowSeconds > largest.copiesSeconds
      ? `; the largest of the increases: ${largest.group} (${share(largest.rowSeconds - largest.copiesSeconds, increases)} of them)`
      : '';
  return ` CPU per item, all its threads: ${duration(mine)} against the copies' ${duration(theirs)} (${change(mine, theirs)})${split === '' ? '' : `: ${split}`}${named}.`;
}

/**
 * Per approach with a ceiling and pool-like lanes: its lanes' items, start, waits and idle tail
 * against as many items of each ceiling copy: a copy's whole share where the copies split the
 * row's items (a share is a lane's items), its first items where each copy ran all of them (files
 * written before the split). For those older ceilings, per ceiling and size, also what the copies'
 * warm-up over more items leaves of the ceiling to a lane running fewer. Every figure is read off
 * the trials' item events; none depends on which strategy a row is.
 */
export function laneNotes(rows: readonly Row[]): string[] {
  const notes: string[] = [];
  const warmupNoted = new Set<string>();
  for (const lanes of ceilingLanes(rows)) {
    const { row, ceiling, pool, copies } = lanes;
    const n = copies.firstItems;
    const ceilingShare = row.state === 'completed' ? row.summary.ofCeiling?.value : undefined;
    const ofSameItems =
      ceilingShare === undefined || copies.throughputAtFirstItems <= 0 || n >= copies.items ? undefined : `${((ceilingShare / copies.throughputAtFirstItems) * 100).toFixed(0)}%`;
    const warm =
      pool.warmupSeconds === null || copies.warmupSeconds === null
        ? ''
        : `; its first ${WARMUP_ITEMS} items took ${duration(pool.warmupSeconds)} beyond its later pace (copies ${duration(copies.warmupSeconds)})`;
    const against = n >= copies.items ? `each copy of ${ceiling.label} (its ${copies.items.toFixed(0)} items)` : `the first ${n} items of each copy of ${ceiling.label}`;
    notes.push(
      `${row.label} per lane (${pool.itemsPerLane.toFixed(0)} items; means over lanes, medians over trials) against ${against}: ` +
        `its items took ${duration(pool.itemsSeconds)}, the copies' ${duration(copies.firstItemsSeconds)} (${change(pool.itemsSeconds, copies.firstItemsSeconds)})${slowerItemsIndicators(lanes)}; ` +
        `its first item started after ${duration(pool.startSeconds)} (${share(pool.startSeconds, pool.windowSeconds)} of its ${duration(pool.windowSeconds)} window; copies ${duration(copies.startSeconds)}); ` +
        `waits between items ${duration(pool.betweenSeconds)} (${share(pool.betweenSeconds, pool.windowSeconds)}; copies ${duration(copies.betweenSeconds)}); ` +
        `idle at the end while other lanes finished ${duration(pool.tailSeconds)} (${share(pool.tailSeconds, pool.windowSeconds)})${warm}` +
        (ofSameItems === undefined ? '.' : `. Against the copies' throughput over their first ${n} items it reached about ${ofSameItems}.`) +
        cpuSentence(lanes),
    );
    // Only a ceiling whose copies each ran all the row's items amortised its warm-up over more items
    // than a lane runs; copies that split the items pay it over a lane's items, as lanes do.
    const key = `${ceiling.key} ${n}`;
    if (itemRepeats(ceiling) > 1 && copies.throughputAtFirstItems < 1 && n < copies.items && !warmupNoted.has(key)) {
      warmupNoted.add(key);
      const reach = `${(copies.throughputAtFirstItems * 100).toFixed(0)}%`;
      notes.push(
        `${ceiling.label}: over their first ${n} items the copies made ${reach} of the items per second they made over all ${copies.items.toFixed(0)} ` +
          `(start and warm-up paid once over more items than a lane runs: each copy ran all the row's items, as copies did before they split them). ` +
          `A pool lane running ${n} items pays them once per lane, so about ${reach} of this ceiling is what lanes at the copies' own pace can reach at this size; ` +
          `a ceiling whose copies split the items runs a lane's items and pays them likewise.`,
      );
    }
  }
  return notes;
}
