/** A trial that dies on its main thread names the item: the executor's in-flight record, the last words, the diagnostic trace, the wording. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProcessMeasurement } from '../harness/measure/process.js';
import type { Row, RunResults } from '../harness/results/records.js';
import { deathWithoutReport, wantsDiagnosis } from '../harness/run/trial-death.js';
import { readLastWords, readTrace, traceToFile, withoutLastWords, type InFlightRecord } from '../harness/trial/last-words.js';
import type { TrialReport } from '../harness/trial/report.js';
import type { BatchInFlight, TaskRef } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';
import { runCli } from './fixtures/cli.js';
import { leftovers } from './fixtures/processes.js';

const square: TaskRef = { module: new URL('./fixtures/tasks.js', import.meta.url).href, export: 'square' };

/** A trial that died: no report, the given exit and stderr. */
function died(how: { exitCode?: number; signal?: string; stderr?: string; timedOut?: boolean }): ProcessMeasurement<TrialReport> {
  return {
    exitCode: how.exitCode ?? null,
    signal: how.signal ?? null,
    realSeconds: 0.2,
    userSeconds: 0.1,
    sysSeconds: 0.01,
    timeMethod: 'trial-self-report',
    peakRssBytes: 0,
    timeline: [],
    threadSamples: [],
    window: { startSeconds: null, endSeconds: null },
    instruments: {},
    report: undefined,
    stderrTail: how.stderr ?? '',
    timedOut: how.timedOut ?? false,
    harnessCpuSeconds: 0,
    harnessWindowCpuSeconds: null,
  };
}

const batch = (firstItem: number | null, size = 1, onStack: number | null = null): InFlightRecord => ({ task: 'faulty.js#faulty', firstItem, size, onStack });
const lastWords = (records: readonly InFlightRecord[]): string => `some output\nparabench-trial-last-words ${JSON.stringify(records)}\n`;

test('promise executor: what is in flight, which batch is on the stack, and a trace of every change', async () => {
  const executor = strategies['promise']?.create({ workers: 1, concurrency: 3 });
  assert.ok(executor?.inFlight !== undefined && executor.traceInFlight !== undefined);
  const seen: (readonly BatchInFlight[])[] = [];
  executor.traceInFlight((inFlight) => seen.push(inFlight));
  await executor.start();
  const mapped = executor.mapSettled(square, [1, 2, 3, 4, 5, 6], { chunkSize: 2 });
  // Three batches of two started at once; no task call is on the stack now, each waits on the event loop.
  assert.deepEqual(executor.inFlight().map((b) => [b.firstItem, b.size, b.onStack]), [[0, 2, null], [2, 2, null], [4, 2, null]]);
  await mapped;
  assert.equal(await executor.submit(square, 7), 49);
  await executor.shutdown();
  assert.deepEqual(executor.inFlight(), []);
  // Every item is traced on the stack as its task call starts, by its place in its batch.
  for (let item = 0; item < 6; item += 1) {
    const first = item - (item % 2);
    assert.ok(seen.some((s) => s.some((b) => b.firstItem === first && b.onStack === item - first)), `item ${item} traced while its task was called`);
  }
  assert.ok(seen.some((s) => s.length === 1 && s[0]?.firstItem === undefined && s[0]?.onStack === 0), 'a submit is traced with no item index');
  assert.deepEqual(seen.at(-1), []);
  assert.ok(seen.every((s) => s.filter((b) => b.onStack !== null).length <= 1), 'at most one task call is on the stack');
  executor.traceInFlight(undefined);
  const before = seen.length;
  await executor.map(square, [1, 2]);
  assert.equal(seen.length, before, 'tracing stops');
});

