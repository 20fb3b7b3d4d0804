/** The row scheduler with a fake measurement: interleaving, warm-up, references and failures, no processes. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { ProcessMeasurement } from '../harness/measure/process.js';
import type { RowPlan } from '../harness/results/records.js';
import { runRounds, type MeasureTrial, type ScheduledRow } from '../harness/run/rounds.js';
import type { TrialReport } from '../harness/trial/report.js';

function plan(key: string, strategy: string, params: Record<string, string> = {}): RowPlan {
  return { key, label: key, strategy, workers: 1, concurrency: 1, chunkSize: 1, sampleIntervalMs: 100, params };
}

/** A row whose command is its key, so the fake measurement knows which row it runs. */
const row = (p: RowPlan): ScheduledRow => ({ plan: p, command: [p.key] });

function report(digests: readonly (string | null)[], status: 'ok' | 'error' = 'ok'): TrialReport {
  return {
    status,
    ...(status === 'error' ? { error: 'the pool failed to start' } : {}),
    bootSeconds: 0, prepareSeconds: 0, startupSeconds: 0, workSeconds: 1, workUserSeconds: 1, workSysSeconds: 0,
    shutdownSeconds: 0, digestSeconds: 0, processUserSeconds: 1, processSysSeconds: 0, childUserSeconds: 0, childSysSeconds: 0,
    maxRssKiB: 1, items: digests.length, failures: [], counters: {}, boundSeconds: null, events: [], facts: {}, digests,
  };
}

function measurement(trialReport: TrialReport | undefined, extra: Partial<ProcessMeasurement<TrialReport>> = {}): ProcessMeasurement<TrialReport> {
  return {
    exitCode: 0, signal: null, realSeconds: 1, userSeconds: 1, sysSeconds: 0, timeMethod: 'linux-proc-cutime',
    peakRssBytes: 0, timeline: [], threadSamples: [], window: { startSeconds: null, endSeconds: null }, instruments: {},
    report: trialReport, stderrTail: '', timedOut: false, harnessCpuSeconds: 0, harnessWindowCpuSeconds: null, ...extra,
  };
}

/** A fake measurement that logs each command and answers with what `answer` gives for it. */
function fake(answer: (command: string, call: number) => ProcessMeasurement<TrialReport>): { measure: MeasureTrial; log: string[] } {
  const log: string[] = [];
  const measure: MeasureTrial = async (command) => {
    const name = command.join(' ');
    log.push(name);
    return answer(name, log.length);
  };
  return { measure, log };
}

const GOOD = ['a', 'b'];
const noReference = { scenario: 'fake', command: (p: RowPlan) => [`reference ${JSON.stringify(p.params)}`] };

test('rows run interleaved, rotated by one each round, warm-up rounds first and marked', async () => {
  const { measure, log } = fake(() => measurement(report(GOOD)));
  const rows = [plan('sequential', 'sequential'), plan('pool/w2', 'pool'), plan('promise/c4', 'promise')].map(row);
  const { trials } = await runRounds(rows, noReference, { warmup: 1, iterations: 2 }, measure);
  assert.deepEqual(log, ['sequential', 'pool/w2', 'promise/c4', 'pool/w2', 'promise/c4', 'sequential', 'promise/c4', 'sequential', 'pool/w2']);
  const pool = trials.get('pool/w2') ?? [];
  assert.deepEqual(pool.map((t) => [t.round, t.warmup]), [[0, true], [1, false], [2, false]]);
  assert.ok(pool.every((t) => t.verified && t.problem === null));
});

test('the first sequential trial is the reference: a row whose outputs differ fails and is not run again', async () => {
  const { measure, log } = fake((command) => measurement(report(command === 'lossy' ? ['a', 'x'] : GOOD)));
  const { trials } = await runRounds([plan('sequential', 'sequential'), plan('lossy', 'pool')].map(row), noReference, { warmup: 0, iterations: 3 }, measure);
  assert.equal(log.filter((c) => c === 'lossy').length, 1, 'a failed row runs no more trials');
  assert.equal(log.filter((c) => c === 'sequential').length, 3);
  const lossy = trials.get('lossy') ?? [];
  assert.match(lossy[0]?.problem ?? '', /output of item 1 differs/);
  assert.equal(lossy[0]?.verified, false);
});

test('flag values without a sequential row get a reference run first, one per combination', async () => {
  const { measure, log } = fake(() => measurement(report(GOOD)));
  const rows = [plan('pool/a', 'pool', { size: '1' }), plan('pool/b', 'pool', { size: '2' }), plan('promise/a', 'promise', { size: '1' })].map(row);
  const { trials } = await runRounds(rows, noReference, { warmup: 0, iterations: 1 }, measure);
  assert.deepEqual(log.slice(0, 2), ['reference {"size":"1"}', 'reference {"size":"2"}']);
  assert.equal(log.length, 5);
  assert.ok([...trials.values()].flat().every((t) => t.verified));
});

