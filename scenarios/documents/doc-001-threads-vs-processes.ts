/** Document 001's reproduction: four kinds of work x serial / 2 and 4 threads / 2 and 4 processes, with task timelines. */
import type { ArticleFigure, ArticleTable, DocumentPlan, Experiment, ReproduceSettings } from './document.js';
import { DOCUMENT_NAMES } from './names.js';

/** The approaches the article compares, and their parabench rows. */
export const APPROACHES = [
  { key: 'serial', label: 'Serial', rowKey: 'sequential', mapping: 'the plain loop: one task at a time' },
  { key: 't2', label: '2 threads', rowKey: 'worker-threads/w2', mapping: 'ThreadPoolExecutor(2) <-> 2 worker threads' },
  { key: 't4', label: '4 threads', rowKey: 'worker-threads/w4', mapping: 'ThreadPoolExecutor(4) <-> 4 worker threads' },
  { key: 'p2', label: '2 processes', rowKey: 'child-process/w2', mapping: 'ProcessPoolExecutor(2) <-> 2 child processes' },
  { key: 'p4', label: '4 processes', rowKey: 'child-process/w4', mapping: 'ProcessPoolExecutor(4) <-> 4 child processes' },
  { key: 'gil', label: '4 threads under the GIL', rowKey: 'promise/c4', mapping: 'threads taking turns on one interpreter lock <-> 4 tasks in flight on the one event loop (`promise`)' },
] as const;

export type ApproachKey = (typeof APPROACHES)[number]['key'];

/** One kind of work the article tried, its scenario, and what the article printed per approach. */
export interface Kind {
  readonly id: string;
  readonly title: string;
  readonly scenario: string;
  readonly items: { readonly quick: number; readonly normal: number };
  readonly what: string;
  readonly verdict: string;
  /** The article's seconds per approach; an approach it plotted without a number says so; one it did not run is absent. */
  readonly figures: Readonly<Partial<Record<ApproachKey, number | 'plot'>>>;
}

/** The kinds of work the article tried, in its order. */
export const KINDS: readonly Kind[] = [
  {
    id: 'api-calls',
    title: 'API calls',
    scenario: 'io',
    items: { quick: 24, normal: 100 },
    what: 'fetch resources from the loopback HTTP server (50 ms latency each), every body verified',
    verdict: '"I\'ve found threads to perform better for API calls and have observed a speed increase over serialization and multiprocessing."',
    figures: { serial: 'plot', t2: 'plot', t4: 'plot', p2: 'plot', p4: 'plot' },
  },
  {
    id: 'io-writes',
    title: 'I/O-heavy writes',
    scenario: 'disk',
    items: { quick: 8, normal: 24 },
    what: 'write files of 4 MiB of text, each read back and verified',
    verdict: '"Threads seem to win here, but multiprocessing also improves runtime."',
    figures: { serial: 'plot', t4: 'plot', p4: 'plot' },
  },
  {
    id: 'cpu-intensive',
    title: 'CPU-intensive',
    scenario: 'cpu-js',
    items: { quick: 8, normal: 60 },
    what: 'JPEG thumbnails decoded and shrunk in pure JavaScript (jpeg-js): work that holds its JavaScript thread',
    verdict: '"Processes avoid GIL and execute code concurrently on multiple cores."',
    figures: { serial: 4.2, t4: 6.5, p4: 1.9 },
  },
  {
    id: 'native',
    title: 'Native code (NumPy dot product)',
    scenario: 'cpu',
    items: { quick: 16, normal: 100 },
    what: 'JPEG thumbnails with sharp: libvips native code on libuv\'s thread pool, off the JavaScript thread',
    verdict: '"Numpy executes external C code behind and thus avoids the GIL." (no benefit from threads or processes there)',
    figures: { serial: 2.8, t2: 3.4, p2: 3.3 },
  },
];

function figure(kind: Kind, approach: ApproachKey): Partial<Record<'real' | 'speedup', ArticleFigure>> {
  const value = kind.figures[approach];
  if (value === undefined) return { real: { value: null, text: 'not run' } };
  if (value === 'plot') return { real: { value: null, text: 'bar plot, no figure' } };
  const serial = kind.figures.serial;
  const speedup = typeof serial === 'number' ? { value: serial / value, text: `${(serial / value).toFixed(2)} (derived: ${serial} / ${value})` } : undefined;
  return { real: { value, text: value.toFixed(1) }, ...(speedup === undefined ? {} : { speedup }) };
}

function table(kind: Kind): ArticleTable {
  return {
    id: kind.id,
    title: `${kind.title}: ${kind.what}`,
    articleTables: [`"${kind.title}" and its bar plots; ${kind.verdict}`],
    metrics: ['real', 'speedup', 'work', 'coresBusy'],
    baselineRowKey: 'sequential',
    rows: APPROACHES.map((approach) => ({
      label: approach.label,
      figures: approach.key === 'gil' ? { real: { value: null, text: 'the threads rows, as the GIL runs them' } } : figure(kind, approach.key),
      counterpart: { experiment: kind.id, rowKey: approach.rowKey, mapping: approach.mapping },
    })),
    footnotes: ['The article\'s seconds are its own machine\'s (not stated) and its own task sizes: compare the order of the rows and the speedups, not the seconds.'],
  };
}

/** Document 001's plan: one experiment per kind of work, the same six rows each. */
export function threadsVsProcessesPlan(settings: ReproduceSettings): DocumentPlan {
  const experiments: Experiment[] = KINDS.map((kind) => ({
    id: kind.id,
    scenario: kind.scenario,
    strategies: ['sequential', 'promise', 'worker-threads', 'child-process'],
    workers: [2, 4],
    concurrency: [4],
    items: [settings.quick ? kind.items.quick : kind.items.normal],
    rowKeys: APPROACHES.map((approach) => approach.rowKey),
  }));
  const name = DOCUMENT_NAMES[1] as DocumentPlan['name'];
  return {
    name,
    file: '001_336b77d253f91634.txt',
    articleHardware: 'not stated (Python with concurrent.futures, in a notebook)',
    mapping: [
      'ThreadPoolExecutor <-> `worker-threads` (threads in one process, but each with its own event loop: no lock to share)',
      'the GIL <-> the one event loop: `promise` keeps tasks in flight on one JavaScript thread, which runs one piece of JavaScript at a time',
      'ProcessPoolExecutor <-> `child-process` (child_process.fork; cluster behaves alike)',
      'NumPy releasing the GIL <-> sharp (libvips) running on libuv\'s thread pool',
      'API calls <-> `io` (fetch from a loopback server); I/O-heavy writes <-> `disk`; CPU-intensive Python <-> `cpu-js` (pure JavaScript); NumPy <-> `cpu` (sharp)',
      'the start/stop times the article plotted as bars <-> each task\'s start and end on its lane, recorded in the trial',
    ],
    experiments,
    tables: KINDS.map(table),
    facts: Object.fromEntries(KINDS.map((kind) => [`${kind.title} items`, settings.quick ? kind.items.quick : kind.items.normal])),
  };
}
