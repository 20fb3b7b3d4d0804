/** The report's tables beyond the real/user/sys one: decision matrix, projection, serial fractions. */
import { decide } from '../analysis/decision.js';
import { scenarioModels, type ApproachModel } from '../analysis/approach-models.js';
import { serialFractions } from '../analysis/serial-fractions.js';
import { winnerChange } from '../analysis/winner-change.js';
import { PROJECTED_ITEMS, project } from '../statistics/projection.js';
import { duration } from './format.js';
import type { RunResults, ScenarioResult } from '../results/records.js';
import { isSequentialRow } from '../results/row-kinds.js';
import type { Table, View } from './comparison-table.js';
import { comparison } from './comparison-table.js';

// Each table is a plain `Table`, so the terminal and markdown renderers draw the same columns.

/** Scenario results grouped by scenario name, sizes ascending, in the order the run met them. */
export function byScenario(results: readonly ScenarioResult[]): ScenarioResult[][] {
  const groups = new Map<string, ScenarioResult[]>();
  for (const result of results) groups.set(result.scenario, [...(groups.get(result.scenario) ?? []), result]);
  return [...groups.values()].map((group) => [...group].sort((a, b) => a.items - b.items));
}

const thousands = (n: number): string => n.toLocaleString('en-US');

/** The run's `--foreign-load-warn` threshold in cores, where it recorded one. */
export function foreignLoadThreshold(results: RunResults): number | undefined {
  const value = results.parameters['foreignLoadWarnCores'];
  return typeof value === 'number' ? value : undefined;
}

/** A column's heading, and whether the compact terminal view shows it. */
interface Heading {
  readonly head: string;
  readonly compact: boolean;
}

/** The table as it is (`wide`), or only the columns whose heading is marked compact. */
function inView(headings: readonly Heading[], table: Omit<Table, 'head'>, view: View): Table {
  const keep = headings.map((h) => view === 'wide' || h.compact);
  const pick = <T>(values: readonly T[]): T[] => values.filter((_, i) => keep[i] === true);
  return { head: pick(headings.map((h) => h.head)), rows: table.rows.map((row) => ({ ...row, cells: pick(row.cells) })) };
}

const DECISION_COLUMNS: readonly Heading[] = [
  { head: 'Scenario', compact: true },
  { head: 'Behaved as', compact: true },
  { head: 'CPU/real (sequential)', compact: false },
  { head: 'Winner', compact: true },
  { head: 'Speedup', compact: true },
  { head: 'Margin', compact: false },
  { head: 'Recommendation', compact: true },
];

/** Document 000's decision matrix: one line per scenario, from its largest size; `wide` (the default) has every column. */
export function decisionTable(results: readonly ScenarioResult[], foreignLoadWarnCores?: number, view: View = 'wide'): Table {
  return inView(DECISION_COLUMNS, {
    rows: byScenario(results).map((sizes) => {
      const d = decide(sizes.at(-1) as ScenarioResult, foreignLoadWarnCores);
      const speed = d.winner?.speedup;
      return {
        cells: [
          `${d.scenario} (${d.items} items)`,
          d.boundness ?? 'unknown',
          d.cpuPerReal === null ? 'n/a' : d.cpuPerReal.toFixed(2),
          d.winner?.label ?? 'none',
          speed === undefined || speed === null ? 'n/a' : comparison(speed),
          d.margin === null ? 'n/a' : `${(d.margin.fraction * 100).toFixed(0)}% faster than ${d.margin.over}`,
          d.unreliable === null ? d.recommendation : `UNRELIABLE (${d.unreliable}). ${d.recommendation}`,
        ],
        tone: 'plain' as const,
      };
    }),
  }, view);
}

/** A model that can be projected: time grows with the items. Noise across too-close sizes can give a slope of zero or less. */
const growing = (m: ApproachModel): boolean => m.model.perItemSeconds > 0;

/** The approach that is fastest at the largest projected size, besides sequential. */
function bestAtScale(models: readonly ApproachModel[]): ApproachModel | undefined {
  const largest = PROJECTED_ITEMS[PROJECTED_ITEMS.length - 1] as number;
  return models.filter((m) => !isSequentialRow(m) && growing(m)).sort((a, b) => project(a.model, largest) - project(b.model, largest))[0];
}

/** True when a projection to more items means something: the scenario's items are a size (not api's nine reports). */
export function projectable(sizes: readonly ScenarioResult[]): boolean {
  return sizes.every((size) => size.scalesWithItems !== false);
}

const PROJECTION_COLUMNS: readonly Heading[] = [
  { head: 'Approach', compact: true },
  { head: 'Fixed', compact: false },
  { head: 'Per item', compact: true },
  ...PROJECTED_ITEMS.map((n) => ({ head: `${thousands(n)} items`, compact: true })),
];

/** Document 000's projection: each approach's fitted time at 1k, 10k, 50k and 100k items; `wide` (the default) has every column. */
export function projectionTable(sizes: readonly ScenarioResult[], view: View = 'wide'): Table {
  const models = scenarioModels(sizes);
  const rows: Table['rows'][number][] = models.map((m) => ({
    cells: [
      m.label,
      duration(m.model.fixedSeconds),
      duration(m.model.perItemSeconds),
      ...PROJECTED_ITEMS.map((n) => (growing(m) ? duration(project(m.model, n)) : 'n/a')),
    ],
    tone: isSequentialRow(m) ? ('baseline' as const) : ('plain' as const),
  }));
  const sequential = models.find((m) => isSequentialRow(m) && growing(m));
  const best = bestAtScale(models);
  if (sequential !== undefined && best !== undefined) {
    rows.push({
      cells: [`saved by ${best.label}`, '', '', ...PROJECTED_ITEMS.map((n) => duration(project(sequential.model, n) - project(best.model, n)))],
      tone: 'best' as const,
    });
  }
  return inView(PROJECTION_COLUMNS, { rows }, view);
}

