import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StrategyDefinition } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';
import { ROW_KINDS } from '../harness/run/row-kinds/registry.js';
import { planRows, roundOrder } from '../harness/run/rows.js';

function definitions(names: readonly string[]): Map<string, StrategyDefinition> {
  return new Map(
    names.map((name) => {
      const definition = strategies[name];
      assert.ok(definition !== undefined, name);
      return [name, definition];
    }),
  );
}

/** A sweep of nothing but strategies and sizes: one chunk size, one sampling period, no flags. */
const PLAIN = { chunkSizes: [1], sampleIntervalsMs: [100], paramSweeps: {} } as const;

test('chunk sizes multiply pool rows only; sampling periods and swept flags multiply every row', () => {
  const plans = planRows(definitions(['sequential', 'worker-threads']), {
    workers: [2],
    concurrency: [1],
    perWorker: 1,
    chunkSizes: [1, 100],
    sampleIntervalsMs: [0, 100],
    paramSweeps: { 'payload-bytes': ['1024', '2048'] },
  });
  assert.equal(plans.filter((p) => p.strategy === 'sequential').length, 4, 'sequential: 2 sampling periods x 2 payloads');
  assert.equal(plans.filter((p) => p.strategy === 'worker-threads').length, 8, 'pool: 2 chunk sizes x 2 x 2');
  const one = plans.find((p) => p.key === 'worker-threads/w2/k100/s0/payload-bytes=2048');
  assert.ok(one !== undefined, plans.map((p) => p.key).join(' '));
  assert.equal(one.label, 'worker-threads x2 k100 sampling off payload-bytes=2048');
  assert.equal(one.chunkSize, 100);
  assert.equal(one.sampleIntervalMs, 0);
  assert.deepEqual(one.params, { 'payload-bytes': '2048' });
  assert.equal(new Set(plans.map((p) => p.key)).size, plans.length, 'keys are unique');
});

test('planRows puts sequential first and expands pools per workers and promise per concurrency', () => {
  const plans = planRows(definitions(['worker-threads', 'promise', 'sequential', 'child-process', 'cluster']), {
    workers: [1, 4],
    concurrency: [2, 8],
    perWorker: 3,
    ...PLAIN,
  });
  assert.deepEqual(
    plans.map((p) => p.key),
    ['sequential', 'worker-threads/w1', 'worker-threads/w4', 'promise/c2', 'promise/c8', 'child-process/w1', 'child-process/w4', 'cluster/w1', 'cluster/w4'],
  );
  const plain = { chunkSize: 1, sampleIntervalMs: 100, params: {} };
  const inProcess = { usesWorkers: false, usesConcurrency: false };
  assert.deepEqual(plans[0], { key: 'sequential', label: 'sequential', strategy: 'sequential', workers: 1, concurrency: 1, parallelism: 1, ...plain, ...inProcess });
  assert.deepEqual(plans[2], { key: 'worker-threads/w4', label: 'worker-threads x4', strategy: 'worker-threads', workers: 4, concurrency: 3, parallelism: 4, ...plain, ...inProcess, usesWorkers: true });
  assert.deepEqual(plans[4], { key: 'promise/c8', label: 'promise c8', strategy: 'promise', workers: 1, concurrency: 8, parallelism: 8, ...plain, ...inProcess, usesConcurrency: true });
  for (const plan of plans.filter((p) => ['worker-threads', 'child-process', 'cluster'].includes(p.strategy))) {
    assert.equal(plan.concurrency, 3, `${plan.key}: tasks in flight per worker come from perWorker`);
  }
  assert.equal(new Set(plans.map((p) => p.key)).size, plans.length, 'keys are unique');
});

test('planRows gives one row to a strategy with neither workers nor concurrency, and works without sequential', () => {
  const plans = planRows(definitions(['promise', 'child-process']), { workers: [2], concurrency: [1], perWorker: 1, ...PLAIN });
  assert.deepEqual(plans.map((p) => p.key), ['promise/c1', 'child-process/w2']);
  assert.deepEqual(planRows(definitions(['sequential']), { workers: [1, 2, 3], concurrency: [1, 2], perWorker: 1, ...PLAIN }).length, 1);
});

test('roundOrder rotates the rows by one each round', () => {
  const rows = ['a', 'b', 'c'];
  assert.deepEqual(roundOrder(rows, 0), ['a', 'b', 'c']);
  assert.deepEqual(roundOrder(rows, 1), ['b', 'c', 'a']);
  assert.deepEqual(roundOrder(rows, 2), ['c', 'a', 'b']);
  assert.deepEqual(roundOrder(rows, 3), ['a', 'b', 'c']);
  assert.deepEqual(roundOrder(rows, 7), ['b', 'c', 'a']);
  assert.deepEqual(rows, ['a', 'b', 'c'], 'the input is not changed');
  assert.deepEqual(roundOrder([], 5), []);
  // Over as many rounds as rows, every row runs first exactly once.
  const firsts = [0, 1, 2].map((round) => roundOrder(rows, round)[0]);
  assert.deepEqual([...firsts].sort(), rows);
});

test('the independent ceiling row follows sequential, once per --workers value, with no chunk sizes', () => {
  const plans = planRows(definitions(['worker-threads', 'sequential']), { workers: [1, 2], concurrency: [2], perWorker: 2, chunkSizes: [1, 10], sampleIntervalsMs: [100], paramSweeps: {} }, ROW_KINDS);
  assert.deepEqual(
    plans.map((p) => p.key),
    ['sequential', 'independent/w1', 'independent/w2', 'worker-threads/w1/k1', 'worker-threads/w1/k10', 'worker-threads/w2/k1', 'worker-threads/w2/k10'],
  );
  const ceiling = plans.find((p) => p.key === 'independent/w2');
  assert.deepEqual(ceiling, { key: 'independent/w2', label: 'independent x2', strategy: 'independent', workers: 2, concurrency: 1, parallelism: 2, chunkSize: 1, sampleIntervalMs: 100, params: {}, usesWorkers: true, usesConcurrency: false });
  assert.equal(planRows(definitions(['sequential']), { workers: [2], concurrency: [1], perWorker: 1, ...PLAIN }).length, 1, 'no ceiling unless asked');
});

test('--uv-threadpool values make one row per value and record the size on the row', () => {
  const plans = planRows(definitions(['sequential', 'promise']), { workers: [2], concurrency: [2], perWorker: 1, ...PLAIN, uvThreadpoolSizes: [1, 4] });
  assert.deepEqual(plans.map((p) => p.key), ['sequential/uv1', 'sequential/uv4', 'promise/c2/uv1', 'promise/c2/uv4']);
  assert.deepEqual(plans.map((p) => p.uvThreadpoolSize), [1, 4, 1, 4]);
  assert.equal(plans[3]?.label, 'promise c2 uv4');
  const single = planRows(definitions(['promise']), { workers: [2], concurrency: [2], perWorker: 1, ...PLAIN, uvThreadpoolSizes: [3] });
  assert.deepEqual(single.map((p) => [p.key, p.uvThreadpoolSize]), [['promise/c2', 3]], 'one value: plain names, the size still set');
  const unset = planRows(definitions(['promise']), { workers: [2], concurrency: [2], perWorker: 1, ...PLAIN });
  assert.equal('uvThreadpoolSize' in (unset[0] ?? {}), false, 'left alone without the flag');
});
