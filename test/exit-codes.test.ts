/** Pins every exit code of README's table to the case that gives it; the harness's own cases in the fake lab, no process. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
import { runBench } from '../harness/run/bench.js';
import { UsageError } from '../harness/usage-error.js';
import { benchOptions, fakeBench, fakeLab, type ScriptedTrial } from './fixtures/fake-lab.js';

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

test('exit 0: every row completed, though single items failed (fake lab)', async () => {
  const run = await fakeBench(benchOptions(tmp, { runName: 'ok' }), () => ({ failedItems: [3] }));
  assert.equal(run.exitCode, 0, run.printed);
  const row = run.results.scenarios[0]?.rows[0];
  assert.equal(row?.state, 'completed');
  assert.deepEqual(row?.trials.map((t) => [t.verified, t.itemFailures.map((f) => f.item)]), [[true, [3]]], 'verified against itself as the reference, item 3 failed alone');
  assert.deepEqual(run.lab.guardLog, ['closed'], 'the reaper is closed at the end');
})

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

test('exit 1: a row failed (fake lab): its failure is recorded, the other rows run on', async () => {
  const stuck = fixture('stuck-shutdown-strategy.js');
  const run = await fakeBench(benchOptions(tmp, { strategies: ['sequential', stuck], runName: 'stuck' }), (t) =>
    t.strategy === stuck ? { error: 'stuck-shutdown: shutdown did not finish within 10 s' } : undefined,
  );
  assert.equal(run.exitCode, 1, run.printed);
  const results = JSON.parse(await readFile(join(tmp, 'stuck.json'), 'utf8')) as RunResults;
  const rows = results.scenarios[0]?.rows ?? [];
  assert.deepEqual(rows.map((row) => [row.label, row.state]), [['sequential', 'completed'], ['stuck-shutdown', 'failed']]);
  const row = rows[1];
  assert.equal(row?.state === 'failed' ? row.failure : '', 'stuck-shutdown: shutdown did not finish within 10 s');
});

test('a trial whose pool never shuts down fails, naming the strategy and its limit, and leaves nothing running', async () => {
  // The limit is the trial process's own: only a real trial shows it.
  const run = await runCli(['trial', '--scenario', 'faults', '--strategy', fixture('stuck-shutdown-strategy.js'), '--items', '4', '--cache-dir', join(tmp, 'cache')], { cwd: tmp });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /stuck-shutdown: shutdown did not finish within 10 s/);
  assert.deepEqual(await leftovers(), []);
});

test('exit 1: a row whose outputs differ from the reference, or whose trial timed out or crashed, fails with the reason (fake lab)', async () => {
  const answers: Record<string, ScriptedTrial> = {
    'worker-threads/w2': { wrongItems: [2] },
    'child-process/w2': { timedOut: true },
    'cluster/w2': { exitCode: 134, stderr: 'FATAL ERROR: out of memory' },
  };
  const run = await fakeBench(benchOptions(tmp, { strategies: ['sequential', 'worker-threads', 'child-process', 'cluster', 'tinypool'], iterations: 2 }), (t) => answers[t.key]);
  assert.equal(run.exitCode, 1, run.printed);
  const rows = run.results.scenarios[0]?.rows ?? [];
  const failures = Object.fromEntries(rows.map((row) => [row.key, row.state === 'failed' ? row.failure : row.state]));
  assert.equal(failures['sequential'], 'completed');
  assert.equal(failures['tinypool/w2'], 'completed');
  assert.match(failures['worker-threads/w2'] ?? '', /^output of item 2 differs from the sequential run's \(sha256 ffffffff/);
  assert.equal(failures['child-process/w2'], 'trial timed out (see --trial-timeout)');
  assert.match(failures['cluster/w2'] ?? '', /^trial exited with code 134 without a report/);
  assert.equal(rows.find((row) => row.key === 'worker-threads/w2')?.trials.length, 1, 'a failed row runs no more trials');
  assert.ok(rows.find((row) => row.key === 'tinypool/w2')?.trials.every((t) => t.verified));
});

test('a failed sequential reference is named and the other rows still run, unverified (exit 0; fake lab)', async () => {
  const lastWords = 'parabench-trial-last-words [{"task":"faulty.js#faulty","firstItem":3,"size":1,"onStack":0}]';
  const run = await fakeBench(
    benchOptions(tmp, { strategies: ['worker-threads', 'tinypool'], items: [6], params: { fault: 'exit' }, runName: 'noref' }),
    (t) => (t.key === 'reference' ? { exitCode: 3, stderr: `boom\n${lastWords}\n` } : { failedItems: [3] }),
  );
  assert.equal(run.exitCode, 0, run.printed);
  const keys = run.lab.trials.map((t) => t.key);
  assert.deepEqual(keys.slice(keys.lastIndexOf('reference') + 1), ['worker-threads/w2', 'tinypool/w2'], 'the reference runs first, then each row');
  const results = JSON.parse(await readFile(join(tmp, 'noref.json'), 'utf8')) as RunResults;
  const scenario = results.scenarios[0];
  assert.deepEqual(scenario?.rows.map((row) => [row.strategy, row.state, row.trials.every((t) => !t.verified)]), [['worker-threads', 'completed', true], ['tinypool', 'completed', true]]);
  const notes = scenario === undefined ? [] : scenarioNotesOf(scenario, noteOptions(results.parameters));
  assert.ok(
    notes.includes('Rows ran unverified: the sequential reference run of faults failed: trial exited with code 3 at item 3 (task faulty.js#faulty) on its main thread, which ends the whole trial: the item in flight cannot be contained there (a pool fails only that item). Their outputs were compared with nothing.'),
    notes.join('\n'),
  );
});

test('exit 1: every item of a row failed, in every trial: the item errors are printed and the row named (fake lab)', async () => {
  const input = join(tmp, 'text-jpeg');
  const error = `${join(input, 'a.jpg')}: Input buffer contains unsupported image format`;
  const run = await fakeBench(benchOptions(tmp, { items: [1], iterations: 2, runName: 'allfail' }), () => ({ failedItems: [0], itemError: error }));
  assert.equal(run.exitCode, 1, run.printed);
  assert.match(run.printed, /a\.jpg/, 'the per-item error names the file');
  assert.match(run.printed, /every item of faults sequential failed, in every trial: it measured nothing/);
  const some = await fakeBench(benchOptions(tmp, { items: [2], iterations: 2 }), () => ({ failedItems: [0] }));
  assert.equal(some.exitCode, 0, 'a trial in which an item succeeded measured something');
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

test('exit 1: --out fills up mid-run; the error names the file, and the rows saved before it are kept (fake lab)', async (t: TestContext) => {
  const disk = await tmpfs('2m');
  if (typeof disk === 'string') return t.skip(disk);
  try {
    const out = join(disk.dir, 'results');
    const json = join(out, 'full.json');
    const options = benchOptions(out, { strategies: ['sequential', 'child-process', 'cluster'], workers: [1, 2], formats: ['json'], runName: 'full', cacheDir: join(tmp, 'cache') });
    let saved: RunResults | undefined;
    const lab = fakeLab(async () => {
      // As the second trial starts the first row is saved: fill the disk, so the next save must fail and say where.
      if (saved !== undefined) return undefined;
      const now = await readFile(json, 'utf8').then((text) => JSON.parse(text) as RunResults, () => undefined);
      if ((now?.scenarios[0]?.rows.length ?? 0) === 0) return undefined;
      saved = now;
      await writeFile(join(disk.dir, 'filler'), Buffer.alloc(4 * 1024 * 1024)).catch(() => undefined);
      return undefined;
    });
    const failed = await runBench(options, { print: () => undefined }, lab).then(() => undefined, (error: unknown) => error);
    assert.ok(saved !== undefined, 'the first row was saved while the run went on');
    assert.ok(failed instanceof Error && !(failed instanceof UsageError) && (failed as { code?: unknown }).code === undefined, 'a plain error: the CLI exits 1 with its message');
    assert.match(failed.message, new RegExp(`could not write results to ${json}: ENOSPC: no space left on device.*; ${json} holds the rows completed before it`));
    const kept = JSON.parse(await readFile(json, 'utf8')) as RunResults;
    assert.ok((kept.scenarios[0]?.rows.length ?? 0) >= 1, 'the saved rows are still there, whole');
    assert.equal(kept.interrupted, true, 'a checkpoint says it holds only the rows completed so far');
    assert.equal(lab.guardLog.at(-1), 'closed', 'the reaper is closed all the same');
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
