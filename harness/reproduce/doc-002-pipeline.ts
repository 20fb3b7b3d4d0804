/** Document 002's reproduction: the twelve-row pipeline table (70.2 s down to 23.5 s), sleep and spin. */
import { VARIANTS } from '../../scenarios/api/workflow.js';
import { PREFETCH_BUDGET_MS } from '../../strategies/pool/schedule.js';
import type { ArticleRow, DocumentPlan, ExperimentResults, ReportSection, ReproduceSettings } from './document.js';
import { counterMedian, coresBusy, findRow, isCompleted, median } from './measured.js';
import { DOCUMENT_NAMES } from './names.js';
import { countedTrials } from '../results/counted-trials.js';

/** One row of the article's table: its script, its printed time, and the arrangement in Node. */
interface PipelineRow {
  readonly label: string;
  /** The article's printed `time.time() - starttime`, in seconds. */
  readonly seconds: number;
  readonly strategy: 'sequential' | 'worker-threads' | 'child-process';
  readonly workers: number;
  readonly variant: (typeof VARIANTS)[number];
  readonly mapping: string;
}

const THREAD = 'a Python thread on a queue is one consumer on the trial\'s event loop handing reports to a worker thread';
const POOL = 'multiprocessing.Pool is a pool of child processes (child_process.fork)';

/** The article's twelve printed run times, in its order. */
export const PIPELINE_ROWS: readonly PipelineRow[] = [
  { label: 'serial script', seconds: 70.20245575904846, strategy: 'sequential', workers: 1, variant: 'serial', mapping: 'the plain loop: collect, import, each report in turn' },
  { label: 'one background ReportGen thread', seconds: 59.413721799850464, strategy: 'worker-threads', workers: 1, variant: 'background-report', mapping: THREAD },
  { label: 'with a DataImport thread too (three threads)', seconds: 59.411784410476685, strategy: 'worker-threads', workers: 1, variant: 'persistent-pool-overlap', mapping: `${THREAD}; the import thread is the import lane of the overlapped arrangement, with one report consumer` },
  ...[
    [1, 59.5568],
    [2, 41.5192],
    [3, 32.5154],
    [4, 32.519],
  ].map(([workers, seconds]) => ({
    label: `per-batch Pool, cpucount = ${workers}`,
    seconds: seconds as number,
    strategy: 'child-process' as const,
    workers: workers as number,
    variant: 'per-batch-pool' as const,
    mapping: `${POOL}, created for each imported batch and torn down after it`,
  })),
  ...[
    [3, 28.2939],
    [4, 25.8674],
    [5, 25.2942],
    [6, 25.3038],
  ].map(([workers, seconds]) => ({
    label: `persistent mp.Pool + queue + poison pills, cpucount = ${workers}`,
    seconds: seconds as number,
    strategy: 'child-process' as const,
    workers: workers as number,
    variant: 'persistent-pool' as const,
    mapping: `${POOL}, started once; its workers take reports off one queue until their stop signal`,
  })),
  { label: 'persistent pool with the DataImport thread, cpucount = 5', seconds: 23.4934, strategy: 'child-process', workers: 5, variant: 'persistent-pool-overlap', mapping: `${POOL}, started once, with the import on a lane of its own` },
];

/** The parabench row key of an article row in a run that sweeps `--variant`. */
export function pipelineRowKey(row: Pick<PipelineRow, 'strategy' | 'workers' | 'variant'>): string {
  return `${row.strategy}${row.strategy === 'sequential' ? '' : `/w${row.workers}`}/variant=${row.variant}`;
}

const SWEPT_VARIANTS = [...new Set(PIPELINE_ROWS.map((row) => row.variant))];

function articleRows(experiment: string, scale: number): ArticleRow[] {
  return PIPELINE_ROWS.map((row) => ({
    label: row.label,
    figures: { work: { value: row.seconds, text: row.seconds.toFixed(1) } },
    counterpart: { experiment, rowKey: pipelineRowKey(row), mapping: `${row.mapping} (\`--variant ${row.variant}\`, ${row.strategy} x${row.workers}; time scale ${scale})` },
  }));
}