test('a trace file: its first line is always the latest state, and a pool writes none', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parabench-trace-'));
  try {
    const file = join(dir, 'trace');
    const promise = strategies['promise']?.create({ workers: 1, concurrency: 2 });
    assert.ok(promise !== undefined);
    const stop = traceToFile(promise, file);
    await promise.mapSettled(square, [1, 2, 3, 10, 11]);
    stop();
    // Longer states were written before the last, shorter one: only the first line counts.
    const text = await readFile(file, 'utf8');
    assert.ok(text.length > 3, text);
    assert.deepEqual(readTrace(text), []);
    assert.deepEqual(readTrace('[{"task":"t.js#t","firstItem":3,"size":1,"onStack":0}]\n"size":1,"onStack":null}]\n'), [
      { task: 't.js#t', firstItem: 3, size: 1, onStack: 0 },
    ]);

    const pool = strategies['worker-threads']?.create({ workers: 1, concurrency: 1 });
    assert.ok(pool !== undefined && pool.traceInFlight === undefined);
    const poolFile = join(dir, 'pool');
    traceToFile(pool, poolFile)();
    assert.equal(readTrace(await readFile(poolFile, 'utf8')), undefined, 'nothing traced: no task runs on the main thread');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('last words are read from stderr and left out of the tail shown', () => {
  const stderr = lastWords([batch(3, 1, 0)]);
  assert.deepEqual(readLastWords(stderr), [batch(3, 1, 0)]);
  assert.equal(readLastWords('plain stderr\n'), undefined);
  assert.equal(withoutLastWords(stderr).includes('parabench-trial-last-words'), false);
});

test('the reason names the item: the one whose task call was on the stack, the only one in flight, or all of them', () => {
  // An exit: last words, no rerun.
  const exit = died({ exitCode: 3, stderr: lastWords([batch(0), batch(1), batch(3, 1, 0)]) });
  assert.equal(wantsDiagnosis(exit), false);
  assert.equal(
    deathWithoutReport(exit),
    'trial exited with code 3 at item 3 (task faulty.js#faulty) on its main thread, which ends the whole trial: the item in flight cannot be contained there (a pool fails only that item)',
  );
  assert.match(deathWithoutReport(died({ exitCode: 3, stderr: lastWords([batch(0, 2), batch(2, 2, 1)]) })), /^trial exited with code 3 at item 3 \(task faulty\.js#faulty\) on its main thread/);
  assert.match(deathWithoutReport(died({ exitCode: 3, stderr: lastWords([batch(2, 2)]) })), /^trial exited with code 3 at items 2-3 \(one batch of task faulty\.js#faulty\) on its main thread/);
  // Several in flight and none marked (an untraced trial marks no call): a rerun is wanted, and pins the item where it can.
  const several = died({ exitCode: 3, stderr: lastWords([batch(0), batch(1)]) });
  assert.equal(wantsDiagnosis(several), true);
  assert.match(
    deathWithoutReport(several),
    /^trial exited with code 3 with items 0, 1 in flight on its one event loop \(task faulty\.js#faulty; it cannot be traced to one of them\) on its main thread/,
  );
  assert.match(
    deathWithoutReport(several, undefined, { died: true, inFlight: [batch(0), batch(1, 1, 0)] }),
    /^trial exited with code 3 at item 1 \(task faulty\.js#faulty; found by an unmeasured diagnostic rerun\) on its main thread/,
  );
  assert.match(deathWithoutReport(several, undefined, { died: false, inFlight: [] }), /^trial exited with code 3 with items 0, 1 in flight/);
  assert.match(deathWithoutReport(died({ exitCode: 3, stderr: lastWords([batch(null, 1, 0)]) })), /^trial exited with code 3 at a submitted item \(task faulty\.js#faulty\)/);

  // Out of heap and a signal: no JavaScript ran, so a diagnostic rerun is wanted (not after a timeout).
  const heap = died({ signal: 'SIGABRT', stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' });
  assert.equal(wantsDiagnosis(heap), true);
  assert.equal(wantsDiagnosis(died({ signal: 'SIGKILL', timedOut: true })), false);
  assert.equal(
    deathWithoutReport(heap, 64, { died: true, inFlight: [batch(3, 1, 0)] }),
    "ran out of heap (limit 64 MiB, --worker-heap-mb) on the trial's main thread at item 3 (task faulty.js#faulty; found by an unmeasured diagnostic rerun), which ends the whole trial: the item in flight cannot be contained there (a pool fails only that item)",
  );
  const kill = died({ signal: 'SIGKILL' });
  assert.equal(deathWithoutReport(kill, undefined, { died: true, inFlight: [batch(5)] }), 'trial exited with SIGKILL without a report at item 5 (task faulty.js#faulty; found by an unmeasured diagnostic rerun)');
  assert.equal(deathWithoutReport(kill, undefined, { died: false, inFlight: [] }), 'trial exited with SIGKILL without a report (an unmeasured diagnostic rerun did not fail, so the item is unknown)');
  assert.equal(deathWithoutReport(kill, undefined, { died: true, inFlight: [] }), 'trial exited with SIGKILL without a report (an unmeasured diagnostic rerun died with no task running on the main thread)');
  // A pool traces nothing: the reason stays as it was.
  assert.equal(deathWithoutReport(kill, undefined, { died: true, inFlight: undefined }), 'trial exited with SIGKILL without a report');
});

/** One bench row of the faults scenario under promise with four items in flight and batches of two. */
async function promiseRow(fault: string): Promise<Row | undefined> {
  const tmp = await mkdtemp(join(tmpdir(), `parabench-death-${fault}-`));
  try {
    await runCli(
      ['bench', '--scenario', 'faults', '--fault', fault, '--strategy', 'promise', '--concurrency', '4', '--chunk-size', '2',
        '--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--format', 'json', '--out', tmp, '--name', 'd',
        '--worker-heap-mb', '64', '--trial-timeout', '20'],
      { cwd: tmp },
    );
    return (JSON.parse(await readFile(join(tmp, 'd.json'), 'utf8')) as RunResults).scenarios[0]?.rows[0];
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

test('with several batches in flight on one event loop, the one whose task was running is named', async () => {
  for (const [fault, reason] of [
    ['exit', /^trial exited with code 3 at item 3 \(task faulty\.js#faulty; found by an unmeasured diagnostic rerun\) on its main thread/],
    ['oom', /^ran out of heap \(limit 64 MiB, --worker-heap-mb\) on the trial's main thread at item 3 \(task faulty\.js#faulty; found by an unmeasured diagnostic rerun\)/],
  ] as const) {
    const row = await promiseRow(fault);
    assert.equal(row?.state, 'failed', fault);
    assert.match(row?.state === 'failed' ? row.failure : '', reason, fault);
  }
  assert.deepEqual(await leftovers(), []);
});
