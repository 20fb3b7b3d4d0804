/** `--malloc` and `--node-flags`: runtime settings per row (GLIBC_TUNABLES, Node flags worker processes inherit), bad values refused with exit 2, and the A/B note read off the rows. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { settingNotes } from '../harness/report/setting-notes.js';
import type { RunResults, Row } from '../harness/results/records.js';
import { glibcVersion, MALLOC_PRESETS, mallocProblem, withMallocTunables } from '../harness/settings/malloc.js';
import { ROW_KINDS } from '../harness/run/row-kinds/registry.js';
import { planRows } from '../harness/run/rows.js';
import { nodeFlagArgs, nodeFlagsProblem } from '../harness/settings/node-flags.js';
import { trialCommand, trialEnv } from '../harness/run/trial-command.js';
import { inheritedNodeFlags } from '../strategies/pool/inherited-flags.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { StrategyDefinition } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';
import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';
import { completedRow } from './fixtures/results.js';
import { noteOptions, scenarioNotesOf } from '../harness/report/notes.js';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-malloc-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

test('presets and glibc malloc tunables are taken; anything else is named as wrong', () => {
  assert.equal(mallocProblem('default'), undefined);
  assert.equal(mallocProblem('retain'), undefined);
  assert.equal(mallocProblem('glibc.malloc.trim_threshold=1048576'), undefined);
  assert.equal(mallocProblem('glibc.malloc.trim_threshold=1048576:glibc.malloc.arena_max=1'), undefined);
  for (const bad of ['keep', 'glibc.malloc.trim_threshold=big', 'glibc.cpu.x=1', 'MALLOC_ARENA_MAX=1', '']) {
    assert.match(mallocProblem(bad) ?? '', /--malloc takes default, retain, or glibc malloc tunables/, bad);
  }
});

test("a row's setting is added after the environment's own GLIBC_TUNABLES; default leaves it alone", () => {
  const retain = MALLOC_PRESETS['retain'] as string;
  assert.equal(withMallocTunables(undefined, 'retain'), retain);
  assert.equal(withMallocTunables('glibc.malloc.arena_max=2', 'retain'), `glibc.malloc.arena_max=2:${retain}`);
  assert.equal(withMallocTunables('glibc.malloc.arena_max=2', 'default'), 'glibc.malloc.arena_max=2');
  assert.equal(withMallocTunables(undefined, undefined), undefined);
  const env = trialEnv({ uvThreadpoolSize: 3, malloc: 'retain' }, { PATH: '/bin' });
  assert.deepEqual(env, { PATH: '/bin', UV_THREADPOOL_SIZE: '3', GLIBC_TUNABLES: retain });
  assert.equal(trialEnv({ malloc: 'default' }, { PATH: '/bin' })['GLIBC_TUNABLES'], undefined);
});

test('two settings make two rows of every strategy, named by setting; one setting keeps plain names', () => {
  const definitions = new Map(['sequential', 'worker-threads'].map((name) => [name, strategies[name] as StrategyDefinition]));
  const sweep = { workers: [2], concurrency: [2], perWorker: 1, chunkSizes: [1], sampleIntervalsMs: [250], paramSweeps: {} };
  const two = planRows(definitions, { ...sweep, mallocSettings: ['default', 'retain'] }, ROW_KINDS);
  assert.deepEqual(
    two.map((row) => [row.label, row.malloc]),
    [
      ['sequential malloc default', 'default'],
      ['sequential malloc retain', 'retain'],
      ['independent x2 malloc default', 'default'],
      ['independent x2 malloc retain', 'retain'],
      ['worker-threads x2 malloc default', 'default'],
      ['worker-threads x2 malloc retain', 'retain'],
    ],
  );
  assert.equal(new Set(two.map((row) => row.key)).size, two.length, 'every row has its own key');
  const one = planRows(definitions, { ...sweep, mallocSettings: ['retain'] });
  assert.deepEqual(one.map((row) => [row.label, row.malloc]), [['sequential', 'retain'], ['worker-threads x2', 'retain']]);
});

/** A completed row whose measured trials had these work windows, under `malloc`. */
function row(label: string, malloc: string | undefined, works: readonly number[]): Row {
  const base = completedRow({ strategy: 'worker-threads', key: label, label, workers: 2, reals: works.map((w) => w + 0.2), works: [...works] });
  return { ...base, ...(malloc === undefined ? {} : { malloc }) };
}

