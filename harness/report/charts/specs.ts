/** Which charts a run gets, and the vega-lite spec of each. */
import type { TopLevelSpec } from 'vega-lite';
import { processorsFor, usableCores } from '../../measure/context.js';
import { hasWorkersSweep } from '../../analysis/serial-fractions.js';
import { poolWorkers } from '../../results/row-figures.js';
import type { Row, RunResults, ScenarioResult } from '../../results/records.js';
import { countedTrials, medianTrial } from '../../results/counted-trials.js';
import { threadProfile } from '../../analysis/thread-profile.js';
import { KIND_LABELS, THREAD_KINDS, type ThreadKind } from '../../measure/thread-kinds.js';
import { fileNamePart, oneLine } from '../../safe-text.js';

/** What a chart shows; also the last part of its file name. */
export type ChartKind = 'real' | 'speedup' | 'where' | 'cpu' | 'timeline';

/** One chart of one scenario result: where it goes and the vega-lite spec that draws it. */
export interface ChartPlan {
  /** Index of the scenario result in `RunResults.scenarios`. */
  readonly scenarioIndex: number;
  readonly kind: ChartKind;
  readonly title: string;
  /** File name, relative to the charts folder. */
  readonly file: string;
  readonly spec: TopLevelSpec;
}

const WIDTH = 480;

const completed = (result: ScenarioResult): Row[] => result.rows.filter((row) => row.state === 'completed');

function realChart(result: ScenarioResult): TopLevelSpec | undefined {
  const rows = completed(result);
  const values = rows.flatMap((row) => countedTrials(row).map((t) => ({ approach: row.label, seconds: t.realSeconds })));
  if (values.length === 0) return undefined;
  const y = { field: 'approach', type: 'nominal', sort: rows.map((row) => row.label), title: null } as const;
  return {
    width: WIDTH,
    data: { values },
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.5 }, encoding: { y, x: { field: 'seconds', type: 'quantitative', title: 'real time per trial (s)', scale: { zero: true } }, color: { field: 'approach', type: 'nominal', legend: null } } },
      { mark: { type: 'point', filled: true, color: 'black', size: 30 }, encoding: { y, x: { field: 'seconds', type: 'quantitative' } } },
    ],
  };
}

function speedupChart(result: ScenarioResult, cores: number): TopLevelSpec | undefined {
  if (!hasWorkersSweep(result)) return undefined;
  const values = completed(result).flatMap((row) => {
    const workers = poolWorkers(row);
    const speed = row.state === 'completed' ? row.summary.speedup?.work : undefined;
    return workers === undefined || speed === undefined ? [] : [{ strategy: row.strategy, workers, speedup: speed.value, low: speed.value - speed.error, high: speed.value + speed.error }];
  });
  if (values.length === 0) return undefined;
  const most = Math.max(...values.map((v) => v.workers));
  // Ideal: speedup = workers until the cores (or a CPU quota) run out, then flat.
  const ideal = [1, Math.max(1, Math.min(most, cores)), most].map((workers) => ({ workers, speedup: processorsFor(workers, cores) }));
  const x = { field: 'workers', type: 'quantitative', title: 'workers', scale: { domainMin: 1 }, axis: { tickMinStep: 1, format: 'd' } } as const;
  return {
    width: WIDTH,
    layer: [
      {
        data: { values: ideal },
        mark: { type: 'line', strokeDash: [6, 4], color: 'gray' },
        encoding: { x, y: { field: 'speedup', type: 'quantitative' } },
      },
      {
        data: { values },
        layer: [
          { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'speedup', type: 'quantitative', title: 'work-window speedup over sequential' }, color: { field: 'strategy', type: 'nominal' } } },
          { mark: 'rule', encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'strategy', type: 'nominal' } } },
        ],
      },
    ],
  };
}

/** Kinds in a fixed order and colour, so every chart stacks them alike. */
const KIND_ORDER = THREAD_KINDS.map((kind) => KIND_LABELS[kind]);

/** "Where the CPU went": one stacked bar per approach, cores busy in the work window by thread kind. */
function whereChart(result: ScenarioResult): TopLevelSpec | undefined {
  const rows = completed(result);
  const values = rows.flatMap((row) => {
    const profile = threadProfile(row);
    if (profile === undefined) return [];
    return (Object.entries(profile.kinds) as [ThreadKind, { cores: number }][]).map(([kind, k]) => ({
      approach: row.label,
      kind: kind === 'native' && profile.nativeNames.length > 0 ? `${KIND_LABELS.native} (${profile.nativeNames.join(', ')})` : KIND_LABELS[kind],
      order: THREAD_KINDS.indexOf(kind),
      cores: k.cores,
    }));
  });
  if (values.length === 0) return undefined;
  return {
    width: WIDTH,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'approach', type: 'nominal', sort: rows.map((row) => row.label), title: null },
      x: { field: 'cores', type: 'quantitative', stack: 'zero', title: 'cores busy in the work window (median over trials)' },
      color: { field: 'kind', type: 'nominal', title: 'thread kind', sort: KIND_ORDER },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'approach' }, { field: 'kind' }, { field: 'cores', format: '.2f' }],
    },
  };
}

