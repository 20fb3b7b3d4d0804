/** Pins every exit code of README's table to the case that gives it, one run each, as quick as it gets. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './fixtures/cli.js';
import { leftovers } from './fixtures/processes.js';
import { completedRow, context, run as resultsOf, scenarioResult } from './fixtures/results.js';
import type { RunResults } from '../harness/results/records.js';
import { remoteNotice } from '../harness/run/remote-notice.js';
import { noteOptions, scenarioNotesOf } from '../harness/report/notes.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const quick = ['--iterations', '1', '--warmup', '0', '--sample-interval', '0'];
let tmp: string;
const bench = (args: readonly string[]) => runCli(['bench', ...args], { cwd: tmp });

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-exit-codes-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A fresh tmpfs of `size` at a new folder, or the reason there cannot be one (no privilege to mount). */
async function tmpfs(size: string): Promise<{ dir: string; unmount: () => Promise<void> } | string> {
  const dir = await mkdtemp(join(tmpdir(), 'parabench-tmpfs-'));
  const sh = (command: string, args: string[]): Promise<string | undefined> =>
    new Promise((resolve) => execFile(command, args, (error, _out, stderr) => resolve(error === null ? undefined : stderr.trim() || error.message)));
  const failed = await sh('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (failed !== undefined) {
    await rm(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${failed})`;
  }
  return { dir, unmount: async () => void (await sh('umount', [dir]), await rm(dir, { recursive: true, force: true })) };
}

test('exit 0: every row completed', async () => {
  const run = await bench(['--scenario', 'faults', '--fault', 'throw', '--strategy', 'sequential', '--items', '4', ...quick, '--out', tmp, '--name', 'ok']);
  assert.equal(run.code, 0, run.stderr);
});

test('exit 2: a bad flag, --items past the largest supported count', async () => {
  const bad = await bench(['--scenario', 'cpu', '--iterations', '0', '--out', tmp]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--iterations takes a positive whole number, got "0"/);
  const huge = await bench(['--scenario', 'cpu', '--quick', '--items', '1000000000', '--strategy', 'sequential', '--out', tmp]);
  assert.equal(huge.code, 2);
  assert.match(huge.stderr, /^parabench: --items 1000000000 is more than a trial can hold: at most 1000000 /);
});

test('exit 2: a strategy module that is missing, throws on import, or exports no strategy names the file and what to export', async () => {
  const shape = /a strategy module must `export default` \(or export `strategy`\) an object \{ name, summary, usesWorkers, usesConcurrency, create\(options\) \}/;
  const missing = await bench(['--scenario', 'faults', '--quick', '--strategy', './nonexistent.js', '--out', tmp]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, new RegExp(`--strategy \\./nonexistent\\.js \\(${tmp}/nonexistent\\.js\\): no such file; `));
  assert.match(missing.stderr, shape);
  const throws = await bench(['--scenario', 'faults', '--quick', '--strategy', fixture('throws-on-import-strategy.js'), '--out', tmp]);
  assert.equal(throws.code, 2);
  assert.match(throws.stderr, /throws-on-import-strategy\.js: importing it failed: boom on import; /);
  await writeFile(join(tmp, 'empty-module.mjs'), 'export const nothing = 1;\n');
  const empty = await bench(['--scenario', 'faults', '--quick', '--strategy', './empty-module.mjs', '--out', tmp]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /empty-module\.mjs\): it does not export a strategy; /);
  for (const run of [missing, throws, empty]) assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
});

test('exit 2: compare with no row in common has compared nothing, so a CI gate must not pass', async () => {
  // Two runs of their own (compare refuses one run given twice), of no scenario in common.
  const side = (scenario: string, startedAt: string): RunResults =>
    resultsOf([scenarioResult([completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [1, 1, 1] })], 10, scenario)], context('test-machine', { startedAt }));
  await writeFile(join(tmp, 'overhead.json'), JSON.stringify(side('overhead', '2026-01-01T00:00:00.000Z')));
  await writeFile(join(tmp, 'faults.json'), JSON.stringify(side('faults', '2026-01-01T00:01:00.000Z')));
  const run = await runCli(['compare', join(tmp, 'overhead.json'), join(tmp, 'faults.json'), '--fail-on-regression'], { cwd: tmp });
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /nothing was compared: no completed row is present in both .*overhead\.json and .*faults\.json \(only in base: overhead/);
});

test('exit 1: a row failed; a shutdown that never finishes is named with its limit', async () => {
  const run = await bench(['--scenario', 'faults', '--fault', 'throw', '--items', '4', ...quick, '--strategy', fixture('stuck-shutdown-strategy.js'), '--out', tmp, '--name', 'stuck']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const results = JSON.parse(await readFile(join(tmp, 'stuck.json'), 'utf8')) as RunResults;
  const row = results.scenarios[0]?.rows[0];
  assert.equal(row?.state, 'failed');
  assert.equal(row?.state === 'failed' ? row.failure : '', 'stuck-shutdown: shutdown did not finish within 10 s');
  assert.deepEqual(await leftovers(), []);
});

test('a failed sequential reference is named and the other rows still run, unverified (exit 0)', async () => {
  const run = await bench(['--scenario', 'faults', '--fault', 'exit', '--strategy', 'worker-threads,tinypool', '--workers', '2', '--items', '6', ...quick, '--out', tmp, '--name', 'noref']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const results = JSON.parse(await readFile(join(tmp, 'noref.json'), 'utf8')) as RunResults;
  const scenario = results.scenarios[0];
  assert.deepEqual(scenario?.rows.map((row) => [row.strategy, row.state, row.trials.every((t) => !t.verified)]), [['worker-threads', 'completed', true], ['tinypool', 'completed', true]]);
  const notes = scenario === undefined ? [] : scenarioNotesOf(scenario, noteOptions(results.parameters));
  assert.ok(
    notes.includes('Rows ran unverified: the sequential reference run of faults failed: trial exited with code 3 at item 3 (task faulty.js#faulty) on its main thread, which ends the whole trial: the item in flight cannot be contained there (a pool fails only that item). Their outputs were compared with nothing.'),
    notes.join('\n'),
  );
});

test('exit 1: every item of a row failed (one --input file that is text, not a JPEG)', async () => {
  const input = join(tmp, 'text-jpeg');
  await mkdir(input, { recursive: true });
  await writeFile(join(input, 'a.jpg'), 'not an image\n');
  const run = await bench(['--scenario', 'cpu', '--strategy', 'sequential', '--input', input, ...quick, '--out', tmp, '--name', 'allfail']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /a\.jpg/, 'the per-item error names the file');
  assert.match(run.stdout, /every item of cpu sequential failed, in every trial: it measured nothing/);
});

test('exit 1: every item failed because --disk-dir is full (a 2 MiB tmpfs)', async (t: TestContext) => {
  const disk = await tmpfs('2m');
  if (typeof disk === 'string') return t.skip(disk);
  try {
    const run = await bench(['--scenario', 'disk', '--disk-dir', disk.dir, '--strategy', 'sequential', '--items', '2', ...quick, '--out', tmp, '--name', 'full']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /ENOSPC/);
    assert.match(run.stdout, /every item of disk sequential failed, in every trial/);
  } finally {
    await disk.unmount();
  }
});

test('exit 1: --out fills up mid-run; the error names the file, and the rows saved before it are kept', async (t: TestContext) => {
  const disk = await tmpfs('2m');
  if (typeof disk === 'string') return t.skip(disk);
  try {
    const out = join(disk.dir, 'results');
    const json = join(out, 'full.json');
    const running = bench(['--scenario', 'faults', '--fault', 'throw', '--strategy', 'sequential,child-process,cluster', '--workers', '1,2', '--items', '4', ...quick, '--format', 'json', '--out', out, '--name', 'full']);
    // As soon as the first row is saved, fill the disk: the next save must fail and say where.
    let saved: RunResults | undefined;
    for (let tries = 0; saved === undefined && tries < 600; tries += 1) {
      // The run takes its name at once with a file of no rows: wait for the first row in it.
      saved = await readFile(json, 'utf8').then((text) => JSON.parse(text) as RunResults, () => undefined);
      if ((saved?.scenarios[0]?.rows.length ?? 0) === 0) saved = undefined;
      if (saved === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(saved !== undefined, 'the first row was saved while the run went on');
    await writeFile(join(disk.dir, 'filler'), Buffer.alloc(4 * 1024 * 1024)).catch(() => undefined);
    const run = await running;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`could not write results to ${json}: ENOSPC: no space left on device.*; ${json} holds the rows completed before it`));
    const kept = JSON.parse(await readFile(json, 'utf8')) as RunResults;
    assert.ok((kept.scenarios[0]?.rows.length ?? 0) >= 1, 'the saved rows are still there, whole');
    assert.equal(kept.interrupted, true, 'a checkpoint says it holds only the rows completed so far');
    assert.deepEqual(await leftovers(), []);
  } finally {
    await disk.unmount();
  }
});

test('a --base-url on another host gets one line with the number of requests; loopback and the built-in server none', () => {
  const plans = [{ strategy: 'worker-threads', params: {} }, { strategy: 'child-process', params: {} }] as never;
  assert.equal(
    remoteNotice('https://api.example.com/items/{n}', 10, plans, 3),
    'note: --base-url https://api.example.com/items/{n} is not on this machine: this run will send 10 items x 2 rows x 3 rounds (+ 1 reference run) = 70 requests to api.example.com',
  );
  assert.equal(remoteNotice('http://127.0.0.1:8080/x', 10, plans, 3), undefined);
  assert.equal(remoteNotice('http://localhost:8080/x', 10, plans, 3), undefined);
  assert.equal(remoteNotice('built-in', 10, plans, 3), undefined);
  assert.equal(remoteNotice(undefined, 10, plans, 3), undefined);
});
