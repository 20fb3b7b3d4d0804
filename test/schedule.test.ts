/**
 * Every pool hands work to the first free worker, as the documents' pools do: given sleep tasks of
 * known, uneven lengths, a map takes the time of the greedy schedule computed from the inputs,
 * whatever their order. A pool that commits a task to a busy worker while another idles takes
 * longer on some order, so no pool passes this by luck.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TaskRef } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';

const task: TaskRef = { module: new URL('./fixtures/tasks.js', import.meta.url).href, export: 'identity' };

/** One unit of sleep (milliseconds): long enough that timer and message jitter stay small beside it. */
const UNIT_MS = 100;
/** Allowed above the greedy schedule: a share for a loaded machine's timers, plus a fixed slack. */
const OVER_SHARE = 0.08;
const OVER_MS = 40;

/** Lengths in units, in the order a map submits them. */
const ORDERS: Readonly<Record<string, readonly number[]>> = {
  'long first': [3, 1, 2],
  'long last': [1, 1, 2, 4],
  'one long among many short': [1, 1, 1, 1, 5, 1, 1, 1, 1],
};

/**
 * Cases where a reference pool measurably departs from the greedy schedule: reported as to-do, not
 * failed, since the pool is not ours. piscina 5 runs the 5-unit task behind a 1-unit one on a thread
 * that was busy while two others freed up (706 ms where greedy takes 600 ms, every run).
 */
const KNOWN_DEPARTURES = new Set(['piscina: one long among many short on 3 workers x 1']);

/** Every registered pool: ours and the reference ones. */
const POOLS = Object.values(strategies).filter((definition) => definition.usesWorkers);

/**
 * The greedy (list) schedule: items are taken in order, each by the runner that frees up first.
 * Returns when the last runner finishes, in the same units as the lengths.
 */
export function greedyMakespan(lengths: readonly number[], runners: number): number {
  const freeAt = Array.from({ length: runners }, () => 0);
  for (const length of lengths) {
    const earliest = freeAt.indexOf(Math.min(...freeAt));
    freeAt[earliest] = (freeAt[earliest] ?? 0) + length;
  }
  return Math.max(...freeAt);
}

test('the greedy schedule of the test inputs is what the documents describe', () => {
  // Document 002: three reports of 3, 6 and 9 s on two processes take 12 s; reversed, 9 s.
  assert.equal(greedyMakespan([3, 6, 9], 2), 12);
  assert.equal(greedyMakespan([9, 6, 3], 2), 9);
  assert.equal(greedyMakespan([3, 1, 2], 2), 3);
  assert.equal(greedyMakespan([3, 1, 2], 3), 3);
  assert.equal(greedyMakespan([1, 1, 2, 4], 2), 5);
});

for (const definition of POOLS) {
  describe(`${definition.name} hands each task to the first free worker`, () => {
    for (const [workers, perWorker] of [[2, 1], [3, 1], [2, 2]] as const) {
      const runners = workers * perWorker;
      for (const [order, lengths] of Object.entries(ORDERS)) {
        const known = KNOWN_DEPARTURES.has(`${definition.name}: ${order} on ${workers} workers x ${perWorker}`);
        const name = `${order} (${lengths.join(', ')} x ${UNIT_MS} ms) on ${workers} workers x ${perWorker}: the greedy schedule's time`;
        test(name, known ? { todo: `${definition.name} is known to depart from the greedy schedule here` } : {}, async () => {
          const executor = definition.create({ workers, concurrency: perWorker });
          await executor.start([task]);
          try {
            const startedMs = performance.now();
            await executor.map(task, lengths.map((units) => units * UNIT_MS));
            const tookMs = performance.now() - startedMs;
            const greedyMs = greedyMakespan(lengths, runners) * UNIT_MS;
            const limitMs = greedyMs * (1 + OVER_SHARE) + OVER_MS;
            assert.ok(
              tookMs <= limitMs,
              `${definition.name} took ${tookMs.toFixed(0)} ms where the first-free-worker schedule takes ${greedyMs} ms (allowed up to ${limitMs.toFixed(0)} ms): a task waited behind a busy worker`,
            );
            // No runner can finish the work in less than the longest task or its share of the total.
            const floorMs = Math.max(Math.max(...lengths), lengths.reduce((a, b) => a + b, 0) / runners) * UNIT_MS;
            assert.ok(tookMs >= floorMs * 0.97, `${definition.name} took ${tookMs.toFixed(0)} ms, less than the ${floorMs} ms the sleeps need: the tasks did not run as asked`);
          } finally {
            await executor.shutdown();
          }
        });
      }
    }
  });
}
