/** Document 003's reproduction: 1,000 JPEG thumbnails before and after a process pool, and its chunksize. */
import type { DocumentPlan, ReproduceSettings } from './document.js';
import { DOCUMENT_NAMES } from './names.js';

const f = (value: number): { value: number; text: string } => ({ value, text: value.toFixed(3) });

/** The row of the process pool, one worker per core, with `chunk` images per message. */
export const poolRowKey = (cores: number, chunk: number): string => `child-process/w${cores}/k${chunk}`;

/** Document 003's plan: the cpu scenario (sharp thumbnails) at the article's 1,000 images (24 with --quick). */
export function processPoolPlan(settings: ReproduceSettings): DocumentPlan {
  const items = settings.quick ? 48 : 1000;
  const chunkSizes = settings.quick ? [1, 4, 12] : [1, 10, 50, 100];
  const pool = (chunk: number): string => poolRowKey(settings.cores, chunk);
  const name = DOCUMENT_NAMES[3] as DocumentPlan['name'];
  return {
    name,
    file: '003_48bd16ca5915148e.txt',
    articleHardware: 'a 4-core computer (the author\'s; Activity Monitor showed it 75% idle during the serial run), Python 3 with Pillow',
    mapping: [
      'ProcessPoolExecutor() (one process per CPU) <-> `child-process` with one worker per core of this machine (child_process.fork)',
      `executor.map(make_image_thumbnail, image_files) <-> the pool's map over the images, 128-px JPEG thumbnails with sharp (libvips)`,
      'chunksize <-> `--chunk-size`: images per message to a worker',
      'pickling the arguments and results <-> structured clone over the IPC channel (a path in, a small result out)',
      'the GIL <-> the one event loop; each process has its own, as each Python process has its own GIL',
      '`time`\'s real / user / sys <-> the kernel\'s account of the whole trial process tree (wait4), user and sys summed over every thread and child',
    ],
    experiments: [
      {
        id: 'pool',
        scenario: 'cpu',
        strategies: ['sequential', 'child-process'],
        workers: [settings.cores],
        chunkSizes,
        items: [items],
      },
    ],
    tables: [
      {
        id: 'before-after',
        title: `Before and after: ${items} thumbnails, serial vs a process pool`,
        articleTables: ['`time python3 thumbnails_1.py` (real 0m8.956s, user 0m7.086s, sys 0m0.743s)', '`time python3 thumbnails_2.py` (real 0m2.274s, user 0m8.959s, sys 0m0.951s)', '"75% idle"', '"a 4x speed-up"'],
        metrics: ['real', 'user', 'sys', 'speedup', 'cpuUtil'],
        baselineRowKey: 'sequential',
        rows: [
          {
            label: 'thumbnails_1.py: a for loop',
            figures: { real: f(8.956), user: f(7.086), sys: f(0.743), speedup: { value: 1, text: '1 (baseline)' }, cpuUtil: { value: 25, text: '~25 (75% idle)' } },
            counterpart: { experiment: 'pool', rowKey: 'sequential', mapping: 'the plain loop: an await loop, one image at a time' },
          },
          {
            label: 'thumbnails_2.py: ProcessPoolExecutor, executor.map',
            figures: { real: f(2.274), user: f(8.959), sys: f(0.951), speedup: { value: 8.956 / 2.274, text: '3.94 (derived: 8.956 / 2.274)' } },
            counterpart: { experiment: 'pool', rowKey: pool(1), mapping: `a pool of ${settings.cores} child processes (this machine's cores), one image per message` },
          },
        ],
        footnotes: [
          `The article had 4 cores, this machine has ${settings.cores}: compare speedups with the cores, not seconds (Pillow in Python against sharp in Node).`,
          'The article prints no CPU utilisation for its pool run; its 75% idle is the serial run on 4 cores.',
        ],
      },
      {
        id: 'chunksize',
        title: 'The chunksize sweep',
        articleTables: ['"there is a trick with setting the chunksize parameter that can help a lot" (no figure given)'],
        metrics: ['real', 'work', 'speedup'],
        baselineRowKey: 'sequential',
        rows: [
          { label: 'for loop (baseline)', figures: {}, counterpart: { experiment: 'pool', rowKey: 'sequential', mapping: 'the plain loop' } },
          ...chunkSizes.map((chunk) => ({
            label: `executor.map(..., chunksize=${chunk})`,
            figures: {},
            counterpart: { experiment: 'pool', rowKey: pool(chunk), mapping: `--chunk-size ${chunk}: ${chunk} image(s) per message to a worker` },
          })),
        ],
        footnotes: ['The article gives no figure for chunksize: its column is empty. Fewer, larger messages save the per-message cost, and too large a chunk leaves a worker with the tail alone.'],
      },
    ],
    facts: { images: items, 'pool size': settings.cores, 'chunk sizes': chunkSizes.join(', ') },
  };
}
