import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResults } from '../harness/results/records.js';
import { parseBytes } from '../scenarios/overhead.js';

const bench = (cwd: string, args: readonly string[]) => runCli(['bench', ...args], { cwd });


test('parseBytes reads 0 and sizes with units', () => {
  assert.equal(parseBytes('0'), 0);
  assert.equal(parseBytes('1KiB'), 1024);
  assert.equal(parseBytes('16MiB'), 16 * 1024 * 1024);
});

test('overhead: chunk sizes and payload modes make rows, every one verified against sequential, with a per-item figure', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-overhead-'));
  try {
    const run = await bench(tmp, [
      '--scenario', 'overhead', '--items', '60', '--strategy', 'sequential,worker-threads,child-process,piscina', '--workers', '2',
      '--chunk-size', '1,7', '--payload', '0,4KiB', '--payload-mode', 'clone,transfer,shared',
      '--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--out', tmp, '--name', 'ov',
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const results = JSON.parse(await readFile(join(tmp, 'ov.json'), 'utf8')) as RunResults;
    const rows = results.scenarios[0]?.rows ?? [];
    // sequential: 2 payloads x 3 modes; each pool: 2 chunk sizes x 2 x 3.
    assert.equal(rows.length, 6 + 3 * 12);
    for (const row of rows) {
      assert.equal(row.state, 'completed', `${row.label}: ${row.state === 'failed' ? row.failure : ''}`);
      assert.equal(row.trials[0]?.verified, true, row.label);
      assert.equal(row.trials[0]?.items, 60, row.label);
      if (row.state === 'completed') assert.ok(row.summary.workPerItemSeconds.median > 0);
    }
    assert.ok(rows.some((row) => row.label === 'worker-threads x2 k7 payload=4KiB payload-mode=transfer'));
    // The compact terminal table shows overhead's focus, the per-item cost, in the unit that suits it.
    assert.match(run.stdout, /^Approach\s.*\bPer\b/m);
    assert.match(run.stdout, /\d µs$/m);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('a bad --payload is a usage error naming the flag', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-overhead-'));
  try {
    const run = await runHere(['bench', '--scenario', 'overhead', '--payload', 'lots', '--out', tmp], { cwd: tmp });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--payload lots: takes a size such as/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
