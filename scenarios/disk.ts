/** The `disk` scenario: write large text files, optionally fsynced. */
import { createHash } from 'node:crypto';
import { access, constants, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TaskRef } from '../strategies/executor.js';
import { filesystemOf } from './support/filesystem.js';
import { onOff, onOffProblem, positiveNumberProblem } from './support/flag-values.js';
import type { Scenario, ScenarioOptions, StageEvent } from './scenario.js';
import type { WriteTextJob, WriteTextResult } from './tasks/write-text.js';

const WRITE_TEXT: TaskRef = { module: new URL('./tasks/write-text.js', import.meta.url).href, export: 'writeText' };
const MIB = 1024 * 1024;

interface Prepared {
  readonly jobs: readonly WriteTextJob[];
  readonly outDir: string;
  /** When the work window started, in epoch milliseconds, for stage events. */
  windowStartMs: number;
}

function badInput(message: string): Error {
  return Object.assign(new Error(message), { code: 'BAD_INPUT' });
}

const fileBytes = (options: ScenarioOptions): number => Math.round(Number(options.params['file-mib'] ?? '4') * MIB);
const diskDir = (options: ScenarioOptions): string => resolve(options.params['disk-dir'] ?? tmpdir());
/** `--input` names images, which disk does not use: its own default count then applies. */
const fileCount = (options: ScenarioOptions): number => (options.items === Number.MAX_SAFE_INTEGER ? disk.items.normal : options.items);

const isResult = (value: unknown): value is WriteTextResult => typeof (value as Partial<WriteTextResult> | null)?.endMs === 'number';

/**
 * Document 001's I/O-heavy task: write N files of S MiB of text each, optionally fsync'd,
 * then read every one back to verify it.
 */
export const disk: Scenario<Prepared> = {
  name: 'disk',
  summary: "I/O-bound: write files of generated text (document 001's huge strings), optionally fsync'd, each read back and verified",
  items: { normal: 50, quick: 12, full: 200 },
  flags: [
    { name: 'file-mib', description: 'disk: size of each file, in MiB', defaultValue: '4', check: positiveNumberProblem },
    { name: 'fsync', description: 'disk: flush every file to the device before it counts as written (on/off)', defaultValue: 'off', check: onOffProblem },
    { name: 'disk-dir', description: 'disk: the folder to write in (its file system is reported)', defaultValue: tmpdir() },
  ],

  async setup(options) {
    const dir = diskDir(options);
    const info = await stat(dir).catch(() => undefined);
    if (info === undefined || !info.isDirectory()) throw badInput(`--disk-dir ${dir}: no such folder; give a folder to write in`);
    await access(dir, constants.W_OK).catch(() => {
      throw badInput(`--disk-dir ${dir}: not writable; give a folder you may write in`);
    });
    const count = fileCount(options);
    return {
      items: count,
      fileMiB: fileBytes(options) / MIB,
      totalMiB: Math.round((count * fileBytes(options)) / MIB),
      fsync: onOff(options.params['fsync'] ?? 'off'),
      diskDir: dir,
      filesystem: await filesystemOf(dir),
    };
  },

  async prepare(options) {
    const outDir = await mkdtemp(join(diskDir(options), 'parabench-disk-'));
    const fsync = onOff(options.params['fsync'] ?? 'off');
    const jobs = Array.from({ length: fileCount(options) }, (_, index) => ({
      path: join(outDir, `text-${String(index).padStart(5, '0')}.txt`),
      index,
      bytes: fileBytes(options),
      fsync,
    }));
    return { jobs, outDir, windowStartMs: 0 };
  },

  tasks: () => [WRITE_TEXT],

  run(executor, prepared, options) {
    prepared.windowStartMs = performance.timeOrigin + performance.now();
    return executor.mapSettled(WRITE_TEXT, prepared.jobs, { chunkSize: options.chunkSize });
  },

  async digest(prepared, outcomes) {
    // Read every file back after the window: what is on disk is what counts.
    const digests: (string | null)[] = [];
    for (const [i, job] of prepared.jobs.entries()) {
      const bytes = outcomes[i]?.ok === true ? await readFile(job.path).catch(() => undefined) : undefined;
      digests.push(bytes === undefined ? null : createHash('sha256').update(bytes).digest('hex'));
    }
    return digests;
  },

  counters: () => ({}),

  events(prepared, outcomes) {
    const events: StageEvent[] = [];
    outcomes.forEach((outcome, item) => {
      if (!outcome.ok || !isResult(outcome.value)) return;
      const r = outcome.value;
      events.push({ stage: 'write', item, lane: r.lane, start: (r.startMs - prepared.windowStartMs) / 1000, end: (r.endMs - prepared.windowStartMs) / 1000 });
    });
    return events;
  },

  async facts() {
    return {};
  },

  async cleanup(prepared) {
    await rm(prepared.outDir, { recursive: true, force: true });
  },
};
