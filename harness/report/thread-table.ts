/** "Where the CPU went": a table of each row's cores by thread kind, GC, event loops, waiting, kernel share, minor faults and foreign load. */
import type { ScenarioResult } from '../results/records.js';
import { foreignLoad, jsIndicators, threadProfile, type ThreadProfile } from '../analysis/thread-profile.js';
import type { Table } from './comparison-table.js';

/** A column: its heading, its cell from a row's profile, and whether a compact view keeps it. */
interface Column {
  readonly head: string;
  readonly compact: boolean;
  readonly cell: (profile: ThreadProfile, foreign: string) => string;
}

/** Below this many cores a kind's cell shows '-': too little to change a reading. */
const SHOWN_CORES = 0.03;
const cores = (n: number | undefined): string => (n === undefined || n < SHOWN_CORES ? '-' : n.toFixed(2));
const pct = (n: number | undefined): string => (n === undefined ? '-' : `${(n * 100).toFixed(0)}%`);
const pct1 = (n: number | undefined): string => (n === undefined ? '-' : `${(n * 100).toFixed(1)}%`);
const faults = (n: number | undefined): string => (n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
const js = (p: ThreadProfile): number => (p.kinds['main-js']?.cores ?? 0) + (p.kinds['worker-js']?.cores ?? 0) + (p.kinds['child-js']?.cores ?? 0);

/** Share of the JavaScript threads' time spent in one state, weighted by their thread counts. */
function jsShare(p: ThreadProfile, pick: 'runQueueShare' | 'blockedShare'): number | undefined {
  const kinds = (['worker-js', 'child-js'] as const).map((kind) => p.kinds[kind]).filter((k) => k !== undefined && k.cores >= 0.01);
  const use = kinds.length > 0 ? kinds : [p.kinds['main-js']].filter((k) => k !== undefined);
  const threads = use.reduce((sum, k) => sum + (k?.threads ?? 0), 0);
  return threads === 0 ? undefined : use.reduce((sum, k) => sum + (k?.[pick] ?? 0) * (k?.threads ?? 0), 0) / threads;
}

const COLUMNS: readonly Column[] = [
  { head: 'Cores busy', compact: true, cell: (p) => cores(p.totalCores) },
  { head: 'JS threads', compact: true, cell: (p) => cores(js(p)) },
  { head: 'libuv pool', compact: true, cell: (p) => cores(p.kinds['libuv-pool']?.cores) },
  { head: 'V8 helpers', compact: true, cell: (p) => cores(p.kinds['v8-helpers']?.cores) },
  { head: 'Native', compact: true, cell: (p) => cores(p.kinds.native?.cores) },
  { head: 'Other', compact: false, cell: (p) => cores(p.kinds.other?.cores) },
  { head: 'Main GC', compact: true, cell: (p) => (p.mainGc.count === 0 ? '-' : `${(p.mainGc.pauseSeconds * 1000).toFixed(0)} ms (${pct(p.mainGc.share)})`) },
  { head: 'Pool GC', compact: false, cell: (p) => (p.poolGcPauseSeconds === 0 ? '-' : `${(p.poolGcPauseSeconds * 1000).toFixed(0)} ms`) },
  {
    head: 'Event loop busy',
    compact: false,
    cell: (p) => Object.entries(p.eventLoop).map(([role, elu]) => `${role} ${pct(elu)}`).join(', '),
  },
  { head: 'JS waiting for a core', compact: false, cell: (p) => pct(jsShare(p, 'runQueueShare')) },
  { head: 'JS blocked', compact: false, cell: (p) => pct(jsShare(p, 'blockedShare')) },
  { head: 'JS CPU in kernel', compact: false, cell: (p) => pct1(jsIndicators(p)?.kernelShare) },
  { head: 'JS minor faults/item', compact: false, cell: (p) => faults(jsIndicators(p)?.minorFaultsPerItem) },
  { head: 'Foreign load', compact: true, cell: (_p, foreign) => foreign },
];

/**
 * One line per row with per-thread figures (medians over measured trials, cores = CPU seconds
 * per second of work window). `compact` keeps the columns that fit a terminal; undefined when
 * no row has per-thread figures.
 */
export function threadTable(result: ScenarioResult, compact = false): Table | undefined {
  const columns = COLUMNS.filter((c) => !compact || c.compact);
  const rows = result.rows.flatMap((row) => {
    const profile = row.state === 'completed' ? threadProfile(row) : undefined;
    if (profile === undefined) return [];
    const load = foreignLoad(row);
    const foreign = load === null ? 'n/a' : `${load.max.toFixed(2)} max`;
    return [{ cells: [row.label, ...columns.map((c) => c.cell(profile, foreign))], tone: 'plain' as const }];
  });
  if (rows.length === 0) return undefined;
  // A column with nothing in any row (no libuv work in pure JavaScript, say) is left out.
  const kept = columns.map((_, i) => rows.some((row) => row.cells[i + 1] !== '-' && row.cells[i + 1] !== ''));
  return {
    head: ['Approach', ...columns.filter((_, i) => kept[i]).map((c) => c.head)],
    rows: rows.map((row) => ({ ...row, cells: [row.cells[0] as string, ...row.cells.slice(1).filter((_, i) => kept[i])] })),
  };
}
