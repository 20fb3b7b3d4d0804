/** What a trial that dies mid-task leaves the harness: the items its main thread ran, said at exit or traced by a diagnostic rerun. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { describeTask, type BatchInFlight, type Executor } from '../../strategies/executor.js';

/** One batch in flight on a trial's main thread, as written down: its task as a person reads it and its items. */
export interface InFlightRecord {
  readonly task: string;
  /** Index in the map of its first item; null for a `submit`, which belongs to no map. */
  readonly firstItem: number | null;
  readonly size: number;
  /** Place in the batch of the item whose task call was on the stack (what ended the thread was its doing); null when none was. */
  readonly onStack: number | null;
}

/** Starts the one stderr line a trial writes as it exits mid-task; the harness finds it in the trial's stderr. */
const LAST_WORDS = 'parabench-trial-last-words ';

const records = (inFlight: readonly BatchInFlight[]): InFlightRecord[] =>
  inFlight.map((batch) => ({ task: describeTask(batch.task), firstItem: batch.firstItem ?? null, size: batch.size, onStack: batch.onStack }));

/**
 * Says, synchronously (the process is exiting: nothing asynchronous would get out), what the
 * executor was running on this thread, when it runs tasks here and one was running. Costs the
 * trial nothing until it exits: the executor already keeps what is in flight.
 */
export function writeLastWords(executor: Executor | undefined): void {
  const inFlight = executor?.inFlight?.() ?? [];
  if (inFlight.length === 0) return;
  try {
    writeSync(2, `\n${LAST_WORDS}${JSON.stringify(records(inFlight))}\n`);
  } catch {
    // stderr is gone: the harness reports the exit without the item
  }
}

/** The batches a trial's last words name, from its stderr; undefined when it left none. */
export function readLastWords(stderr: string): InFlightRecord[] | undefined {
  const line = stderr.split('\n').findLast((l) => l.startsWith(LAST_WORDS));
  return line === undefined ? undefined : parseRecords(line.slice(LAST_WORDS.length));
}

/** A trial's stderr without its last words, to be shown as it is. */
export function withoutLastWords(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith(LAST_WORDS))
    .join('\n');
}

/**
 * Traces what the executor runs on this thread into `file`, synchronously at every change, so
 * the file holds the item even when the trial dies where no JavaScript runs (out of heap,
 * SIGKILL). Each change overwrites the file from its start, so its first line is always the
 * latest and it never grows. Writes nothing (an empty file) when the executor runs no task on
 * this thread. Returns how to stop tracing.
 */
export function traceToFile(executor: Executor, file: string): () => void {
  const fd = openSync(file, 'w');
  const write = (inFlight: readonly BatchInFlight[]): void => void writeSync(fd, `${JSON.stringify(records(inFlight))}\n`, 0);
  if (executor.traceInFlight !== undefined) {
    write([]);
    executor.traceInFlight(write);
  }
  return () => {
    executor.traceInFlight?.(undefined);
    closeSync(fd);
  };
}

/** What a trace says ran last on the main thread; undefined when nothing was traced (no task runs on that thread). */
export function readTrace(text: string): InFlightRecord[] | undefined {
  const first = text.split('\n', 1)[0] ?? '';
  return first.length === 0 ? undefined : parseRecords(first);
}

function parseRecords(json: string): InFlightRecord[] | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as InFlightRecord[]) : undefined;
  } catch {
    return undefined;
  }
}
