import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasWorkersSweep, serialFractions } from '../harness/analysis/serial-fractions.js';
import { processorsFor } from '../harness/measure/context.js';
import { serialFractionTable } from '../harness/report/tables.js';
import { karpFlatt } from '../harness/statistics/karp-flatt.js';
import { completedRow, scenarioResult } from './fixtures/results.js';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);

test('Karp-Flatt on worked examples', () => {
  // S = 1.6 on p = 2: (1/1.6 - 1/2) / (1 - 1/2) = (0.625 - 0.5) / 0.5 = 0.25
  close(karpFlatt(1.6, 2), 0.25);
  // S = 3 on p = 4: (0.3333 - 0.25) / 0.75 = 0.1111
  close(karpFlatt(3, 4), 1 / 9);
  close(karpFlatt(4, 4), 0, );
  close(karpFlatt(1, 8), 1);
  assert.throws(() => karpFlatt(1.5, 1), /more than one processor/);
  assert.throws(() => karpFlatt(0, 2), /positive speedup/);
});

const sweep = scenarioResult([
  completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2], works: [1.6] }),
  completedRow({ strategy: 'worker-threads', label: 'worker-threads x1', key: 'worker-threads/w1', workers: 1, reals: [2.1], works: [1.6] }),
  completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals: [1.2], works: [1.0] }),
  completedRow({ strategy: 'worker-threads', label: 'worker-threads x4', key: 'worker-threads/w4', workers: 4, reals: [1.2], works: [1.0] }),
  completedRow({ strategy: 'promise', label: 'promise c4', key: 'promise/c4', concurrency: 4, reals: [1.9], works: [1.5] }),
]);

test('serialFractions: one line per pool row on two or more processors, p capped at the cores', () => {
  const fractions = serialFractions(sweep, 2);
  assert.deepEqual(fractions.map((f) => [f.label, f.processors, f.workers]), [
    ['worker-threads x2', 2, 2],
    ['worker-threads x4', 2, 4],
  ]);
  // work speedup 1.6 / 1.0 = 1.6 on p = 2 -> e = 0.25
  close(fractions[0]?.fraction as number, 0.25);
  close(fractions[0]?.speedup as number, 1.6);
  assert.equal(serialFractions(sweep, 4).find((f) => f.workers === 4)?.processors, 4);
});

test('hasWorkersSweep: true with two pool sizes of one strategy, false otherwise', () => {
  assert.equal(hasWorkersSweep(sweep), true);
  const single = scenarioResult([
    completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2] }),
    completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals: [1.2] }),
    completedRow({ strategy: 'child-process', label: 'child-process x4', key: 'child-process/w4', workers: 4, reals: [1.2] }),
  ]);
  assert.equal(hasWorkersSweep(single), false);
});

test('under a CPU quota p is the quota over what one process gets, and the table says so', () => {
  close(processorsFor(2, 2), 2);
  close(processorsFor(4, 2), 2);
  close(processorsFor(2, 1.5), 1.5);
  close(processorsFor(2, 0.5), 1); // the sequential run is held to half a CPU too
  close(processorsFor(1, 0.5), 1);
  const quota = 8 / 3;
  const fractions = serialFractions(sweep, quota);
  assert.deepEqual(fractions.map((f) => [f.label, f.workers]), [['worker-threads x2', 2], ['worker-threads x4', 4]]);
  close(fractions[1]?.processors as number, quota);
  const table = serialFractionTable(sweep, quota);
  assert.equal(table?.rows[1]?.cells[1], '2.67 (4 workers on a 2.67-CPU quota)');
  assert.equal(serialFractions(sweep, 0.5).length, 0, 'half a CPU: no pool has two processors');
});