test('the note names what the defaults cost only when the interval leaves out no difference', () => {
  const clear = settingNotes([row('wt default', 'default', [1.2, 1.21, 1.19, 1.22, 1.2]), row('wt retain', 'retain', [1.0, 1.01, 0.99, 1.0, 1.02])]);
  assert.equal(clear.length, 1);
  assert.match(clear[0] ?? '', /^wt default against wt retain \(same run\): its work window took \+\d+\.\d% \(95% interval \+\d+\.\d% to \+\d+\.\d%\) without --malloc retain/);
  assert.match(clear[0] ?? '', /what running without --malloc retain cost it here\.$/);

  const overlapping = settingNotes([row('wt', undefined, [1.0, 1.3, 0.9, 1.2, 1.1]), row('wt retain', 'retain', [1.1, 0.95, 1.25, 1.0, 1.05])]);
  assert.equal(overlapping.length, 1);
  assert.match(overlapping[0] ?? '', /: no clear difference at this number of trials\.$/);

  const unpaired = settingNotes([row('wt retain', 'retain', [1, 1, 1])]);
  assert.deepEqual(unpaired, [], 'no row under the defaults: nothing to compare');

  const flags = (label: string, nodeFlags: string, works: readonly number[]): Row => ({ ...row(label, undefined, works), nodeFlags });
  const gc = settingNotes([flags('wt none', 'none', [1.3, 1.31, 1.29, 1.3, 1.32]), flags('wt sgc', '--single-threaded-gc', [1.2, 1.19, 1.21, 1.2, 1.2])]);
  assert.equal(gc.length, 1);
  assert.match(gc[0] ?? '', /^wt none against wt sgc \(same run\): its work window took \+\d+\.\d% .* without --node-flags --single-threaded-gc/);
  assert.match(gc[0] ?? '', /what running without --node-flags --single-threaded-gc cost it here\.$/);
  // A pair differs in one setting only: rows that differ in both are not compared.
  const both = settingNotes([flags('a', 'none', [1.3, 1.3, 1.3]), { ...flags('b', '--single-threaded-gc', [1.2, 1.2, 1.2]), malloc: 'retain' }]);
  assert.deepEqual(both, []);
});

const bench = (args: readonly string[]) => runCli(['bench', ...args], { cwd: tmp });

test('values that clean up to the same key still make rows of their own keys', () => {
  const definitions = new Map(['sequential'].map((name) => [name, strategies[name] as StrategyDefinition]));
  const sweep = { workers: [2], concurrency: [2], perWorker: 1, chunkSizes: [1], sampleIntervalsMs: [250], paramSweeps: {}, nodeFlagSets: ['--a --b', '--a-b'] };
  const keys = planRows(definitions, sweep).map((row) => row.key);
  assert.equal(new Set(keys).size, keys.length, keys.join(' '));
  const plain = planRows(definitions, { ...sweep, nodeFlagSets: ['none', '--single-threaded-gc'] }).map((row) => row.key);
  assert.deepEqual(plain, ['sequential/n-none', 'sequential/n-single-threaded-gc'], 'keys stay readable where they do not meet');
});

