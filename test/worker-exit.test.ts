import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isRunning } from './fixtures/processes.js';
import type { Executor, TaskRef } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';
import type { Identity } from './fixtures/tasks.js';

const tasks = new URL('./fixtures/tasks.js', import.meta.url).href;
const task = (name: string): TaskRef => ({ module: tasks, export: name });
const key = (who: Identity): string => `${who.pid}/${who.threadId}`;

/** The workers that answer a few maps: asks until two distinct ones have answered (bounded). */
async function workersOf(executor: Executor): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let attempt = 0; attempt < 40 && seen.size < 2; attempt += 1) {
    for (const who of await executor.map<number, Identity>(task('identity'), [15, 15, 15, 15])) seen.add(key(who));
  }
  return seen;
}


for (const name of ['worker-threads', 'child-process', 'cluster'] as const) {
  describe(`${name}: a worker that exits mid-task`, () => {
    test('fails only the item it held, names the strategy and the exit code, and is replaced', async () => {
      const definition = strategies[name];
      assert.ok(definition !== undefined);
      // One task in flight per worker, so the exiting worker holds exactly item 3.
      const executor = definition.create({ workers: 2, concurrency: 1 });
      await executor.start();
      try {
        const before = await workersOf(executor);
        assert.equal(before.size, 2, 'both workers answer before the exit');

        const outcomes = await executor.mapSettled<number, number>(task('exitOnThree'), [1, 2, 3, 4, 5, 6]);
        assert.equal(outcomes.length, 6);
        outcomes.forEach((outcome, index) => {
          const input = index + 1;
          if (input === 3) return;
          assert.deepEqual(outcome, { ok: true, value: input }, `item ${index} (input ${input})`);
        });
        const failed = outcomes[2];
        assert.ok(failed !== undefined && !failed.ok, 'input 3 must fail');
        assert.equal(failed.error.code, 'WORKER_EXIT');
        assert.match(failed.error.message, new RegExp(`^${name}\\b`));
        assert.match(failed.error.message, /exited with code 7/);

        if (name !== 'worker-threads') {
          const pid = Number(/pid (\d+)/.exec(failed.error.message)?.[1]);
          assert.ok(Number.isInteger(pid) && pid > 0, `the message names the dead worker's pid: ${failed.error.message}`);
          assert.equal(isRunning(pid), false, `worker process ${pid} exited`);
        }

        // A later map on the same pool still works, and runs on two workers: the dead one was replaced.
        assert.deepEqual(await executor.map(task('square'), [1, 2, 3, 4, 5, 6]), [1, 4, 9, 16, 25, 36]);
        const afterwards = await workersOf(executor);
        assert.equal(afterwards.size, 2, 'two workers answer after the exit');
        assert.ok([...afterwards].some((who) => !before.has(who)), 'a new worker replaced the one that exited');
      } finally {
        await executor.shutdown();
      }
    });
  });
}

for (const name of ['worker-threads', 'child-process', 'cluster', 'piscina', 'tinypool'] as const) {
  test(`${name}: a worker that exits between two short tasks sent together fails only the exiting item, which runs once`, async () => {
    const definition = strategies[name];
    assert.ok(definition !== undefined);
    const executor = definition.create({ workers: 2, concurrency: 1 });
    await executor.start([task('exitOnFiveMarked')]);
    const dir = await mkdtemp(join(tmpdir(), 'parabench-exit-'));
    const marker = join(dir, 'ran-item-5');
    try {
      // Tiny tasks first, so the pool knows them short and sends them ahead, several to a message.
      await executor.map(task('square'), Array.from({ length: 40 }, (_, i) => i));
      const inputs = Array.from({ length: 8 }, (_, input) => ({ input, marker }));
      const outcomes = await executor.mapSettled<{ input: number }, number>(task('exitOnFiveMarked'), inputs);
      const failed = outcomes.flatMap((outcome, item) => (outcome.ok ? [] : [item]));
      assert.deepEqual(failed, [5], `only item 5 fails: ${JSON.stringify(outcomes)}`);
      outcomes.forEach((outcome, item) => {
        if (item !== 5) assert.deepEqual(outcome, { ok: true, value: item });
      });
      const runs = (await readFile(marker, 'utf8')).trim().split('\n');
      assert.equal(runs.length, 1, `item 5 ran once, not again on another worker (workers that ran it: ${runs.join(', ')})`);
    } finally {
      await executor.shutdown();
      await rm(dir, { recursive: true, force: true });
    }
  });
}

// The reference pools: piscina settles a dead worker's task itself; tinypool never would (its
// batch hung until the trial timeout), so the adapter turns the thread's exit into the error.
for (const name of ['piscina', 'tinypool'] as const) {
  test(`${name}: a worker that calls process.exit fails only its item, with the exit code, and the pool goes on`, async () => {
    const definition = strategies[name];
    assert.ok(definition !== undefined);
    const executor = definition.create({ workers: 2, concurrency: 1 });
    await executor.start();
    try {
      const outcomes = await executor.mapSettled<number, number>(task('exitOnThree'), [1, 2, 3, 4, 5, 6]);
      outcomes.forEach((outcome, index) => {
        if (index !== 2) assert.deepEqual(outcome, { ok: true, value: index + 1 }, `item ${index}`);
      });
      const failed = outcomes[2];
      assert.ok(failed !== undefined && !failed.ok, 'input 3 must fail');
      assert.match(failed.error.message, new RegExp(`^${name}: worker exited with code:? 7$`));
      assert.deepEqual(await executor.map(task('square'), [1, 2, 3, 4]), [1, 4, 9, 16], 'the pool still runs tasks');
    } finally {
      await executor.shutdown();
    }
  });
}

test('tinypool: a thread that replaced one lost to an uncaught exception is watched too: its process.exit fails its item', { timeout: 30_000 }, async () => {
  const definition = strategies['tinypool'];
  assert.ok(definition !== undefined);
  const faulty: TaskRef = { module: new URL('../scenarios/tasks/faulty.js', import.meta.url).href, export: 'faulty' };
  const executor = definition.create({ workers: 1, concurrency: 1 });
  await executor.start();
  try {
    const [uncaught] = await executor.mapSettled(faulty, [{ index: 0, fault: 'uncaught' }]);
    assert.match(uncaught?.ok === false ? uncaught.error.message : '', /uncaught exception after item 0/);
    const [exited, next] = await executor.mapSettled(faulty, [{ index: 1, fault: 'exit' }, { index: 2, fault: 'none' }]);
    assert.equal(exited?.ok === false ? exited.error.message : '', 'tinypool: worker exited with code 3');
    assert.deepEqual(next, { ok: true, value: 4 });
  } finally {
    await executor.shutdown();
  }
});

for (const name of ['worker-threads', 'child-process', 'cluster'] as const) {
  test(`${name}: a worker that exits while importing a preloaded task's module fails start(), naming the module and the exit code`, async () => {
    const definition = strategies[name];
    assert.ok(definition !== undefined);
    const executor = definition.create({ workers: 2, concurrency: 1 });
    const exits: TaskRef = { module: new URL('./fixtures/exits-on-import.js', import.meta.url).href, export: 'neverRuns' };
    try {
      await assert.rejects(executor.start([exits]), /exited with code 3 while importing .*exits-on-import\.js#neverRuns as the pool started/);
    } finally {
      await executor.shutdown();
    }
  });
}