/** How the projection was made, and the caveat that goes with it. */
export function projectionMethod(sizes: readonly ScenarioResult[]): string {
  const models = scenarioModels(sizes);
  const flat = models.filter((m) => !growing(m)).map((m) => m.label);
  const warning = flat.length === 0 ? '' : ` Not projected (time did not grow with the items, so noise outweighs the growth; measure sizes further apart): ${flat.join(', ')}.`;
  return `${describeModel(models, sizes)}${warning}`;
}

function describeModel(models: readonly ApproachModel[], sizes: readonly ScenarioResult[]): string {
  const fitted = models.filter((m) => m.model.method === 'fit');
  if (fitted.length > 0 && fitted.length === models.length) {
    const worst = Math.min(...fitted.map((m) => m.model.rSquared ?? 0));
    const measured = [...new Set(fitted.flatMap((m) => m.model.sizes))].sort((a, b) => a - b);
    return `Model time = fixed + per item x N, fitted by least squares to the median real time at ${measured.join(', ')} items (lowest R² ${worst.toFixed(3)}). Projections far beyond the measured sizes assume nothing changes with scale (memory, disk caches).`;
  }
  const items = Math.max(...sizes.map((s) => s.items));
  if (fitted.length > 0) {
    return `Model time = fixed + per item x N: fitted by least squares for ${fitted.map((m) => m.label).join(', ')}; the other approaches completed at one size only and are split from it (work window per item, the rest fixed), a rougher guide.`;
  }
  return `\`--items\` was not swept, so this projects from one size (${items} items): each approach's work window is taken to grow linearly with the items and the rest of its real time (Node start, pool start-up, shutdown) to stay fixed. Treat it as a rough guide; sweep sizes with \`--items ${Math.max(1, Math.round(items / 2))},${items},${items * 2}\` for a fitted model.`;
}

/** Karp-Flatt serial fractions of the pool rows. */
/** A processor count as people read it: "2", or "1.33" under a quota. */
const figure = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function serialFractionTable(result: ScenarioResult, cores: number): Table | undefined {
  const fractions = serialFractions(result, cores);
  if (fractions.length === 0) return undefined;
  return {
    head: ['Approach', 'Processors (p)', 'Work speedup (S)', 'Serial fraction e'],
    rows: fractions.map((f) => ({
      cells: [
        f.label,
        f.processors < f.workers ? `${figure(f.processors)} (${f.workers} workers on ${Number.isInteger(cores) ? `${cores} cores` : `a ${figure(cores)}-CPU quota`})` : String(f.processors),
        `${f.speedup.toFixed(2)}x`,
        f.speedup <= 1 ? `${f.fraction.toFixed(3)} (no speedup: overhead outweighs the parallel part)` : f.fraction.toFixed(3),
      ],
      tone: 'plain' as const,
    })),
  };
}

/** What the serial fractions say, per strategy with two or more pool sizes. */
export function serialFractionReading(result: ScenarioResult, cores: number): string[] {
  const byStrategy = new Map<string, { processors: number; fraction: number }[]>();
  for (const f of serialFractions(result, cores)) byStrategy.set(f.strategy, [...(byStrategy.get(f.strategy) ?? []), f]);
  const lines: string[] = [];
  for (const [strategy, list] of byStrategy) {
    const points = [...new Map(list.map((f) => [f.processors, f])).values()].sort((a, b) => a.processors - b.processors);
    if (points.length < 2) continue;
    const first = points[0] as { processors: number; fraction: number };
    const last = points[points.length - 1] as { processors: number; fraction: number };
    const trend = last.fraction - first.fraction > 0.05 ? 'rises, so overhead grows with the pool (start-up, messages, contention)' : 'stays about level, so an inherently serial part limits it';
    lines.push(`${strategy}: e goes from ${first.fraction.toFixed(3)} at p=${figure(first.processors)} to ${last.fraction.toFixed(3)} at p=${figure(last.processors)}; it ${trend}.`);
  }
  return lines;
}

/**
 * Per scenario, the size at which the answer changes, from the projection's models: "cpu: at 24
 * items sequential takes least real time; from about 31 items child-process x2 does ...".
 */
export function winnerChangeLines(results: readonly ScenarioResult[]): string[] {
  return byScenario(results).flatMap((sizes) => {
    const change = winnerChange(sizes);
    if (change === null) return [];
    const measured = Math.max(...sizes.map((size) => size.items));
    const scenario = (sizes[0] as ScenarioResult).scenario;
    return [
      `${scenario}: at ${thousands(measured)} items ${change.now} takes least real time; from about ${thousands(change.items)} items ${change.later} would, ` +
        `its ${duration(change.extraFixedSeconds)} more of fixed cost (start, start-up, shutdown) paid back at ${duration(change.savedPerItemSeconds)} less per item (projected from this run's models; measure that size to be sure).`,
    ];
  });
}