/** Cores busy over the median trial, stacked by thread kind where the trial reported kinds. */
function cpuChart(result: ScenarioResult): TopLevelSpec | undefined {
  const rows = completed(result);
  const values = rows.flatMap((row) =>
    (medianTrial(row)?.timeline ?? []).flatMap((sample) =>
      sample.coresByKind === undefined
        ? [{ approach: row.label, seconds: sample.seconds, kind: 'all threads', cores: sample.cpuPercent / 100 }]
        : Object.entries(sample.coresByKind).map(([kind, cores]) => ({ approach: row.label, seconds: sample.seconds, kind: KIND_LABELS[kind as ThreadKind] ?? kind, cores })),
    ),
  );
  if (values.length === 0) return undefined;
  return {
    data: { values },
    facet: { row: { field: 'approach', type: 'nominal', title: null, sort: rows.map((row) => row.label) } },
    spec: {
      width: WIDTH,
      height: 90,
      mark: { type: 'area', interpolate: 'step-before' },
      encoding: {
        x: { field: 'seconds', type: 'quantitative', title: 'seconds since the trial started' },
        y: { field: 'cores', type: 'quantitative', stack: 'zero', title: 'cores busy' },
        color: { field: 'kind', type: 'nominal', title: 'thread kind', sort: [...KIND_ORDER, 'all threads'] },
      },
    },
  };
}

function timelineChart(result: ScenarioResult): TopLevelSpec | undefined {
  const values = completed(result).flatMap((row) =>
    (medianTrial(row)?.events ?? []).map((e) => ({ approach: row.label, lane: e.lane, stage: e.stage, item: e.item, start: e.start, end: e.end })),
  );
  if (values.length === 0) return undefined;
  return {
    data: { values },
    facet: { row: { field: 'approach', type: 'nominal', title: null, sort: completed(result).map((row) => row.label) } },
    spec: {
      width: WIDTH,
      mark: { type: 'bar', height: { band: 0.8 } },
      encoding: {
        x: { field: 'start', type: 'quantitative', title: 'seconds since the work window opened' },
        x2: { field: 'end' },
        y: { field: 'lane', type: 'nominal', title: 'lane' },
        color: { field: 'stage', type: 'nominal' },
        tooltip: [{ field: 'item' }, { field: 'stage' }, { field: 'start' }, { field: 'end' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

const MAKERS: Readonly<Record<ChartKind, { title: string; make: (r: ScenarioResult, cores: number) => TopLevelSpec | undefined }>> = {
  real: { title: 'Real time per trial, by approach (box: min to max, dots: trials)', make: realChart },
  speedup: { title: 'Work-window speedup against workers (dashed: ideal, flat past the cores)', make: speedupChart },
  where: { title: 'Where the CPU went: cores busy in the work window by thread kind', make: whereChart },
  cpu: { title: 'Cores busy over time in each approach\'s median trial, by thread kind (/proc)', make: cpuChart },
  timeline: { title: 'Task timeline of each approach\'s median trial, one lane per worker', make: timelineChart },
};

/** File-name part of a scenario result: its name, plus its size where a run holds several sizes of it. */
export function scenarioSlug(results: RunResults, index: number): string {
  const result = results.scenarios[index] as ScenarioResult;
  // Decided from the parameters too, so a file's name does not change once a second size arrives.
  const swept = results.parameters['items'];
  const sized = (Array.isArray(swept) && swept.length > 1) || results.scenarios.filter((s) => s.scenario === result.scenario).length > 1;
  const slug = sized ? `${result.scenario}-${result.items}` : result.scenario;
  return fileNamePart(slug, 80);
}

/**
 * A spec with every string on one line and without control characters (oneLine): titles, labels,
 * lanes and stages may be the user's, and an SVG (XML) cannot hold those characters. vega escapes
 * the rest (`<`, `&`) as it writes the SVG.
 */
function oneLineStrings(value: unknown): unknown {
  if (typeof value === 'string') return oneLine(value);
  if (Array.isArray(value)) return value.map(oneLineStrings);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, oneLineStrings(inner)]));
  return value;
}

/** Every chart the run has data for; a kind without data (no sweep, no events) is left out. */
export function chartPlans(results: RunResults): ChartPlan[] {
  const plans: ChartPlan[] = [];
  results.scenarios.forEach((result, scenarioIndex) => {
    for (const [kind, maker] of Object.entries(MAKERS) as [ChartKind, (typeof MAKERS)[ChartKind]][]) {
      const spec = maker.make(result, usableCores(results.context));
      if (spec === undefined) continue;
      const title = `${result.scenario} (${result.items} items): ${maker.title}`;
      plans.push({
        scenarioIndex,
        kind,
        title: maker.title,
        file: `${scenarioSlug(results, scenarioIndex)}-${kind}.svg`,
        spec: oneLineStrings({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, ...spec }) as TopLevelSpec,
      });
    }
  });
  return plans;
}
