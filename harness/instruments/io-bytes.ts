/** Instrument io-bytes: what the trial's processes read and wrote through system calls in the work window, per item. */
import { readFileSync } from 'node:fs';
import { median } from 'simple-statistics';
import type { Instrument, InstrumentFigure, ReadTrial } from '../instrument.js';
import { processTree } from '../measure/tree-sampler.js';

/** One process's I/O counters from /proc/PID/io, cumulative since it started. */
interface IoCounters {
  /** Bytes passed to read-like and write-like system calls: files, pipes, sockets and IPC alike. */
  readonly readChars: number;
  readonly writtenChars: number;
  readonly readCalls: number;
  readonly writeCalls: number;
  /** Bytes the process caused to be fetched from, or sent to, the storage layer (page cache misses, writeback). */
  readonly storageReadBytes: number;
  readonly storageWrittenBytes: number;
}

/** The tree's I/O over the work window: each process's counters at the end less those at the start (0 for one started inside it). */
export interface IoReading extends IoCounters {
  /** Processes read at the end of the window. */
  readonly processes: number;
}

const FIELDS: Readonly<Record<keyof IoCounters, string>> = {
  readChars: 'rchar',
  writtenChars: 'wchar',
  readCalls: 'syscr',
  writeCalls: 'syscw',
  storageReadBytes: 'read_bytes',
  storageWrittenBytes: 'write_bytes',
};
const KEYS = Object.keys(FIELDS) as (keyof IoCounters)[];

/** /proc/PID/io of one process, or undefined when it has gone or cannot be read. */
function readIo(pid: number): IoCounters | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/io`, 'utf8');
  } catch {
    return undefined;
  }
  const value = (field: string): number => Number(new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return Object.fromEntries(KEYS.map((key) => [key, value(FIELDS[key])])) as unknown as IoCounters;
}

/**
 * The trial's own process is read last at the start and first at the end, so the probe's reads of
 * the other processes' files fall outside its own figures.
 */
function readTree(ownLast: boolean): Map<number, IoCounters> {
  const others = processTree(process.pid).filter((pid) => pid !== process.pid);
  const order = ownLast ? [...others, process.pid] : [process.pid, ...others];
  const counters = new Map<number, IoCounters>();
  for (const pid of order) {
    const io = readIo(pid);
    if (io !== undefined) counters.set(pid, io);
  }
  return counters;
}

/** A row's median of one counter per item over its trials with a reading and items; null where none has both. */
function perItem(trials: readonly ReadTrial<IoReading>[], pick: (r: IoReading) => number): number | null {
  const values = trials.flatMap((t) => (t.reading !== null && t.items !== null && t.items > 0 ? [pick(t.reading) / t.items] : []));
  return values.length === 0 ? null : median(values);
}

const count = { type: 'number', minimum: 0 } as const;

export const instrument = {
  name: 'io-bytes',
  measures:
    "bytes the trial's processes passed through read and write system calls (files, pipes, sockets, IPC) and fetched from or sent to storage in the work window, per item, from /proc/PID/io (Linux)",
  inTrial: () => {
    let start = new Map<number, IoCounters>();
    return {
      begin: () => {
        start = readTree(true);
      },
      end: (): IoReading | null => {
        if (process.platform !== 'linux') return null;
        const end = readTree(false);
        if (end.size === 0) return null;
        const total = Object.fromEntries(KEYS.map((key) => [key, 0])) as Record<keyof IoCounters, number>;
        for (const [pid, after] of end) {
          const before = start.get(pid);
          for (const key of KEYS) total[key] += Math.max(0, after[key] - (before?.[key] ?? 0));
        }
        return { processes: end.size, ...total };
      },
    };
  },
  schema: {
    type: 'object',
    required: ['processes', ...KEYS],
    properties: { processes: { type: 'integer', minimum: 1 }, ...Object.fromEntries(KEYS.map((key) => [key, count])) },
  },
  figures: (trials): InstrumentFigure[] => [
    { label: 'syscall read / item', value: perItem(trials, (r) => r.readChars), unit: 'B' },
    { label: 'syscall written / item', value: perItem(trials, (r) => r.writtenChars), unit: 'B' },
    { label: 'read+write calls / item', value: perItem(trials, (r) => r.readCalls + r.writeCalls), unit: 'calls' },
    { label: 'storage read+written / item', value: perItem(trials, (r) => r.storageReadBytes + r.storageWrittenBytes), unit: 'B' },
  ],
  notes: (rows) => {
    const moved = rows.flatMap((row) => {
      const bytes = perItem(row.trials, (r) => r.readChars + r.writtenChars);
      return bytes === null ? [] : [{ label: row.label, bytes }];
    });
    const least = moved.reduce<(typeof moved)[number] | undefined>((low, row) => (low === undefined || row.bytes < low.bytes ? row : low), undefined);
    if (least === undefined) return [];
    const kib = (b: number): string => `${(b / 1024).toFixed(b < 10 * 1024 ? 1 : 0)} KiB`;
    const against = (row: (typeof moved)[number]): string =>
      least.bytes === 0 ? `where ${least.label} passed none` : `${(row.bytes / least.bytes).toFixed(1)}x ${least.label}'s ${kib(least.bytes)}`;
    return moved
      .filter((row) => row !== least && row.bytes >= 1024 && row.bytes >= 2 * least.bytes)
      .map((row) => `${row.label} passed ${kib(row.bytes)} per item through read and write system calls, ${against(row)} (medians over the measured trials).`);
  },
} satisfies Instrument<IoReading>;
