/** The disk scenario's task: write one large text file. */
import { open } from 'node:fs/promises';
import { epochMs, lane } from './clock.js';

/** One file to write: document 001's "huge text strings". */
export interface WriteTextJob {
  readonly path: string;
  readonly index: number;
  /** Size of the file, in bytes. */
  readonly bytes: number;
  /** Flush it to the device (fsync) before counting it written. */
  readonly fsync: boolean;
}

/** When the file was written, and where. */
export interface WriteTextResult {
  readonly bytes: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly lane: string;
}

/** File number `index`'s text: a line naming it, repeated to exactly `bytes` ASCII characters. */
export function textFor(index: number, bytes: number): string {
  const line = `parabench disk file ${index}: the quick brown fox jumps over the lazy dog 0123456789\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

/** Builds the text and writes it, fsync'd when asked; the string is made here, as in the document. */
export async function writeText(job: WriteTextJob): Promise<WriteTextResult> {
  const startMs = epochMs();
  const file = await open(job.path, 'w');
  try {
    await file.writeFile(textFor(job.index, job.bytes));
    if (job.fsync) await file.sync();
  } finally {
    await file.close();
  }
  return { bytes: job.bytes, startMs, endMs: epochMs(), lane: lane() };
}
