// Pool workers run the task under the same conditions as the sequential run: the same V8 heap, and no library the task does not use.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import type { TaskRef } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';

const task: TaskRef = { module: new URL('./fixtures/tasks.js', import.meta.url).href, export: 'heapLimitBytes' };

for (const name of ['worker-threads', 'child-process', 'cluster']) {
  test(`${name} workers get the main thread's heap limit, young generation included`, async () => {
    const definition = strategies[name];
    assert.ok(definition !== undefined);
    const executor = definition.create({ workers: 2, concurrency: 1 });
    await executor.start();
    try {
      const limits = await executor.map<null, number>(task, [null, null]);
      assert.deepEqual(limits, [getHeapStatistics().heap_size_limit, getHeapStatistics().heap_size_limit]);
    } finally {
      await executor.shutdown();
    }
  });
}

/** The CommonJS modules a fresh Node process holds after importing `module` (ESM imports of packages land there too). */
function loadedAfterImporting(module: string): string[] {
  const script = `await import(${JSON.stringify(module)}); const { createRequire } = await import('node:module'); console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as string[];
}

test("the pure-JavaScript thumbnail task loads no sharp (a pool worker imports it inside the work window)", () => {
  const sharpLoaded = (modules: readonly string[]): boolean => modules.some((m) => m.includes('/node_modules/sharp/'));
  assert.ok(sharpLoaded(loadedAfterImporting(new URL('../scenarios/tasks/thumbnail-sharp.js', import.meta.url).href)), 'the sharp task does load it: the check sees sharp');
  assert.ok(!sharpLoaded(loadedAfterImporting(new URL('../scenarios/tasks/thumbnail-js.js', import.meta.url).href)));
});
