import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskRef } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';

const square: TaskRef = { module: new URL('./fixtures/tasks.js', import.meta.url).href, export: 'square' };

/** Long enough for any executor to answer at once; only there to turn a hang into a failure. */
const HANG_MS = 2_000;

// The pools are deliberately not shut down a second time here: should a map after shutdown
// leave a job queued, a second shutdown would wait for it forever.
for (const name of Object.keys(strategies)) {
  test(`${name}: a map after shutdown settles (resolves or rejects) instead of hanging`, async () => {
    const definition = strategies[name];
    assert.ok(definition !== undefined);
    const executor = definition.create({ workers: 2, concurrency: 2 });
    await executor.start();
    assert.deepEqual(await executor.map(square, [1, 2]), [1, 4]);
    await executor.shutdown();

    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(resolve, HANG_MS, 'hung')));
    const settled = executor.map(square, [3]).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const outcome = await Promise.race([settled, hung]);
    clearTimeout(timer);
    assert.notEqual(outcome, 'hung', `${name}: map after shutdown neither resolved nor rejected`);
    if (typeof outcome === 'object' && 'error' in outcome) {
      assert.ok(outcome.error instanceof Error);
      assert.match(outcome.error.message, new RegExp(name), 'the error names the strategy');
    } else if (typeof outcome === 'object') {
      assert.deepEqual(outcome.value, [9]);
    }
  });
}
