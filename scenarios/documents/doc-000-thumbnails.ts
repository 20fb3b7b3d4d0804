/** Document 000's reproduction: 1,000 thumbnails sequential / threads / processes, projection, incremental rerun, errors. */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { ArticleFigure, DocumentPlan, ReproduceSettings } from './document.js';
import { addBrokenImage, linkPhotos, renewEvery } from './inputs.js';
import { DOCUMENT_NAMES } from './names.js';

const f = (value: number | null, text: string): ArticleFigure => ({ value, text });

/** The article's projection: images -> sequential, threaded, multiprocess seconds. */
export const ARTICLE_PROJECTION: ReadonlyMap<number, readonly [number, number, number]> = new Map([
  [1_000, [2, 1.2, 0.9]],
  [10_000, [20, 12, 9]],
  [50_000, [100, 60, 45]],
  [100_000, [200, 120, 90]],
]);

/** Document 000's sizes and rows on this machine, which its plan runs and its reading reads. */
export function thumbnailsLayout(settings: ReproduceSettings) {
  const cores = settings.cores;
  const keys = { sequential: 'sequential', loop: `promise/c${cores}`, threads: `worker-threads/w${cores}`, processes: `child-process/w${cores}` };
  return {
    items: settings.quick ? 48 : 1000,
    sizes: settings.quick ? [16, 32, 48] : [250, 500, 1000],
    /** Images in the error run, besides the broken one. */
    small: settings.quick ? 12 : 100,
    keys,
    /** The rows of the incremental runs and the error run. */
    incrementalRows: [keys.sequential, keys.processes],
    broken: 'photo-broken.jpg',
  };
}

/** Document 000's plan: the cpu scenario (sharp thumbnails) at 1,000 images (24 with --quick). */
export function thumbnailsPlan(settings: ReproduceSettings): DocumentPlan {
  const cores = settings.cores;
  const { items, sizes, small, keys, broken } = thumbnailsLayout(settings);
  const photos = join(settings.workDir, 'photos');
  const thumbnails = join(settings.workDir, 'thumbnails');
  const brokenFolder = join(settings.workDir, 'with-a-broken-image');
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
    facts: { images: items, 'size sweep': sizes.join(', '), 'pool size': cores, 'images in the error run': small + 1 },
  };
}
