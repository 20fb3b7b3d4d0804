/** Document 002's reproduction: the twelve-row pipeline table (70.2 s down to 23.5 s), sleep and spin. */
import { VARIANTS } from '../api/workflow.js';
import { PREFETCH_BUDGET_MS } from '../../strategies/pool/schedule.js';
import { SEQUENTIAL } from '../../strategies/sequential.js';
import type { ArticleRow, DocumentPlan, ReproduceSettings } from './document.js';
import { DOCUMENT_NAMES } from './names.js';

/** One row of the article's table: its script, its printed time, and the arrangement in Node. */
export interface PipelineRow {
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
  return `${row.strategy}${row.strategy === SEQUENTIAL ? '' : `/w${row.workers}`}/variant=${row.variant}`;
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
/** Document 002's time scales: the sleep model's (1, the article's, by default; 0.05 with --quick) and the spin model's. */
export function pipelineScales(settings: ReproduceSettings): { scale: number; spinScale: number } {
  const scale = settings.timeScale ?? (settings.quick ? 0.05 : 1);
  return { scale, spinScale: settings.quick ? 0.02 : Math.min(scale, 0.1) };
}

/** Document 002's plan at the settings' time scale (1, the article's, by default; 0.05 with --quick). */
export function pipelinePlan(settings: ReproduceSettings): DocumentPlan {
  const { scale, spinScale } = pipelineScales(settings);
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
    facts: { 'time scale (sleep)': scale, 'time scale (spin)': spinScale, reports: 9, endpoints: 3 },
  };
}
