import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isRunning } from './fixtures/processes.js';
import { TaskError, toErrorInfo, type Executor, type TaskRef } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';
import type { Identity } from './fixtures/tasks.js';
import type { LoadedAt } from './fixtures/loaded-at.js';

const tasks = new URL('./fixtures/tasks.js', import.meta.url).href;
const task = (name: string): TaskRef => ({ module: tasks, export: name });

const BUILT_IN = ['sequential', 'promise', 'worker-threads', 'child-process', 'cluster'] as const;
/** Every registered strategy is tested, the five built-in ones and any added later. */
const STRATEGIES = Object.keys(strategies);
/** Pools whose workers are processes: each must be gone after shutdown. */
const PROCESS_POOLS = new Set<string>(['child-process', 'cluster']);
const INPUTS = Array.from({ length: 20 }, (_, i) => i);
/** How long the preload test waits between start() and its first items (milliseconds). */
const PRELOAD_GAP_MS = 300;


test('the registry holds the five built-in strategies, each under its own name', () => {
  for (const name of BUILT_IN) assert.ok(STRATEGIES.includes(name), name);
  for (const name of STRATEGIES) assert.equal(strategies[name]?.name, name);
});

let expected: number[] = [];

before(async () => {
  // The reference: what the sequential strategy makes of square over 0..19.
  const sequential = strategies['sequential'];
  assert.ok(sequential !== undefined);
  const executor = sequential.create({ workers: 2, concurrency: 2 });
  await executor.start();
  expected = await executor.map<number, number>(task('square'), INPUTS);
  await executor.shutdown();
  assert.deepEqual(expected, INPUTS.map((i) => i * i));
});

