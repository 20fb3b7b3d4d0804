/** Document 000's reading of its results: the projection to 100,000 images, the incremental rerun, the per-image errors. */
import { scenarioModels } from '../../analysis/approach-models.js';
import { PROJECTED_ITEMS, project } from '../../statistics/projection.js';
import type { Row } from '../../results/records.js';
import { countedTrials } from '../../results/counted-trials.js';
import { ARTICLE_PROJECTION, thumbnailsLayout } from '../../../scenarios/documents/doc-000-thumbnails.js';
import type { ReproduceSettings } from '../../../scenarios/documents/document.js';
import { coresBusy, findRow, isCompleted, median } from '../measured.js';
import type { DocumentReading, ExperimentResults, ReportSection } from '../reading.js';

const fmt = (seconds: number): string => seconds.toFixed(seconds < 10 ? 3 : 1);

/** Images processed in a trial: its items less the thumbnails it skipped. */
function processed(items: number, skipped: number | undefined): number {
  return items - (skipped ?? 0);
}

function projectionSection(results: ExperimentResults, keys: { sequential: string; threads: string; processes: string; loop: string }): ReportSection {
  const run = results.get('sizes');
  if (run === undefined) return { title: 'Projection to 100,000 images', lines: ['not measured'] };
  const models = scenarioModels(run.scenarios);
  const model = (key: string) => models.find((m) => m.key === key);
  const head = '| Images | Sequential (article, s) | sequential (parabench, s) | ThreadPoolExecutor (article, s) | worker-threads (parabench, s) | one event loop (parabench, s) | ProcessPoolExecutor (article, s) | child-process (parabench, s) |';
  const lines = [
    `Fitted by least squares from the size sweep (${run.scenarios.map((s) => s.items).join(', ')} images; median real time per size): time = fixed + per image x images.`,
    '',
    head,
    '|---|---|---|---|---|---|---|---|',
  ];
  const cell = (key: string, items: number): string => {
    const m = model(key);
    return m === undefined ? '-' : fmt(project(m.model, items));
  };
  for (const items of PROJECTED_ITEMS) {
    const article = ARTICLE_PROJECTION.get(items) ?? [NaN, NaN, NaN];
    lines.push(`| ${items.toLocaleString('en-US')} | ${article[0]} | ${cell(keys.sequential, items)} | ${article[1]} | ${cell(keys.threads, items)} | ${cell(keys.loop, items)} | ${article[2]} | ${cell(keys.processes, items)} |`);
  }
  lines.push('', 'Models:');
  for (const m of models) {
    const fit = m.model.rSquared === null ? m.model.method : `${m.model.method}, R² ${m.model.rSquared.toFixed(4)}`;
    lines.push(`- ${m.label}: ${fmt(m.model.fixedSeconds)} s fixed + ${(m.model.perItemSeconds * 1000).toFixed(2)} ms per image (${fit})`);
  }
  lines.push('', "The article multiplied its 1,000-image times by the image count (a fixed cost of zero); parabench's fit keeps the fixed cost (Node's start, the pool's start-up) apart, so it matters less and less as the count grows.");
  return { title: 'Projection to 100,000 images (the article\'s "Scaling projection" and "Projected performance for full image set")', lines };
}

