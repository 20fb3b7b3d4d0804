/** The four source documents by id, with the readable aliases `parabench reproduce` accepts. */

/** One document's names: its id (the file name's prefix), its slug and its aliases. */
export interface DocumentName {
  readonly id: '000' | '001' | '002' | '003';
  /** The readable name, also used in report file names. */
  readonly slug: string;
  readonly aliases: readonly string[];
  readonly title: string;
}

/** Every document, in order. Adding one: a name here, a plan file and a line in registry.ts, and its reading (harness/reproduce/readings/). */
export const DOCUMENT_NAMES: readonly DocumentName[] = [
  { id: '000', slug: 'thumbnails', aliases: ['thumbnails'], title: 'Using Threads to Improve Performance (1,000 thumbnails)' },
  { id: '001', slug: 'threads-vs-processes', aliases: ['threads-vs-processes'], title: 'Threads and Processes in Python' },
  { id: '002', slug: 'pipeline', aliases: ['pipeline'], title: 'An Introduction to Parallelization: Multithreading and Multiprocessing in Python' },
  { id: '003', slug: 'process-pool', aliases: ['process-pool'], title: 'Speed up your Python data processing scripts with Process Pools' },
];

/** Every name `reproduce` accepts, for messages. */
export const DOCUMENT_CHOICES: readonly string[] = [...DOCUMENT_NAMES.flatMap((d) => [d.id, ...d.aliases]), 'all'];

/** The documents a name stands for (`all` for every one), or undefined for an unknown name. */
export function documentsNamed(name: string): DocumentName[] | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted === 'all') return [...DOCUMENT_NAMES];
  const one = DOCUMENT_NAMES.find((d) => d.id === wanted || d.aliases.includes(wanted) || (wanted.length === 1 && d.id === `00${wanted}`));
  return one === undefined ? undefined : [one];
}
