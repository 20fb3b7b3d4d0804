/** CPU per item by group of threads (JavaScript, V8 helpers, libuv pool, native, other): where an approach spends more than its ceiling's copies. */
import { threadAccountOf } from '../instruments/threads.js';
import { median } from 'simple-statistics';
import type { ThreadKind } from '../measure/thread-kinds.js';
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';

/** Groups a comparison adds kinds into: every JavaScript thread is one group, whichever role it had. */
export type ThreadGroup = 'JavaScript threads' | 'V8 helpers' | 'libuv pool' | 'native threads' | 'other threads';

const GROUP_OF: Readonly<Record<ThreadKind, ThreadGroup>> = {
  'main-js': 'JavaScript threads',
  'worker-js': 'JavaScript threads',
  'child-js': 'JavaScript threads',
  'v8-helpers': 'V8 helpers',
  'libuv-pool': 'libuv pool',
  native: 'native threads',
  other: 'other threads',
};

/** CPU seconds per item of each group over the work window, medians over the counted trials with per-thread figures. */
export type CpuPerItem = Readonly<Partial<Record<ThreadGroup, number>>>;

/** A row's CPU seconds per item by group, or undefined when no counted trial accounted its threads and items. */
export function cpuPerItem(row: Row): CpuPerItem | undefined {
  const perTrial = countedTrials(row).flatMap((t) => {
    const threads = threadAccountOf(t);
    if (threads === null || !threads.available || t.items === null || t.items <= 0) return [];
    const groups: Partial<Record<ThreadGroup, number>> = {};
    for (const [kind, account] of Object.entries(threads.kinds) as [ThreadKind, { cpuSeconds: number } | undefined][]) {
      if (account === undefined) continue;
      const group = GROUP_OF[kind];
      groups[group] = (groups[group] ?? 0) + account.cpuSeconds / t.items;
    }
    return [groups];
  });
  if (perTrial.length === 0) return undefined;
  const groups = new Set(perTrial.flatMap((g) => Object.keys(g) as ThreadGroup[]));
  return Object.fromEntries([...groups].map((group) => [group, median(perTrial.map((g) => g[group] ?? 0))]));
}

/** One group's CPU per item in the row and in the ceiling's copies. */
export interface GroupExcess {
  readonly group: ThreadGroup;
  readonly rowSeconds: number;
  readonly copiesSeconds: number;
}

/** Every group either side used, largest excess over the copies first. */
export function excessByGroup(row: CpuPerItem, copies: CpuPerItem): GroupExcess[] {
  const groups = new Set([...Object.keys(row), ...Object.keys(copies)] as ThreadGroup[]);
  return [...groups]
    .map((group) => ({ group, rowSeconds: row[group] ?? 0, copiesSeconds: copies[group] ?? 0 }))
    .sort((a, b) => b.rowSeconds - b.copiesSeconds - (a.rowSeconds - a.copiesSeconds));
}
