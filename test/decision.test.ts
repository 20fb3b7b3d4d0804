import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, decide } from '../harness/analysis/decision.js';
import { decisionTable } from '../harness/report/tables.js';
import { completedRow, failedRow, fourApproaches, scenarioResult } from './fixtures/results.js';

test('classify: CPU/real of 0.7 and above is CPU-bound, 0.3 and below I/O-bound, between mixed', () => {
  assert.equal(classify(1.6), 'CPU-bound');
  assert.equal(classify(0.7), 'CPU-bound');
  assert.equal(classify(0.5), 'mixed');
  assert.equal(classify(0.3), 'I/O-bound');
  assert.equal(classify(0.02), 'I/O-bound');
});

test('CPU-bound work won by a pool: the winner, its margin over the next strategy, and the advice', () => {
  const d = decide(scenarioResult(fourApproaches()));
  assert.equal(d.boundness, 'CPU-bound');
  assert.equal(d.cpuPerReal, 0.95);
  assert.equal(d.winner?.label, 'worker-threads x2');
  assert.ok(Math.abs((d.winner?.speedup?.value ?? 0) - 2 / 1.1) < 1e-12);
  assert.equal(d.margin?.over, 'child-process x2');
  assert.ok(Math.abs((d.margin?.fraction ?? 0) - (1.25 / 1.1 - 1)) < 1e-12);
  assert.equal(d.recommendation, 'Use worker-threads x2: the fastest on this CPU-bound work (--explain reads why: where the CPU went).');
  assert.deepEqual([...(decisionTable([scenarioResult(fourApproaches())]).rows[0]?.cells ?? [])], [
    'cpu (10 items)',
    'CPU-bound',
    '0.95',
    'worker-threads x2',
    '1.82 ± 0.00 times faster',
    '14% faster than child-process x2',
    'Use worker-threads x2: the fastest on this CPU-bound work (--explain reads why: where the CPU went).',
  ]);
});

test('I/O-bound work won by promise', () => {
  const d = decide(
    scenarioResult([
      completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [4], cpuPerWork: 0.05 }),
      completedRow({ strategy: 'promise', label: 'promise c16', key: 'promise/c16', concurrency: 16, reals: [0.5] }),
      completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals: [2.1] }),
    ]),
  );
  assert.equal(d.boundness, 'I/O-bound');
  assert.equal(d.winner?.label, 'promise c16');
  assert.equal(d.recommendation, 'Use promise c16: the work waits rather than computes.');
});

test('nothing beats sequential: stay sequential', () => {
  const d = decide(
    scenarioResult([
      completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [1] }),
      completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals: [1.3] }),
    ]),
  );
  assert.match(d.recommendation, /^Stay sequential: no strategy was faster by more than its spread \(best: worker-threads x2\)\.$/);
  assert.equal(d.margin, null, 'no second strategy to compare the winner with');
});

test('the decision matrix reads the largest size of a swept scenario', () => {
  const table = decisionTable([scenarioResult(fourApproaches(), 10), scenarioResult(fourApproaches(2), 20)]);
  assert.equal(table.rows.length, 1);
  assert.equal(table.rows[0]?.cells[0], 'cpu (20 items)');
});

test('an in-process strategy with an unfamiliar name is not advised as a pool: the advice comes from measurements, not names', () => {
  const inProcess = { ...completedRow({ strategy: 'my-async', label: 'my-async c8', key: 'my-async/c8', concurrency: 8, reals: [0.5] }), usesWorkers: false, usesConcurrency: true };
  const d = decide(
    scenarioResult([completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [4], cpuPerWork: 0.05 }), inProcess]),
  );
  // Without measured threads the advice says only what was measured (the work waited), never a pool's reasons.
  assert.equal(d.recommendation, 'Use my-async c8: the work waits rather than computes.');
  assert.doesNotMatch(d.recommendation, /threads or processes/);
});

test('every row failed, sequential included: no recommendation, and never "stay sequential"', () => {
  const d = decide(
    scenarioResult([
      failedRow('sequential', 'sequential', 'sequential', 'item 0 failed: boom'),
      failedRow('worker-threads', 'worker-threads x2', 'worker-threads/w2', 'item 0 failed: boom'),
    ]),
  );
  assert.equal(d.winner, null);
  assert.equal(d.recommendation, "No recommendation: no strategy completed, sequential included; see each row's failure.");
});

test('only sequential completed: stay sequential, since no other strategy completed', () => {
  const d = decide(
    scenarioResult([
      completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [1] }),
      failedRow('worker-threads', 'worker-threads x2', 'worker-threads/w2', 'item 0 failed: boom'),
    ]),
  );
  assert.equal(d.recommendation, 'Stay sequential: no other strategy completed.');
});