for (const name of STRATEGIES) {
  describe(`${name} executor`, () => {
    let executor: Executor;
    /** Worker pids seen while the pool ran, to check none outlives shutdown. */
    const pids = new Set<number>();

    before(async () => {
      const definition = strategies[name];
      assert.ok(definition !== undefined);
      executor = definition.create({ workers: 2, concurrency: 2 });
      assert.equal(executor.name, name);
      await executor.start();
    });

    after(async () => {
      await executor?.shutdown();
    });

    for (const chunkSize of [1, 3]) {
      test(`map of square over 0..19 with chunkSize ${chunkSize} equals sequential's, in order`, async () => {
        const outputs = await executor.map<number, number>(task('square'), INPUTS, { chunkSize });
        assert.deepEqual(outputs, expected);
      });
    }

    test('map rejects with a TaskError naming strategy, task and item', async () => {
      await assert.rejects(executor.map(task('failOdd'), [0, 2, 1, 4, 3]), (error: unknown) => {
        assert.ok(error instanceof TaskError, `expected a TaskError, got ${String(error)}`);
        assert.equal(error.strategy, name);
        assert.equal(error.item, 2);
        assert.deepEqual(error.task, task('failOdd'));
        assert.match(error.message, new RegExp(`^${name}: `));
        assert.match(error.message, /tasks\.js#failOdd/);
        assert.match(error.message, /item 2/);
        assert.match(error.message, /odd input 1/);
        return true;
      });
    });

    test('mapSettled returns one outcome per input, in order, never rejecting', async () => {
      for (const chunkSize of [1, 2]) {
        const outcomes = await executor.mapSettled<number, number>(task('failOdd'), [0, 1, 2, 3, 4, 5, 6], { chunkSize });
        assert.equal(outcomes.length, 7);
        outcomes.forEach((outcome, item) => {
          if (item % 2 === 0) {
            assert.deepEqual(outcome, { ok: true, value: item });
          } else {
            assert.equal(outcome.ok, false);
            if (!outcome.ok) {
              assert.equal(outcome.error.message, `odd input ${item}`);
              assert.equal(outcome.error.code, 'TASK_THREW');
            }
          }
        });
      }
      assert.deepEqual(await executor.mapSettled(task('square'), []), []);
    });

    test('submit runs one task on one input', async () => {
      assert.equal(await executor.submit<number, number>(task('square'), 7), 49);
      await assert.rejects(executor.submit(task('failOdd'), 5), (error: unknown) => {
        assert.ok(error instanceof TaskError);
        assert.equal(error.strategy, name);
        assert.match(error.message, /odd input 5/);
        return true;
      });
    });

    if (strategies[name]?.usesWorkers === true) {
      test('an output that is not structured-clonable fails its item with a clear message', async () => {
        const outcomes = await executor.mapSettled(task('returnFunction'), [1, 2]);
        assert.equal(outcomes.length, 2);
        for (const outcome of outcomes) {
          assert.equal(outcome.ok, false);
          if (!outcome.ok) assert.match(outcome.error.message, /structured-clonable/);
        }
        await assert.rejects(executor.map(task('returnFunction'), [1]), /structured-clonable/);
        // The pool is still usable afterwards.
        assert.deepEqual(await executor.map(task('square'), [3, 4]), [9, 16]);
      });
    }

    for (const concurrency of [1, 2]) {
      test(`start(preload) imports the tasks' modules before it resolves, in every worker (${concurrency} per worker); a module that fails to import fails only its items`, async () => {
        const definition = strategies[name];
        assert.ok(definition !== undefined);
        const fresh = definition.create({ workers: 2, concurrency });
        // A URL of its own per test, so no earlier import (this thread's, for in-process strategies) is reused.
        const loaded: TaskRef = { module: `${new URL('./fixtures/loaded-at.js', import.meta.url).href}?${name}-${concurrency}`, export: 'loadedAt' };
        const broken: TaskRef = { module: new URL('./fixtures/fails-on-import.js', import.meta.url).href, export: 'neverRuns' };
        await fresh.start([loaded, broken]);
        // Items start at least this long after start() resolved: a module imported by start() is at least
        // that old on their first call, one imported by an item a few milliseconds at most.
        await new Promise((resolve) => setTimeout(resolve, PRELOAD_GAP_MS));
        try {
          const outputs = await fresh.map<number, LoadedAt>(loaded, Array.from({ length: 8 }, () => 15));
          for (const output of outputs) assert.ok(output.sinceImportMs >= PRELOAD_GAP_MS * 0.9, `${output.worker} imported the module ${output.sinceImportMs.toFixed(1)} ms before its item: on the item itself`);
          if (definition.usesWorkers) assert.equal(new Set(outputs.map((o) => o.worker)).size, 2, 'both workers ran items, each with the module already imported');
          const [outcome] = await fresh.mapSettled(broken, [1]);
          assert.equal(outcome?.ok, false);
          if (outcome !== undefined && !outcome.ok) assert.match(outcome.error.message, /fails to import on purpose/);
        } finally {
          await fresh.shutdown();
        }
      });
    }

    if (PROCESS_POOLS.has(name)) {
      test('shutdown ends both worker processes', async () => {
        for (let attempt = 0; attempt < 20 && pids.size < 2; attempt += 1) {
          const seen = await executor.map<number, Identity>(task('identity'), [20, 20, 20, 20]);
          for (const who of seen) pids.add(who.pid);
        }
        assert.equal(pids.size, 2, `expected two worker processes, saw ${[...pids].join(', ')}`);
        assert.ok(!pids.has(process.pid), 'tasks ran in this process, not in a worker process');
        for (const pid of pids) assert.ok(isRunning(pid), `worker ${pid} should run before shutdown`);
        await executor.shutdown();
        for (const pid of pids) assert.equal(isRunning(pid), false, `worker process ${pid} is still there after shutdown`);
      });
    } else {
      test('shutdown leaves no worker process behind', async () => {
        const seen = await executor.map<number, Identity>(task('identity'), [5, 5, 5, 5]);
        for (const who of seen) if (who.pid !== process.pid) pids.add(who.pid);
        if ((BUILT_IN as readonly string[]).includes(name)) assert.equal(pids.size, 0, `${name} runs tasks in this process or its threads`);
        await executor.shutdown();
        for (const pid of pids) assert.equal(isRunning(pid), false, `worker process ${pid} is still there after shutdown`);
      });
    }
  });
}

test('a thrown object with a cycle is described by its contents, never "[object Object]"', () => {
  const thrown: { name: string; self?: unknown } = { name: 'bad input' };
  thrown.self = thrown;
  const info = toErrorInfo(thrown);
  assert.doesNotMatch(info.message, /\[object Object\]/);
  assert.match(info.message, /bad input/);
  assert.match(info.message, /Circular/);
  assert.equal(toErrorInfo({ reason: 'plain' }).message, '{"reason":"plain"}');
});
