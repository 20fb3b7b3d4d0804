/** Document 002's reading of its results: what a per-batch pool costs, how close each row came to its ideal, the cores it kept busy. */
import { PIPELINE_ROWS, pipelineRowKey, pipelineScales } from '../../../scenarios/documents/doc-002-pipeline.js';
import type { ReproduceSettings } from '../../../scenarios/documents/document.js';
import { countedTrials } from '../../results/counted-trials.js';
import { counterMedian, coresBusy, findRow, isCompleted, median } from '../measured.js';
import type { DocumentReading, ExperimentResults, ReportSection } from '../reading.js';

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

/** Document 002's reading at the time scales its plan ran. */
export function pipelineReading(settings: ReproduceSettings): DocumentReading {
  const { scale } = pipelineScales(settings);
  return {
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
  };
}
