import { CLI, runCli } from './fixtures/cli.js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { leftovers } from './fixtures/processes.js';
import type { Row, RunResults } from '../harness/results/records.js';


const bench = (cwd: string, args: readonly string[]) => runCli(['bench', ...args], { cwd });



async function runFault(fault: string, extra: readonly string[] = []): Promise<{ code: number; stdout: string; rows: readonly Row[] }> {
  const tmp = await mkdtemp(join(tmpdir(), `parabench-fault-${fault}-`));
  try {
    const run = await bench(tmp, [
      '--scenario', 'faults', '--fault', fault, '--strategy', 'sequential,worker-threads,child-process', '--workers', '2',
      '--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--out', tmp, '--name', 'f', ...extra,
    ]);
    const results = JSON.parse(await readFile(join(tmp, 'f.json'), 'utf8')) as RunResults;
    return { ...run, rows: results.scenarios[0]?.rows ?? [] };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function itemFailures(row: Row | undefined): string[] {
  return (row?.trials ?? []).flatMap((t) => t.itemFailures.map((f) => `${f.item}: ${f.message}`));
}

test('a task that throws fails only its item, in every strategy; the rows complete', async () => {
  const { code, rows } = await runFault('throw');
  assert.equal(code, 0);
  for (const row of rows) {
    assert.equal(row.state, 'completed', row.label);
    assert.deepEqual(itemFailures(row), [`3: faults under ${row.strategy}: item 3 failed: injected fault: item 3 threw`]);
  }
  assert.deepEqual(await leftovers(), []);
});

test('a worker that exits mid-task fails that item only; in-process strategies fail their row with the reason', async () => {
  const { code, rows } = await runFault('exit');
  assert.equal(code, 1, 'a failed row makes the run exit 1');
  const byStrategy = new Map(rows.map((row) => [row.strategy, row]));
  const sequential = byStrategy.get('sequential');
  assert.equal(sequential?.state, 'failed');
  assert.match(sequential?.state === 'failed' ? sequential.failure : '', /trial exited with code 3/);
  for (const strategy of ['worker-threads', 'child-process']) {
    const row = byStrategy.get(strategy);
    assert.equal(row?.state, 'completed', strategy);
    const failures = itemFailures(row);
    assert.equal(failures.length, 1, failures.join('\n'));
    assert.match(failures[0] ?? '', new RegExp(`^3: faults under ${strategy}: item 3 failed: ${strategy} worker \\d+.* exited with code 3 while running task faulty\\.js#faulty`));
  }
  assert.deepEqual(await leftovers(), []);
});

test('--task-timeout ends a hanging task in a pool; --trial-timeout ends a hung in-process trial', async () => {
  const { rows } = await runFault('hang', ['--task-timeout', '1', '--trial-timeout', '6']);
  const byStrategy = new Map(rows.map((row) => [row.strategy, row]));
  const sequential = byStrategy.get('sequential');
  assert.equal(sequential?.state, 'failed');
  assert.match(sequential?.state === 'failed' ? sequential.failure : '', /trial timed out \(see --trial-timeout\)/);
  for (const strategy of ['worker-threads', 'child-process']) {
    const failures = itemFailures(byStrategy.get(strategy));
    assert.equal(failures.length, 1, failures.join('\n'));
    assert.match(failures[0] ?? '', /ran past the task timeout of 1 s; its worker .* was ended and replaced/);
  }
  assert.deepEqual(await leftovers(), []);
});

test('Ctrl-C during bench ends the running trial group, saves completed rows and exits 130', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-interrupt-'));
  try {
    const child = spawn(
      process.execPath,
      [CLI, 'bench', '--scenario', 'faults', '--fault', 'hang', '--strategy', 'child-process,sequential', '--workers', '2', '--iterations', '3', '--warmup', '0',
        '--task-timeout', '30', '--sample-interval', '0', '--out', tmp, '--name', 'int'],
      { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } },
    );
    // The first trial (sequential) hangs; interrupt it while it runs.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 130);
    const results = JSON.parse(await readFile(join(tmp, 'int.json'), 'utf8')) as RunResults;
    assert.equal(results.interrupted, true);
    assert.deepEqual(await leftovers(), [], 'no trial or worker outlives the interrupted bench');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
