/** Document 000's reproduction: 1,000 thumbnails sequential / threads / processes, projection, incremental rerun, errors. */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { scenarioModels } from '../analysis/approach-models.js';
import { PROJECTED_ITEMS, project } from '../statistics/projection.js';
import type { Row } from '../results/records.js';
import type { ArticleFigure, DocumentPlan, ExperimentResults, ReportSection, ReproduceSettings } from './document.js';
import { addBrokenImage, linkPhotos, renewEvery } from './inputs.js';
import { coresBusy, findRow, isCompleted, median } from './measured.js';
import { DOCUMENT_NAMES } from './names.js';
import { countedTrials } from '../results/counted-trials.js';

const f = (value: number | null, text: string): ArticleFigure => ({ value, text });
const fmt = (seconds: number): string => seconds.toFixed(seconds < 10 ? 3 : 1);

/** The article's projection: images -> sequential, threaded, multiprocess seconds. */
const ARTICLE_PROJECTION: ReadonlyMap<number, readonly [number, number, number]> = new Map([
  [1_000, [2, 1.2, 0.9]],
  [10_000, [20, 12, 9]],
  [50_000, [100, 60, 45]],
  [100_000, [200, 120, 90]],
]);

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

/** Document 000's plan: the cpu scenario (sharp thumbnails) at 1,000 images (24 with --quick). */
export function thumbnailsPlan(settings: ReproduceSettings): DocumentPlan {
  const cores = settings.cores;
  const items = settings.quick ? 48 : 1000;
  const sizes = settings.quick ? [16, 32, 48] : [250, 500, 1000];
  const small = settings.quick ? 12 : 100;
  const keys = { sequential: 'sequential', loop: `promise/c${cores}`, threads: `worker-threads/w${cores}`, processes: `child-process/w${cores}` };
  const photos = join(settings.workDir, 'photos');
  const thumbnails = join(settings.workDir, 'thumbnails');
  const brokenFolder = join(settings.workDir, 'with-a-broken-image');
  const broken = 'photo-broken.jpg';
  const incrementalRows = [keys.sequential, keys.processes];
  const incremental = { scenario: 'cpu', strategies: ['sequential', 'child-process'], workers: [cores], items: [items], input: photos, cacheDir: thumbnails, incremental: true, fixedRounds: true } as const;
  const name = DOCUMENT_NAMES[0] as DocumentPlan['name'];
  const at = (rowKey: string, mapping: string) => ({ experiment: 'sizes', rowKey, items, mapping });
  return {
    name,
    file: '000_1ce37a3cf4c28b3d.txt',
    articleHardware: 'not stated (its CPU utilisation table implies 4 cores: "~25% (1 core)"), Python 3 with an image library',
    mapping: [
      'the sequential loop <-> `sequential`: an await loop, one image at a time',
      'ThreadPoolExecutor <-> `worker-threads`: a pool of worker threads in one process (each with its own event loop: Node has no GIL to share)',
      'threads waiting for the GIL <-> the one event loop: `promise` keeps several images in flight on one JavaScript thread',
      'ProcessPoolExecutor <-> `child-process`: a pool of forked Node processes, each with its own event loop',
      'the image library\'s C code <-> sharp (libvips), which does its work on libuv\'s thread pool, off the JavaScript thread',
      '`time`\'s real / user / sys <-> the kernel\'s account of the trial\'s whole process tree; CPU utilisation = (user + sys) / (real x cores)',
      'the thumbnail-exists-and-is-newer check <-> `--incremental`; try/except per image <-> a failed item reported by name, the batch going on',
    ],
    experiments: [
      { id: 'sizes', scenario: 'cpu', strategies: ['sequential', 'promise', 'worker-threads', 'child-process'], workers: [cores], concurrency: [cores], items: sizes },
      {
        ...incremental,
        id: 'incremental',
        rounds: { iterations: settings.quick ? 1 : 2, warmup: 1 },
        async before() {
          await linkPhotos(settings.cacheDir, photos, items);
          await rm(thumbnails, { recursive: true, force: true });
        },
      },
      {
        ...incremental,
        id: 'partial',
        rounds: { iterations: 1, warmup: 0 },
        async before() {
          await renewEvery(photos, 10);
        },
      },
      {
        id: 'errors',
        scenario: 'cpu',
        strategies: ['sequential', 'child-process'],
        workers: [cores],
        items: [small + 1],
        input: brokenFolder,
        rounds: { iterations: 1, warmup: 0 },
        async before() {
          await linkPhotos(settings.cacheDir, brokenFolder, small);
          await addBrokenImage(brokenFolder, broken);
        },
      },
    ],
    tables: [
      {
        id: 'approaches',
        title: `Sequential vs threads vs processes (${items.toLocaleString('en-US')} images)`,
        articleTables: ['Baseline results', 'Threading results', 'Time metric interpretation', 'Process-based results', 'CPU utilization comparison', 'All Approaches Compared'],
        metrics: ['real', 'user', 'sys', 'speedup', 'cpuUtil'],
        baselineRowKey: keys.sequential,
        rows: [
          { label: 'Sequential', figures: { real: f(2, '~2.0'), user: f(1.9, '~1.9'), sys: f(0.1, '~0.1'), speedup: f(1, '1 (baseline)'), cpuUtil: f(25, '~25 (1 core)') }, counterpart: at(keys.sequential, 'the plain loop') },
          { label: 'ThreadPoolExecutor', figures: { real: f(1.2, '1.2'), user: f(2.3, '2.3'), sys: f(0.2, '0.2'), speedup: f(1.67, '1.67'), cpuUtil: f(null, '~60-70') }, counterpart: at(keys.threads, `a pool of ${cores} worker threads (this machine's cores)`) },
          { label: 'ThreadPoolExecutor, as the GIL shapes it', figures: { real: f(1.2, '1.2'), user: f(2.3, '2.3'), sys: f(0.2, '0.2'), speedup: f(1.67, '1.67'), cpuUtil: f(null, '~60-70') }, counterpart: at(keys.loop, `${cores} images in flight on the one event loop, sharp's work on libuv's pool`) },
          { label: 'ProcessPoolExecutor', figures: { real: f(null, '<1.0 (0.9 in its projection)'), user: f(null, '3.5+'), sys: f(0.3, '0.3'), speedup: f(null, '2+'), cpuUtil: f(null, '~95+ (all cores)') }, counterpart: at(keys.processes, `a pool of ${cores} child processes`) },
        ],
        footnotes: [
          `The article's seconds are its machine's and Python's; compare speedups, CPU utilisation and user against real. This machine has ${cores} cores, so its CPU utilisation tops out where the article's 4-core figures cannot.`,
          'The article\'s ThreadPoolExecutor row is given twice: Python\'s threads are OS threads (worker-threads) that take turns on one interpreter lock (the one event loop, with the image work off it).',
        ],
      },
    ],
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
    facts: { images: items, 'size sweep': sizes.join(', '), 'pool size': cores, 'images in the error run': small + 1 },
  };
}
