import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../harness/results/records.js';
import { validateResults } from '../harness/results/schema.js';
import { VARIANTS } from '../scenarios/api/workflow.js';
import { runHere } from './fixtures/command-line.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-api-cli-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: tmp, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

for (const [flag, value, mentions] of [
  ['--variant', 'nope', /--variant nope: unknown variant; choose one of: best, serial, background-report, per-batch-pool/],
  ['--cpu-model', 'fast', /--cpu-model fast: choose spin/],
  ['--time-scale', '0', /--time-scale 0: must be a positive number/],
  ['--time-scale', 'abc', /--time-scale abc: must be a positive number/],
] as const) {
  test(`${flag} ${value} is a usage error (exit 2) for bench and trial`, async () => {
    for (const command of ['bench', 'trial']) {
      const run = await runHere([command, '--scenario', 'api', flag, value, ...(command === 'bench' ? ['--out', tmp] : [])], { cwd: tmp });
      assert.equal(run.code, 2, `${command}: ${run.stderr}`);
      assert.match(run.stderr, mentions);
    }
  });
}

test('bench --help documents the api flags and that --variant takes a list', async () => {
  const run = await runHere(['bench', '--help']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /--variant <value>\s+api: the arrangement \(a list makes one row per\s+value\)/);
  assert.match(run.stdout, /--cpu-model <value>/);
  assert.match(run.stdout, /--time-scale <value>/);
});

test('bench --scenario api --variant X works for every variant: verified rows, efficiency, events and timelines', async () => {
  const runs = await Promise.all(
    VARIANTS.map(async (variant) => {
      const name = `api-${variant}`;
      const run = await cli([
        'bench', '--scenario', 'api', '--variant', variant, '--cpu-model', 'sleep', '--time-scale', '0.002',
        '--strategy', 'sequential,worker-threads', '--workers', '2', '--iterations', '1', '--warmup', '0',
        '--sample-interval', '0', '--out', tmp, '--name', name, '--notes', 'all',
      ]);
      return { variant, name, run };
    }),
  );
  for (const { variant, name, run } of runs) {
    assert.equal(run.code, 0, `${variant}: ${run.stdout}\n${run.stderr}`);
    const results = JSON.parse(await readFile(join(tmp, `${name}.json`), 'utf8')) as RunResults;
    assert.deepEqual(validateResults(results), []);
    assert.equal(results.parameters['variant'], variant);
    const scenario = results.scenarios[0];
    assert.equal(scenario?.facts['variant'], variant);
    assert.equal(scenario?.items, 9);
    for (const row of scenario?.rows ?? []) {
      assert.equal(row.state, 'completed', `${variant} ${row.label}`);
      if (row.state !== 'completed') continue;
      assert.ok(row.summary.efficiency !== null && row.summary.efficiency.median > 0 && row.summary.efficiency.median <= 1.05, `${variant} ${row.label}`);
      const measured = row.trials.find((t) => !t.warmup);
      assert.equal(measured?.verified, true);
      assert.equal(measured?.events.filter((e) => e.stage === 'report').length, 9);
      assert.ok(row.command.includes('--variant') && row.command.includes(variant), 'the trial command repeats the variant');
    }
    assert.match(run.stdout, /Efficiency/);
    // Which row is best depends on the variant (serial gains nothing from a pool); both are drawn.
    assert.match(run.stdout, /Timeline of (sequential|worker-threads x2) \(best; work window /);
    assert.match(run.stdout, /Timeline of (sequential|worker-threads x2) \(worst; work window /);
    assert.match(run.stdout, /C collect, I import, R report, \. idle/);
    const markdown = await readFile(join(tmp, `${name}.md`), 'utf8');
    assert.match(markdown, /```text\n\nTimeline of /);
  }
});
