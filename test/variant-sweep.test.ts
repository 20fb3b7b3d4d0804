/** `--variant` as a sweep: one row per variant x pool size, each running its own arrangement. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { selectRows } from '../harness/run/bench.js';
import { planRows } from '../harness/run/rows.js';
import type { RunResults } from '../harness/results/records.js';
import { validateResults } from '../harness/results/schema.js';
import { strategies } from '../strategies/registry.js';
import { runCli } from './fixtures/cli.js';

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-variant-sweep-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const definitions = new Map(['sequential', 'child-process'].map((name) => [name, strategies[name] as NonNullable<(typeof strategies)[string]>]));
const sweep = { workers: [1, 3], concurrency: [1], perWorker: 1, chunkSizes: [1], sampleIntervalsMs: [250], paramSweeps: { variant: ['serial', 'persistent-pool'] } };

test('a variant list makes one row per variant for every strategy and pool size', () => {
  const plans = planRows(definitions, sweep);
  assert.deepEqual(
    plans.map((p) => p.key),
    [
      'sequential/variant=serial',
      'sequential/variant=persistent-pool',
      'child-process/w1/variant=serial',
      'child-process/w1/variant=persistent-pool',
      'child-process/w3/variant=serial',
      'child-process/w3/variant=persistent-pool',
    ],
  );
  const row = plans.find((p) => p.key === 'child-process/w3/variant=persistent-pool');
  assert.deepEqual(row?.params, { variant: 'persistent-pool' });
  assert.equal(row?.label, 'child-process x3 variant=persistent-pool');
});

test('selectRows keeps the named rows in plan order and names any row the sweep lacks', () => {
  const plans = planRows(definitions, sweep);
  const kept = selectRows(plans, ['child-process/w3/variant=persistent-pool', 'sequential/variant=serial']);
  assert.deepEqual(kept.map((p) => p.key), ['sequential/variant=serial', 'child-process/w3/variant=persistent-pool']);
  assert.equal(selectRows(plans, undefined).length, plans.length);
  assert.throws(() => selectRows(plans, ['child-process/w2/variant=serial']), /rows child-process\/w2\/variant=serial are not in the sweep \(it has sequential\/variant=serial, /);
});

test('bench --scenario api --variant a,b,c runs each arrangement in its own rows, all verified', async () => {
  const run = await runCli([
    'bench', '--scenario', 'api', '--variant', 'serial,per-batch-pool,persistent-pool', '--cpu-model', 'sleep', '--time-scale', '0.004',
    '--strategy', 'worker-threads', '--workers', '2', '--iterations', '1', '--warmup', '0', '--sample-interval', '0',
    '--format', 'json', '--out', tmp, '--name', 'sweep',
  ], { cwd: tmp, timeoutMs: 120_000 });
  assert.equal(run.code, 0, run.stderr);
  const results = JSON.parse(await readFile(join(tmp, 'sweep.json'), 'utf8')) as RunResults;
  assert.deepEqual(validateResults(results), []);
  const rows = results.scenarios[0]?.rows ?? [];
  assert.deepEqual(rows.map((r) => r.key), ['worker-threads/w2/variant=serial', 'worker-threads/w2/variant=per-batch-pool', 'worker-threads/w2/variant=persistent-pool']);
  const counters = (key: string) => rows.find((r) => r.key === key)?.trials.find((t) => !t.warmup)?.counters ?? {};
  for (const row of rows) {
    // No sequential row: the variants share one sequential reference, since a variant arranges the work without changing it.
    assert.equal(row.state, 'completed', row.label);
    assert.equal(row.trials.find((t) => !t.warmup)?.verified, true, row.label);
  }
  assert.equal(counters('worker-threads/w2/variant=serial')['poolsCreated'], 0);
  assert.equal(counters('worker-threads/w2/variant=per-batch-pool')['poolsCreated'], 3);
  assert.ok((counters('worker-threads/w2/variant=per-batch-pool')['poolStartupSeconds'] ?? 0) > 0, 'each per-batch pool start-up is timed');
  assert.ok((counters('worker-threads/w2/variant=per-batch-pool')['poolShutdownSeconds'] ?? 0) > 0, 'and its shutdown');
  assert.equal(counters('worker-threads/w2/variant=persistent-pool')['stopSignals'], 2);
  assert.equal(counters('worker-threads/w2/variant=serial')['stopSignals'], 0);
});
