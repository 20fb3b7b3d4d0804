/** The io-bytes instrument: its probe reads the tree's /proc/PID/io, its figures and notes are per item, and a bench run carries it to the report. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { instrument, type IoReading } from '../harness/instruments/io-bytes.js';
import type { ReadTrial } from '../harness/instrument.js';
import { runCli } from './fixtures/cli.js';

const linux = process.platform === 'linux';

function reading(readChars: number, writtenChars: number, calls = 10): IoReading {
  return { processes: 1, readChars, writtenChars, readCalls: calls, writeCalls: calls, storageReadBytes: 0, storageWrittenBytes: 0 };
}
const trialOf = (r: IoReading | null, items: number | null = 10): ReadTrial<IoReading> => ({ reading: r, items, workSeconds: 1 });

test('the probe counts what this process reads and writes between its begin and its end', { skip: !linux && 'needs /proc/PID/io' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parabench-io-'));
  try {
    const probe = instrument.inTrial();
    await probe.begin();
    const file = join(dir, 'data');
    await writeFile(file, Buffer.alloc(256 * 1024, 7));
    assert.equal(readFileSync(file).length, 256 * 1024);
    const got = (await probe.end()) as IoReading;
    assert.ok(got.processes >= 1);
    assert.ok(got.writtenChars >= 256 * 1024, `written ${got.writtenChars}`);
    assert.ok(got.readChars >= 256 * 1024, `read ${got.readChars}`);
    assert.ok(got.writeCalls >= 1 && got.readCalls >= 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a row's figures are medians per item over the trials that have a reading", () => {
  const figures = instrument.figures([trialOf(reading(1000, 2000)), trialOf(reading(3000, 4000)), trialOf(reading(5000, 100000)), trialOf(null), trialOf(reading(9e9, 9e9), null)]);
  assert.deepEqual(
    figures.map((f) => [f.label, f.value, f.unit]),
    [
      ['syscall read / item', 300, 'B'],
      ['syscall written / item', 400, 'B'],
      ['read+write calls / item', 2, 'calls'],
      ['storage read+written / item', 0, 'B'],
    ],
  );
  assert.deepEqual(instrument.figures([trialOf(null)]).map((f) => f.value), [null, null, null, null]);
});

test('a note names the rows that passed at least twice the bytes per item of the one that passed fewest', () => {
  const rows = [
    { label: 'sequential', trials: [trialOf(reading(0, 0))] },
    { label: 'child-process x2', trials: [trialOf(reading(40960, 20480))] },
    { label: 'worker-threads x2', trials: [trialOf(reading(100, 100))] },
  ];
  assert.deepEqual(instrument.notes?.(rows), [
    'child-process x2 passed 6.0 KiB per item through read and write system calls, where sequential passed none (medians over the measured trials).',
  ]);
  const close = [
    { label: 'a', trials: [trialOf(reading(20480, 0))] },
    { label: 'b', trials: [trialOf(reading(30720, 0))] },
  ];
  assert.deepEqual(instrument.notes?.(close), []);
});

test('bench --instruments io-bytes records a reading in every trial and the report renders its table', { skip: !linux && 'needs /proc/PID/io' }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'parabench-io-bench-'));
  try {
    const run = await runCli(['bench', '--scenario', 'cpu-js', '--items', '6', '--strategy', 'sequential,child-process', '--workers', '2', '--iterations', '1', '--warmup', '0', '--instruments', 'io-bytes', '--out', out, '--name', 'io', '--format', 'json,markdown']);
    assert.equal(run.code, 0, run.stderr);
    const results = JSON.parse(await readFile(join(out, 'io.json'), 'utf8'));
    assert.ok(results.parameters.instruments.includes('io-bytes'), String(results.parameters.instruments));
    const trials = results.scenarios[0].rows.flatMap((row: { trials: unknown[] }) => row.trials);
    assert.ok(trials.length >= 2);
    for (const t of trials) assert.ok(t.instruments['io-bytes'].reading.processes >= 1, JSON.stringify(t.instruments));
    const written = (label: string): number => {
      const row = results.scenarios[0].rows.find((r: { label: string }) => r.label.startsWith(label));
      return row.trials[0].instruments['io-bytes'].reading.writtenChars;
    };
    // The child-process pool's inputs and outputs cross pipes; the sequential row's stay in one thread.
    assert.ok(written('child-process') > written('sequential'), `child-process ${written('child-process')} B, sequential ${written('sequential')} B`);
    const markdown = await readFile(join(out, (await readdir(out)).find((f) => f.endsWith('.md')) as string), 'utf8');
    assert.match(markdown, /### Instrument `io-bytes`/);
    assert.match(markdown, /\| Approach \| syscall read \/ item \| syscall written \/ item \| read\+write calls \/ item \(calls\) \| storage read\+written \/ item \|/);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