test('a failed reference run leaves its rows unverified, with the reason, and they still run', async () => {
  const { measure, log } = fake((command) => measurement(command.startsWith('reference') ? report([], 'error') : report(GOOD)));
  const { trials, unverified } = await runRounds([row(plan('pool/w2', 'pool'))], noReference, { warmup: 0, iterations: 2 }, measure);
  assert.deepEqual(log, ['reference {}', 'pool/w2', 'pool/w2']);
  assert.match(unverified ?? '', /sequential reference run of fake failed: the pool failed to start/);
  const pool = trials.get('pool/w2') ?? [];
  assert.equal(pool.length, 2);
  assert.ok(pool.every((t) => t.problem === null && !t.verified), 'compared with nothing: no problem, and not verified');
});

test('a failed sequential row fails itself and leaves the others unverified', async () => {
  const { measure } = fake((command) => measurement(command === 'sequential' ? undefined : report(GOOD), command === 'sequential' ? { exitCode: 1, stderrTail: 'boom' } : {}));
  const { trials, unverified } = await runRounds([plan('sequential', 'sequential'), plan('pool/w2', 'pool')].map(row), noReference, { warmup: 0, iterations: 2 }, measure);
  assert.match(unverified ?? '', /sequential row of fake failed: trial exited with code 1 without a report: boom/);
  assert.match(trials.get('sequential')?.[0]?.problem ?? '', /without a report/);
  assert.deepEqual(trials.get('pool/w2')?.map((t) => t.verified), [false, false]);
});

