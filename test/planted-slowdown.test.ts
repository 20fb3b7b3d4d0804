/** `bench --plant-slowdown`: a regression of known size in the rows of the strategies named, and nowhere else. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { strategies } from '../strategies/registry.js';
import type { StrategyDefinition } from '../strategies/executor.js';
import { planRows } from '../harness/run/rows.js';
import { trialCommand } from '../harness/run/trial-command.js';
import { copyPlan } from '../harness/run/row-kinds/ceiling-copies.js';
import { PLANTED_SLOWDOWN_ENV, runBatch } from '../strategies/pool/worker/task-runner.js';
import { runHere } from './fixtures/command-line.js';

const SPIN = fileURLToPath(new URL('./fixtures/spin-task.js', import.meta.url));

test("only the named strategies' rows (and the independent row's copies) carry the slowdown to their trials", () => {
  const definitions = new Map(['sequential', 'worker-threads', 'child-process'].map((name) => [name, strategies[name] as StrategyDefinition]));
  const sweep = { workers: [2], concurrency: [2], perWorker: 1, chunkSizes: [1], sampleIntervalsMs: [250], paramSweeps: {} };
  const rows = planRows(definitions, sweep);
  const options = { items: 4, input: undefined, incremental: false, chunkSize: 1, cacheDir: '/tmp/c', rowKey: 'k', params: {} };
  const planted = [{ strategy: 'worker-threads', fraction: 0.1 }, { strategy: 'independent', fraction: 0.2 }];
  const flagOf = (command: readonly string[]): string | undefined => {
    const at = command.indexOf('--planted-slowdown');
    return at < 0 ? undefined : command[at + 1];
  };
  assert.deepEqual(
    rows.map((row) => [row.key, flagOf(trialCommand('cpu-js', row, options, { plantedSlowdown: planted }))]),
    [['sequential', undefined], ['worker-threads/w2', '0.1'], ['child-process/w2', undefined]],
  );
  const ceiling = { ...(rows[0] as (typeof rows)[number]), key: 'independent/w2', strategy: 'independent', workers: 2 };
  assert.equal(flagOf(trialCommand('cpu-js', copyPlan(ceiling, 1), options, { plantedSlowdown: planted })), '0.2', 'a copy of the ceiling row carries its slowdown');
  assert.equal(flagOf(trialCommand('cpu-js', rows[1] as (typeof rows)[number], options)), undefined, 'no plant, no flag');
});

test('a planted task computes for the planted share of its own time more, sync or async, and returns what it returned', async () => {
  // The task runner reads the variable when it imports a task: set it before the first import.
  process.env[PLANTED_SLOWDOWN_ENV] = '0.5';
  try {
    const time = async (name: string, ms: number): Promise<number> => {
      const start = performance.now();
      const outcomes = await runBatch({ module: SPIN, export: name }, [ms, ms]);
      assert.deepEqual(outcomes, [{ ok: true, value: ms }, { ok: true, value: ms }]);
      return performance.now() - start;
    };
    await time('spin', 1); // imports the module
    await time('nap', 1);
    // Two calls of 40 ms take 80 ms unplanted and 120 ms with half as much again; a ratio, with room for a busy host.
    const spun = await time('spin', 40);
    const napped = await time('nap', 40);
    assert.ok(spun > 80 * 1.35 && spun < 80 * 2.5, `two 40 ms computations took ${spun.toFixed(0)} ms with 50% planted`);
    assert.ok(napped > 80 * 1.35 && napped < 80 * 2.5, `two 40 ms waits took ${napped.toFixed(0)} ms with 50% planted`);
  } finally {
    delete process.env[PLANTED_SLOWDOWN_ENV];
  }
});

test('--plant-slowdown refuses what it cannot plant, exit 2, naming it', async () => {
  const cases: [string, RegExp][] = [
    ['nobody=10%', /--plant-slowdown names nobody, which is not among this run's strategies/],
    ['worker-threads=0%', /--plant-slowdown takes STRATEGY=PERCENT.*got "worker-threads=0%"/],
    ['worker-threads', /--plant-slowdown takes STRATEGY=PERCENT/],
    ['worker-threads=10%,worker-threads=5%', /names worker-threads twice/],
  ];
  for (const [value, message] of cases) {
    const run = await runHere(['bench', '--scenario', 'cpu-js', '--strategy', 'sequential,worker-threads', '--plant-slowdown', value]);
    assert.equal(run.code, 2, `${value}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});
