import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResults } from '../harness/results/records.js';
import { runCli } from './fixtures/cli.js';

test('every trial records the harness CPU it cost, and the report states the measuring cost', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-cost-'));
  try {
    const run = await runCli(
      ['bench', '--scenario', 'cpu', '--items', '3', '--strategy', 'sequential,child-process', '--workers', '2',
        '--sample-interval', '0,50', '--iterations', '1', '--warmup', '0', '--out', tmp, '--name', 'cost'],
      { cwd: tmp },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const results = JSON.parse(await readFile(join(tmp, 'cost.json'), 'utf8')) as RunResults;
    const rows = results.scenarios[0]?.rows ?? [];
    assert.deepEqual(rows.map((row) => row.label), ['sequential sampling off', 'sequential sampling 50ms', 'child-process x2 sampling off', 'child-process x2 sampling 50ms']);
    for (const row of rows) {
      for (const trial of row.trials) assert.ok(trial.harnessCpuSeconds > 0 && trial.harnessCpuSeconds < trial.realSeconds * 2, `${row.label}: ${trial.harnessCpuSeconds}`);
      assert.equal(row.trials[0]?.timeline.length === 0, row.sampleIntervalMs === 0, `${row.label}: sampled only when asked`);
    }
    assert.match(await readFile(join(tmp, 'cost.md'), 'utf8'), /Measuring cost: the harness itself .* used a median [\d.]+% of one core/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