function incrementalSection(results: ExperimentResults, rowKeys: readonly string[]): ReportSection {
  const lines = [
    'The article\'s check: skip a thumbnail that exists and is newer than its image (`--incremental`). Each row keeps its own thumbnails; the fresh run starts with none, the rerun finds them all current, the partial update follows a renewal of every tenth image.',
    '',
    '| Scenario (article) | Images to process (article) | Time saved (article) | parabench row | images processed | real (s) | time saved (parabench) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const key of rowKeys) {
    const fresh = findRow(results, { experiment: 'incremental', rowKey: key })?.row;
    const partial = findRow(results, { experiment: 'partial', rowKey: key })?.row;
    const freshTrial = fresh?.trials.find((t) => t.warmup && t.problem === null);
    const rerun = fresh === undefined ? [] : countedTrials(fresh);
    const partialTrials = partial === undefined ? [] : countedTrials(partial);
    const items = freshTrial?.items ?? rerun[0]?.items ?? 0;
    const freshReal = freshTrial?.realSeconds ?? null;
    const saved = (real: number | null): string => (real === null || freshReal === null ? '-' : `${((1 - real / freshReal) * 100).toFixed(0)}%`);
    const line = (scenario: string, share: string, articleSaved: string, trials: readonly { realSeconds: number; counters: Readonly<Record<string, number>> }[]) => {
      const real = median(trials.map((t) => t.realSeconds));
      const done = median(trials.map((t) => processed(items, t.counters['skipped'])));
      lines.push(`| ${scenario} | ${share} | ${articleSaved} | ${fresh?.label ?? key} | ${done === null ? '-' : `${done} of ${items}`} | ${real === null ? '-' : fmt(real)} | ${saved(real)} |`);
    };
    line('Fresh run (no thumbnails)', '100%', 'none', freshTrial === undefined ? [] : [freshTrial]);
    line('Re-run (all current)', '0%', '100%', rerun);
    line('Partial update (10% changed)', '10%', '90%', partialTrials);
  }
  lines.push('', "Time saved is measured on real time, which keeps Node's start and the pool's start-up: a rerun that skips every thumbnail still pays those, so it saves less than the article's 100%.");
  return { title: 'Skipping up-to-date thumbnails (the article\'s "Impact of smart checking")', lines };
}

function errorsSection(results: ExperimentResults, rowKeys: readonly string[], broken: string): ReportSection {
  const lines = [
    `One of the images, \`${broken}\`, is not an image at all. The article's advice: handle errors per image, so one bad file never stops the batch ("Error processing {image_file}: {e}").`,
    '',
    '| parabench row | images | thumbnails made and verified | failed | what the failure said |',
    '|---|---|---|---|---|',
  ];
  for (const key of rowKeys) {
    const row = findRow(results, { experiment: 'errors', rowKey: key })?.row;
    const trial = row === undefined ? undefined : (countedTrials(row)[0] ?? row.trials[0]);
    if (row === undefined || trial === undefined) {
      lines.push(`| ${key} | - | - | - | not measured |`);
      continue;
    }
    const items = trial.items ?? 0;
    const failures = trial.itemFailures;
    const said = failures.map((failure) => `item ${failure.item}: ${failure.code}: ${failure.message}`.replace(/\|/g, '\\|')).join('; ');
    lines.push(`| ${row.label} | ${items} | ${row.state === 'completed' ? items - failures.length : 0} | ${failures.length} | ${said || (row.state === 'failed' ? row.failure : 'none')} |`);
  }
  lines.push('', 'Every other image\'s thumbnail matched the sequential run\'s byte for byte; the broken one failed in every row alike, so it is reported and left out of the comparison, and the row completes.');
  return { title: 'Per-image errors', lines };
}

/** Document 000's reading, for the layout its plan ran. */
export function thumbnailsReading(settings: ReproduceSettings): DocumentReading {
  const { items, keys, incrementalRows, broken } = thumbnailsLayout(settings);
  return {
    sections(results: ExperimentResults) {
      return [projectionSection(results, keys), incrementalSection(results, incrementalRows), errorsSection(results, incrementalRows, broken)];
    },
    explain(results: ExperimentResults) {
      const lines: string[] = [];
      const loop = findRow(results, { experiment: 'sizes', rowKey: keys.loop, items })?.row;
      if (isCompleted(loop) && coresBusy(loop.summary) > 1) {
        lines.push(`${loop.label} kept ${coresBusy(loop.summary).toFixed(2)} cores busy with one JavaScript thread: at least ${(coresBusy(loop.summary) - 1).toFixed(2)} cores' worth ran on other threads of the process, where sharp does its work (libuv's pool), as the article's image library escapes the GIL.`);
      }
      const rows = [keys.sequential, keys.threads, keys.processes].map((key) => findRow(results, { experiment: 'sizes', rowKey: key, items })?.row);
      const done = rows.filter((row): row is Extract<Row, { state: 'completed' }> => isCompleted(row));
      if (done.length === 3) {
        const order = [...done].sort((a, b) => a.summary.realSeconds.median - b.summary.realSeconds.median).map((row) => row.label);
        lines.push(`Fastest to slowest here: ${order.join(', ')} (the article: processes, threads, sequential).`);
      }
      return lines;
    },
  };
}