test('a trial whose heap ran out on its main thread says which limit it ran into', async () => {
  const oom = measurement(undefined, { exitCode: 134, stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' });
  const { measure } = fake((command) => (command === 'greedy' ? oom : measurement(report(GOOD))));
  const rows = [plan('sequential', 'sequential'), plan('greedy', 'pool')].map(row);
  const limited = await runRounds(rows, noReference, { warmup: 0, iterations: 1, workerHeapMb: 64 }, measure);
  assert.match(limited.trials.get('greedy')?.[0]?.problem ?? '', /ran out of heap \(limit 64 MiB, --worker-heap-mb\) on the trial's main thread/);
  const unlimited = await runRounds(rows, noReference, { warmup: 0, iterations: 1 }, measure);
  assert.match(unlimited.trials.get('greedy')?.[0]?.problem ?? '', /ran out of heap \(Node's default limit\)/);
});

test('after every measured trial, not after warm-ups, the caller is given the trials so far before the next one starts', async () => {
  const events: string[] = [];
  const measure: MeasureTrial = async (command) => {
    events.push(`run ${command.join(' ')}`);
    return measurement(report(GOOD));
  };
  const rows = [plan('sequential', 'sequential'), plan('pool/w2', 'pool')].map(row);
  const onMeasured = async (trials: ReadonlyMap<string, readonly unknown[]>): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve)); // a slow write: the next trial must wait for it
    events.push(`saved ${[...trials.values()].map((list) => list.length).join('+')}`);
  };
  await runRounds(rows, noReference, { warmup: 1, iterations: 1 }, measure, { onMeasured });
  assert.deepEqual(events, ['run sequential', 'run pool/w2', 'run pool/w2', 'saved 1+2', 'run sequential', 'saved 2+2']);
});

test('an interruption before the reference runs starts nothing', async () => {
  const { measure, log } = fake(() => measurement(report(GOOD)));
  const { trials } = await runRounds([row(plan('pool/w2', 'pool'))], noReference, { warmup: 0, iterations: 2 }, measure, { interrupted: () => true });
  assert.deepEqual(log, []);
  assert.deepEqual(trials.get('pool/w2'), []);
});

test('a trial that timed out, reported an error or exited without a report has a problem', async () => {
  const answers: Record<string, ProcessMeasurement<TrialReport>> = {
    sequential: measurement(report(GOOD)),
    slow: measurement(undefined, { timedOut: true, exitCode: null, signal: 'SIGKILL' }),
    broken: measurement(report([], 'error'), { exitCode: 1 }),
    crashed: measurement(undefined, { exitCode: 134, stderrTail: 'line 1\nFATAL ERROR: out of memory' }),
  };
  const { measure } = fake((command) => answers[command] as ProcessMeasurement<TrialReport>);
  const rows = ['sequential', 'slow', 'broken', 'crashed'].map((key) => row(plan(key, key === 'sequential' ? 'sequential' : 'pool')));
  const { trials } = await runRounds(rows, noReference, { warmup: 0, iterations: 2 }, measure);
  const problem = (key: string): string | null | undefined => trials.get(key)?.[0]?.problem;
  assert.equal(problem('sequential'), null);
  assert.match(problem('slow') ?? '', /timed out/);
  assert.equal(problem('broken'), 'the pool failed to start');
  assert.match(problem('crashed') ?? '', /code 134 without a report: line 1 FATAL ERROR: out of memory/);
  assert.equal(trials.get('slow')?.length, 1, 'not run again');
});

test('once interrupted, no further trial starts', async () => {
  let interrupted = false;
  const { measure, log } = fake((_command, call) => {
    if (call === 2) interrupted = true;
    return measurement(report(GOOD));
  });
  const rows = [plan('sequential', 'sequential'), plan('pool/w2', 'pool'), plan('promise/c4', 'promise')].map(row);
  const { trials } = await runRounds(rows, noReference, { warmup: 0, iterations: 5 }, measure, { interrupted: () => interrupted });
  assert.equal(log.length, 2);
  assert.equal(trials.get('sequential')?.length, 1);
  assert.equal(trials.get('pool/w2')?.length, 0, 'the trial that ran into the interruption is not recorded');
});

test('a ceiling row is measured as its copies at once: each copy checked against its share of the reference, copies never the reference', async () => {
  const calls: { command: string; copies: number }[] = [];
  // The sequential reference has four items; copy 1 runs items 0-1, copy 2 items 2-3.
  const sequential = ['a', 'b', 'c', 'd'];
  const outputs: Record<string, string[]> = { 'independent/w2 copy1': ['a', 'b'], 'independent/w2 copy2': ['c', 'x'] };
  const measure: MeasureTrial = async (command, _settings, copies) => {
    calls.push({ command: command.join(' '), copies: copies?.length ?? 0 });
    if (copies === undefined) return measurement(report(sequential));
    // The second copy's last output differs from the reference's item 3: the trial fails, naming that copy and item.
    const each = copies.map((copy) => measurement(report(outputs[copy.join(' ')] ?? [])));
    return { realSeconds: 1, userSeconds: 2, sysSeconds: 0, timeMethod: 'linux-proc-cutime', peakRssBytes: 0, timeline: [], harnessCpuSeconds: 0, instruments: {}, copies: each };
  };
  const ceiling: ScheduledRow = {
    plan: { ...plan('independent/w2', 'independent'), workers: 2 },
    command: ['independent/w2 copy1'],
    copies: [
      { command: ['independent/w2 copy1'], share: { firstItem: 0, items: 2 } },
      { command: ['independent/w2 copy2'], share: { firstItem: 2, items: 2 } },
    ],
  };
  const { trials } = await runRounds([row(plan('sequential', 'sequential')), ceiling], noReference, { warmup: 0, iterations: 2 }, measure);
  assert.deepEqual(calls[0], { command: 'sequential', copies: 0 }, 'the sequential row runs first and gives the reference');
  assert.deepEqual(calls[1], { command: 'independent/w2 copy1', copies: 2 });
  const ceilingTrials = trials.get('independent/w2') ?? [];
  assert.equal(ceilingTrials.length, 1, 'a failed ceiling row runs no more trials');
  assert.match(ceilingTrials[0]?.problem ?? '', /^copy 2 of 2: output of item 3 differs/);
  assert.deepEqual(ceilingTrials[0]?.copies?.map((c) => [c.verified, c.firstItem, c.shareItems]), [[true, 0, 2], [false, 2, 2]]);
  assert.equal(ceilingTrials[0]?.items, 4, "items summed over the copies: the sequential row's");
});

test('a main-thread trial that died without a report is rerun once, unmeasured and traced, to name its item; pools and timeouts are not', async () => {
  const killed = measurement(undefined, { exitCode: null, signal: 'SIGKILL' });
  const answers: Record<string, ProcessMeasurement<TrialReport>> = {
    sequential: measurement(report(GOOD)),
    'pool/w2': killed,
    'promise/c1': killed,
    'promise/slow': measurement(undefined, { timedOut: true, exitCode: null, signal: 'SIGKILL' }),
  };
  const log: string[] = [];
  const measure: MeasureTrial = async (command) => {
    const at = command.indexOf('--diagnose');
    log.push(at < 0 ? command.join(' ') : `${command.slice(0, at).join(' ')} --diagnose`);
    // The rerun dies as the trial did; its trace names place 1 of the batch that starts at item 4.
    if (at >= 0) await writeFile(command[at + 1] ?? '', `${JSON.stringify([{ task: 't.js#t', firstItem: 4, size: 2, onStack: 1 }])}\n`);
    return answers[command[0] ?? ''] as ProcessMeasurement<TrialReport>;
  };
  const mainThread = (key: string): RowPlan => ({ ...plan(key, 'promise'), usesWorkers: false });
  const rows = [plan('sequential', 'sequential'), { ...plan('pool/w2', 'pool'), usesWorkers: true }, mainThread('promise/c1'), mainThread('promise/slow')].map(row);
  const { trials } = await runRounds(rows, noReference, { warmup: 0, iterations: 2 }, measure);
  assert.deepEqual(log, ['sequential', 'pool/w2', 'promise/c1', 'promise/c1 --diagnose', 'promise/slow', 'sequential']);
  assert.equal(trials.get('promise/c1')?.length, 1, 'the rerun is not a trial');
  assert.equal(trials.get('promise/c1')?.[0]?.problem, 'trial exited with SIGKILL without a report at item 5 (task t.js#t; found by an unmeasured diagnostic rerun)');
  assert.equal(trials.get('pool/w2')?.[0]?.problem, 'trial exited with SIGKILL without a report', 'a pool is not rerun: no task runs on its main thread');
  assert.equal(trials.get('promise/slow')?.[0]?.problem, 'trial timed out (see --trial-timeout)', 'a timeout is not rerun');
});