const fmt = (seconds: number): string => seconds.toFixed(seconds < 10 ? 3 : 2);
const pct = (fraction: number): string => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%`;

/** The per-batch pool's measured cost: pools created, start-up and shutdown per batch, and the work window without them. */
export function perBatchCost(results: ExperimentResults, experiment: string, scale: number): ReportSection {
  const lines = [
    'The article timed its per-batch pools with their start-up and shutdown inside; so does parabench\'s work window. Measured per trial (medians over the measured trials):',
    '',
    '| parabench row | pools created | start-up per batch (s) | shutdown per batch (s) | work window (s) | work - start-up - shutdown (s) | article x scale (s) | deviation before | deviation after |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of PIPELINE_ROWS.filter((r) => r.variant === 'per-batch-pool')) {
    const found = findRow(results, { experiment, rowKey: pipelineRowKey(row) });
    if (!isCompleted(found?.row)) {
      lines.push(`| ${pipelineRowKey(row)} | - | - | - | - | - | ${fmt(row.seconds * scale)} | - | - |`);
      continue;
    }
    const trials = countedTrials(found.row);
    const pools = counterMedian(found.row, 'poolsCreated') ?? 0;
    const startup = median(trials.map((t) => t.counters['poolStartupSeconds'] ?? 0)) ?? 0;
    const shutdown = median(trials.map((t) => t.counters['poolShutdownSeconds'] ?? 0)) ?? 0;
    const apart = median(trials.map((t) => (t.workSeconds ?? 0) - (t.counters['poolStartupSeconds'] ?? 0) - (t.counters['poolShutdownSeconds'] ?? 0))) ?? 0;
    const work = found.row.summary.workSeconds.median;
    const target = row.seconds * scale;
    const perBatch = (total: number): string => (pools > 0 ? fmt(total / pools) : '-');
    lines.push(`| ${found.row.label} | ${pools} | ${perBatch(startup)} | ${perBatch(shutdown)} | ${fmt(work)} | ${fmt(apart)} | ${fmt(target)} | ${pct(work / target - 1)} | ${pct(apart / target - 1)} |`);
  }
  lines.push(
    '',
    'Every batch waits for its pool to start and to shut down before the next batch can use a new one, so this cost lies on the critical path; once it is set apart the row is the article\'s arrangement. The article\'s own figures carry Python\'s pool start-up too (59.56 s for cpucount = 1 against the 59.4 s its sleeps add up to).',
  );
  return { title: 'What a per-batch pool costs (measured)', lines };
}

/** Each row's ideal (the scenario's bound) beside its work window, with the cores it kept busy. */
function boundSection(results: ExperimentResults, experiment: string, title: string, intro: string): ReportSection {
  const lines = [intro, '', '| parabench row | ideal (s) | work window (s) | efficiency | cores busy |', '|---|---|---|---|---|'];
  for (const row of PIPELINE_ROWS) {
    const found = findRow(results, { experiment, rowKey: pipelineRowKey(row) });
    if (!isCompleted(found?.row)) continue;
    const bound = median(countedTrials(found.row).flatMap((t) => (t.boundSeconds === null ? [] : [t.boundSeconds])));
    const work = found.row.summary.workSeconds.median;
    lines.push(`| ${found.row.label} | ${bound === null ? '-' : fmt(bound)} | ${fmt(work)} | ${bound === null ? '-' : `${((bound / work) * 100).toFixed(0)}%`} | ${coresBusy(found.row.summary).toFixed(2)} |`);
  }
  return { title, lines };
}

/** Document 002's plan at the settings' time scale (1, the article's, by default; 0.05 with --quick). */
export function pipelinePlan(settings: ReproduceSettings): DocumentPlan {
  const scale = settings.timeScale ?? (settings.quick ? 0.05 : 1);
  const spinScale = settings.quick ? 0.02 : Math.min(scale, 0.1);
  const experiment = (id: string, cpuModel: string, timeScale: number) => ({
    id,
    scenario: 'api',
    strategies: ['sequential', 'worker-threads', 'child-process'],
    workers: [1, 2, 3, 4, 5, 6],
    params: { 'cpu-model': cpuModel, 'time-scale': String(timeScale) },
    paramSweeps: { variant: SWEPT_VARIANTS },
    rowKeys: PIPELINE_ROWS.map(pipelineRowKey),
    // Sleeping reports vary little from run to run, and a full-scale round takes over eight minutes.
    rounds: { iterations: 1, warmup: 0 },
  });
  const name = DOCUMENT_NAMES[2] as DocumentPlan['name'];
  return {
    name,
    file: '002_37520b395b201bd3.txt',
    articleHardware: 'not stated; the article simulates every stage with time.sleep, so its figures do not depend on it (Python 3.11.3)',
    mapping: [
      'threading.Thread + queue.Queue (a background consumer) <-> an async consumer on the trial\'s event loop handing each report to a worker thread (`worker-threads`)',
      'multiprocessing.Pool <-> a pool of child processes (`child-process`: child_process.fork), per batch or persistent',
      `Pool.map hands each report to the first free process <-> parabench's pools do too: a report goes to a worker when it has a free slot; batches are sent ahead to a busy worker only while they average under ${PREFETCH_BUDGET_MS} ms (never here: reports take seconds)`,
      'mp.Queue + poison pills <-> one shared async queue and one stop signal per pool worker, put after the last report',
      'the GIL <-> the one event loop: collect and import wait on the trial\'s main thread, as in the article\'s main thread',
      'time.sleep in ReportGen <-> `--cpu-model sleep` (the article\'s model); `--cpu-model spin` burns a core instead, what a real CPU-bound report does',
      '`time.time() - starttime` <-> the work window (the trial\'s own pool start-up and Node\'s start are measured apart)',
    ],
    experiments: [experiment('sleep', 'sleep', scale), experiment('spin', 'spin', spinScale)],
    tables: [
      {
        id: 'sleep',
        title: `The pipeline step by step, in the article's model (sleep, time scale ${scale})`,
        articleTables: ['every printed "script completed" time, from the serial script (70.2 s) to the persistent pool with the import thread (23.5 s)'],
        metrics: ['work'],
        rows: articleRows('sleep', scale),
        scale,
        footnotes: [
          `The article's seconds are multiplied by the time scale (${scale}); every stage of parabench's workflow is too (collect ${fmt(4.5 * scale)} s, import ${fmt(0.9 * scale)} s, reports ${fmt(3 * scale)}/${fmt(6 * scale)}/${fmt(9 * scale)} s).`,
          'Deviation = parabench\'s work window / (article x scale) - 1. Per-batch rows include their pools\' start-up and shutdown, as the article\'s did: see "What a per-batch pool costs".',
        ],
      },
      {
        id: 'spin',
        title: `The same pipeline CPU-bound (spin, time scale ${spinScale}): where cores limit it`,
        articleTables: ['the same twelve rows; the article modelled reports with sleep, so its figures are what unlimited cores would give'],
        metrics: ['work', 'coresBusy'],
        rows: articleRows('spin', spinScale),
        scale: spinScale,
        footnotes: [`With spin every report burns a core for its duration: on this machine's ${settings.cores} cores at most ${settings.cores} reports progress at once, so the rows with more workers than cores fall behind the article's.`],
      },
    ],
    sections(results: ExperimentResults) {
      return [
        perBatchCost(results, 'sleep', scale),
        boundSection(results, 'sleep', 'How close each row came to its ideal (sleep)', 'The ideal is the scenario\'s bound: the longer of the critical path (all collects, the last import, that batch\'s longest report) and the first batch plus all report work over the pool\'s slots.'),
        boundSection(results, 'spin', 'How close each row came to its ideal (spin)', `With spin the bound counts min(workers, cores) = at most ${settings.cores} usable workers.`),
      ];
    },
    explain(results: ExperimentResults) {
      const lines: string[] = [];
      const sleepBusy = PIPELINE_ROWS.map((row) => findRow(results, { experiment: 'sleep', rowKey: pipelineRowKey(row) })?.row).filter(isCompleted);
      if (sleepBusy.length > 0) {
        const most = Math.max(...sleepBusy.map((row) => coresBusy(row.summary)));
        lines.push(`In sleep mode no row kept more than ${most.toFixed(2)} cores busy: the stages wait, as the article's time.sleep did, so the pool size and not the cores sets each row's time.`);
      }
      const spin = PIPELINE_ROWS.map((row) => findRow(results, { experiment: 'spin', rowKey: pipelineRowKey(row) })?.row).filter(isCompleted);
      if (spin.length > 0) {
        const busiest = spin.reduce((a, b) => (coresBusy(a.summary) >= coresBusy(b.summary) ? a : b));
        lines.push(`In spin mode the busiest row, ${busiest.label}, kept ${coresBusy(busiest.summary).toFixed(2)} cores busy on this ${settings.cores}-core machine: reports beyond the cores wait for one.`);
      }
      for (const row of PIPELINE_ROWS.filter((r) => r.variant === 'persistent-pool' || r.variant === 'persistent-pool-overlap')) {
        const found = findRow(results, { experiment: 'sleep', rowKey: pipelineRowKey(row) });
        const stops = found === undefined ? null : counterMedian(found.row, 'stopSignals');
        if (stops !== null && found !== undefined) lines.push(`${found.row.label}: ${stops} stop signals (poison pills) consumed, one per pool worker.`);
      }
      return lines;
    },
    facts: { 'time scale (sleep)': scale, 'time scale (spin)': spinScale, reports: 9, endpoints: 3 },
  };
}