test('--node-flags values: none, or flags this Node starts with; anything else is named', () => {
  assert.equal(nodeFlagsProblem('none'), undefined);
  assert.equal(nodeFlagsProblem('--single-threaded-gc'), undefined);
  assert.equal(nodeFlagsProblem('--single-threaded-gc --stack-size=2000'), undefined);
  assert.match(nodeFlagsProblem('single-threaded-gc') ?? '', /--node-flags takes "none" or Node\/V8 flags written --name or --name=value/);
  assert.match(nodeFlagsProblem('--no-such-flag-for-parabench') ?? '', /--node-flags "--no-such-flag-for-parabench": Node v\S+ will not start with it \(.*no-such-flag-for-parabench/);
  assert.match(nodeFlagsProblem('--inspect-brk') ?? '', /--node-flags cannot take --inspect-brk: it would run or load other code, debug, test or watch/);
  assert.match(nodeFlagsProblem('--single-threaded-gc --import=tsx') ?? '', /cannot take --import=tsx/);
  assert.deepEqual(nodeFlagArgs('--a  --b=1'), ['--a', '--b=1']);
  assert.deepEqual(nodeFlagArgs('none'), []);
});

test("a row's Node flags come first in its trial command, and rows are named by them", () => {
  const definitions = new Map(['sequential', 'child-process'].map((name) => [name, strategies[name] as StrategyDefinition]));
  const sweep = { workers: [2], concurrency: [2], perWorker: 1, chunkSizes: [1], sampleIntervalsMs: [250], paramSweeps: {}, nodeFlagSets: ['none', '--single-threaded-gc'] };
  const rows = planRows(definitions, sweep);
  assert.deepEqual(rows.map((r) => r.label), ['sequential node none', 'sequential node --single-threaded-gc', 'child-process x2 node none', 'child-process x2 node --single-threaded-gc']);
  const options = { items: 2, input: undefined, incremental: false, chunkSize: 1, cacheDir: '/tmp/c', rowKey: 'k', params: {} };
  const [plain, flagged] = [rows[2], rows[3]].map((r) => trialCommand('cpu', r as (typeof rows)[number], options));
  assert.equal(plain?.[1]?.endsWith('cli.js'), true, 'none: the CLI follows node directly');
  assert.deepEqual(flagged?.slice(1, 2), ['--single-threaded-gc']);
});

test('worker processes inherit the Node flags the trial started with, never code to run, debug, test or watch flags', async () => {
  assert.deepEqual(
    inheritedNodeFlags(['--single-threaded-gc', '--inspect=9229', '--test-concurrency=1', '--watch', '-e', 'fork()', '--eval=fork()', '--input-type=module', '--import', 'tsx', '--stack-size=2000', '--print-bytecode', '--debug-code']),
    ['--single-threaded-gc', '--stack-size=2000', '--print-bytecode', '--debug-code'],
  );
  const script = join(tmp, 'inherit.mjs');
  await writeFile(
    script,
    `const { strategies } = await import(${JSON.stringify(new URL('../strategies/registry.js', import.meta.url).href)});
for (const name of ['child-process', 'cluster']) {
  const executor = strategies[name].create({ workers: 1, concurrency: 1 });
  await executor.start();
  const [flags] = await executor.map({ module: ${JSON.stringify(new URL('./fixtures/tasks.js', import.meta.url).href)}, export: 'nodeFlags' }, [0]);
  await executor.shutdown();
  console.log(name, JSON.stringify(flags));
}
`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, ['--stack-size=2000', script], { timeout: 60_000 });
  assert.match(stdout, /^child-process \["--stack-size=2000"\]$/m);
  assert.match(stdout, /^cluster \["--stack-size=2000"\]$/m);
});

test('--malloc and --node-flags refuse values they cannot set, exit 2 naming what they take', async () => {
  const run = await runHere(['bench', '--scenario', 'overhead', '--malloc', 'default,keep', '--out', tmp], { cwd: tmp });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /--malloc takes default, retain, or glibc malloc tunables .* got "keep"/);
  const flags = await runHere(['bench', '--scenario', 'overhead', '--node-flags', 'none,--no-such-flag-for-parabench', '--out', tmp], { cwd: tmp });
  assert.equal(flags.code, 2, flags.stderr);
  assert.match(flags.stderr, /--node-flags "--no-such-flag-for-parabench": Node .* will not start with it/);
});

test('--malloc default,retain: each trial saw its own GLIBC_TUNABLES, and the report says how to run it', { skip: glibcVersion() === undefined ? 'not on glibc' : false }, async () => {
  const run = await bench([
    '--scenario', 'overhead', '--items', '200', '--strategy', 'sequential,worker-threads', '--workers', '2', '--malloc', 'default,retain',
    '--iterations', '1', '--warmup', '0', '--out', tmp, '--name', 'malloc', '--format', 'json,markdown',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const results = JSON.parse(await readFile(join(tmp, 'malloc.json'), 'utf8')) as RunResults;
  const rows = results.scenarios[0]?.rows ?? [];
  assert.deepEqual(rows.map((r) => r.label), ['sequential malloc default', 'sequential malloc retain', 'worker-threads x2 malloc default', 'worker-threads x2 malloc retain']);
  const inherited = process.env['GLIBC_TUNABLES'] ?? null;
  for (const r of rows) {
    assert.equal(r.state, 'completed', r.label);
    const expected = r.malloc === 'retain' ? withMallocTunables(process.env['GLIBC_TUNABLES'], 'retain') : inherited;
    for (const t of r.trials) assert.equal(t.glibcTunables, expected, `${r.label}: the trial's own environment`);
  }
  assert.deepEqual(results.parameters['mallocSettings'], ['default', 'retain']);
  const notes = results.scenarios[0] === undefined ? [] : scenarioNotesOf(results.scenarios[0], noteOptions(results.parameters));
  assert.ok(notes.some((n) => n.startsWith('worker-threads x2 malloc default against worker-threads x2 malloc retain (same run)')), notes.join('\n'));
  const report = await readFile(join(tmp, 'malloc.md'), 'utf8');
  assert.match(report, /malloc: default, retain \(--malloc, set per row as GLIBC_TUNABLES\)/);
});
