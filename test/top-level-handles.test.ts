/**
 * A task module whose top-level code leaves a timer running must not move any row's figures: no
 * trial process or pool worker may wait on it (a trial's real time once included a 1 s grace, a
 * worker thread the pool's 5 s stop grace). Compared with the same work from a module without it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResults } from '../harness/results/records.js';
import { runCli } from './fixtures/cli.js';

const WORK = 'export function work(n) { let x = 0; for (let i = 0; i < 1e5; i += 1) x += i % (n + 1); return x; }\n';
/** How much slower a row of the ticking module may be than the same row of the plain one: generous, for a noisy machine (the defect gave 3.7x and 10x). */
const MARGIN = 2;
let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-handles-'));
  await writeFile(join(tmp, 'plain.mjs'), WORK);
  await writeFile(join(tmp, 'ticking.mjs'), `setInterval(() => {}, 1000);\n${WORK}`);
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function realByRow(module: string): Promise<Map<string, number>> {
  const run = await runCli(['bench', '--task', `./${module}.mjs#work`, '--inputs', '8', '--iterations', '1', '--warmup', '0', '--workers', '2', '--concurrency', '2', '--sample-interval', '0', '--format', 'json', '--out', tmp, '--name', module], { cwd: tmp });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const results = JSON.parse(await readFile(join(tmp, `${module}.json`), 'utf8')) as RunResults;
  return new Map((results.scenarios[0]?.rows ?? []).map((row) => [row.label, row.state === 'completed' ? row.summary.realSeconds.median : Number.NaN]));
}

test('a timer left running by a task module costs no row its real time, under every strategy', async () => {
  const plain = await realByRow('plain');
  const ticking = await realByRow('ticking');
  assert.equal(ticking.size, 7, [...ticking.keys()].join(', '));
  for (const [label, seconds] of ticking) {
    const base = plain.get(label);
    assert.ok(base !== undefined && Number.isFinite(base) && Number.isFinite(seconds), label);
    assert.ok(seconds < base * MARGIN, `${label}: ${seconds.toFixed(3)} s with the timer against ${base.toFixed(3)} s without`);
  }
});
