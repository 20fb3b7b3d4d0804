/** The user's own modules and files (issue 24): what they leave running, how they are named, their flags, their inputs, and each way they fail. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { RunResults } from '../harness/results/records.js';
import { MAX_ITEMS } from '../scenarios/scenario.js';
import { readInputs, type FolderEntry, type FolderReader } from '../scenarios/support/task-inputs.js';
import { CLI, runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';

const CUSTOM_STRATEGY = new URL('./fixtures/custom-strategy.js', import.meta.url).href;
const quick = ['--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--workers', '2', '--format', 'json,terminal'];
let tmp: string;

const bench = (args: readonly string[]) => runCli(['bench', ...args, '--out', tmp], { cwd: tmp, timeoutMs: 120_000 });
/** The same in this process, for usage errors that stop before any trial (not an import that never settles: that needs an event loop of its own). */
const benchHere = (args: readonly string[]) => runHere(['bench', ...args, '--out', tmp], { cwd: tmp });
const results = async (name: string): Promise<RunResults> => JSON.parse(await readFile(join(tmp, `${name}.json`), 'utf8')) as RunResults;

/** A scenario module's source: a scenario named `name` over the numbers 0..items-1, with `members` added (or replacing defaults). */
function scenarioSource(name: string, members = ''): string {
  return `export default {
  name: ${JSON.stringify(name)},
  summary: 'a scenario of the test',
  items: { normal: 2, quick: 2, full: 2 },
  async setup() { return {}; },
  async prepare(options) { return { inputs: Array.from({ length: options.items }, (_, i) => String(i)) }; },
  run(executor, prepared, options) { return executor.mapSettled({ module: 'node:path', export: 'basename' }, prepared.inputs, { chunkSize: options.chunkSize }); },
  async digest(_prepared, outcomes) { return outcomes.map((outcome) => (outcome.ok ? String(outcome.value) : null)); },
  counters() { return {}; },
  async facts() { return {}; },
  async cleanup() {},
  ${members}
};
`;
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-user-modules-'));
  const write = (name: string, text: string): Promise<void> => writeFile(join(tmp, name), text);
  await write('lingers.js', "import { createServer } from 'node:net';\nsetInterval(() => {}, 1000);\ncreateServer().listen(0, '127.0.0.1');\nexport function double(n) { return n * 2; }\n");
  await write('waits.js', 'await new Promise(() => {});\nexport function double(n) { return n * 2; }\n');
  await write('double.js', 'export function double(n) { return n * 2; }\n');
  await write('flag-workers.js', scenarioSource('flagged', "flags: [{ name: 'workers', description: 'a clash', defaultValue: '1' }],"));
  await write('flag-camel.js', scenarioSource('camel', "flags: [{ name: 'chunkSize', description: 'a clash in commander', defaultValue: '1' }],"));
  await write('flag-inputs.js', scenarioSource('inputs-flag', "flags: [{ name: 'inputs', description: 'the task scenario', defaultValue: '1' }],"));
  await write('named-cpu.js', scenarioSource('cpu'));
  await write('mine-a.js', scenarioSource('mine'));
  await write('mine-b.js', scenarioSource('mine'));
  await write('setup-throws.js', scenarioSource('throwing', "async setup() { throw 'setup string'; },"));
  await write('named-sequential.js', `import custom from ${JSON.stringify(CUSTOM_STRATEGY)};\nexport default { ...custom, name: 'sequential' };\n`);
  await write('named-independent.js', `import custom from ${JSON.stringify(CUSTOM_STRATEGY)};\nexport default { ...custom, name: 'independent' };\n`);
  await write('custom-a.js', `import custom from ${JSON.stringify(CUSTOM_STRATEGY)};\nexport default { ...custom, name: 'same' };\n`);
  await write('custom-b.js', `import custom from ${JSON.stringify(CUSTOM_STRATEGY)};\nexport default { ...custom, name: 'same' };\n`);
  await write('too-many.json', JSON.stringify(new Array(MAX_ITEMS + 1).fill(0)));
  await write('names.json', JSON.stringify(['/a/b.txt', '/c/d.txt']));
  await mkdir(join(tmp, 'real'));
  await write('real/one.txt', '1');
  await write('real/two.txt', '2');
  await mkdir(join(tmp, 'links'));
  await symlink(join(tmp, 'real', 'one.txt'), join(tmp, 'links', 'one.txt'));
  await symlink(join(tmp, 'real'), join(tmp, 'links', 'folder'));
  await symlink(join(tmp, 'links'), join(tmp, 'links', 'loop'));
  await symlink(join(tmp, 'nowhere'), join(tmp, 'links', 'broken'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Runs the CLI and says whether it ended on its own (no signal) before `limitMs`; a run still alive then is killed. */
function runToEnd(args: readonly string[], limitMs: number): Promise<{ code: number | null; endedByItself: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: tmp, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, endedByItself: !killed, stdout, stderr });
    });
  });
}


test('more inputs than a trial can hold are refused before any trial, as --items refuses more items (exit 2)', async () => {
  for (const inputs of [String(MAX_ITEMS + 1), 'too-many.json']) {
    const run = await benchHere(['--task', './double.js#double', '--inputs', inputs, '--strategy', 'sequential', ...quick, '--name', 'too-many']);
    assert.equal(run.code, 2, `${inputs}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`more inputs than a trial can hold: at most ${MAX_ITEMS}`), inputs);
    assert.doesNotMatch(run.stdout, /sequential/, `${inputs}: no row ran`);
  }
});

/** A folder reader over the real file system, except that reading `denied` fails as an unreadable folder does. */
function denying(denied: string): FolderReader {
  return {
    readdir: async (dir) => {
      if (dir === denied) throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
      const { readdir } = await import('node:fs/promises');
      return (await readdir(dir, { withFileTypes: true })) as FolderEntry[];
    },
    stat: async (path) => (await import('node:fs/promises')).stat(path),
    realpath: async (path) => (await import('node:fs/promises')).realpath(path),
  };
}

test('an unreadable folder under --inputs is a usage error naming the folder and the reason', async (t) => {
  await mkdir(join(tmp, 'locked', 'inner'), { recursive: true });
  await writeFile(join(tmp, 'locked', 'a.txt'), 'a');
  await assert.rejects(
    readInputs({ kind: 'folder', path: join(tmp, 'locked') }, denying(join(tmp, 'locked', 'inner'))),
    (error: Error & { code?: string }) => error.code === 'BAD_INPUT' && /cannot read the folder .*locked\/inner \(EACCES: permission denied/.test(error.message),
  );
  if (process.getuid?.() === 0) {
    t.diagnostic('run as root, where chmod 000 does not keep a folder from being read: the injected reader above is the test of it');
    return;
  }
  await chmod(join(tmp, 'locked', 'inner'), 0o000);
  try {
    const run = await bench(['--task', './double.js#double', '--inputs', 'locked', '--strategy', 'sequential', ...quick, '--name', 'locked']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /cannot read the folder .*inner \(EACCES/);
  } finally {
    await chmod(join(tmp, 'locked', 'inner'), 0o755);
  }
});

test('a folder of symbolic links is read through them, each folder once, broken links and loops skipped', async () => {
  const inputs = await readInputs({ kind: 'folder', path: join(tmp, 'links') });
  assert.deepEqual(inputs.values, [join(tmp, 'links', 'folder', 'one.txt'), join(tmp, 'links', 'folder', 'two.txt'), join(tmp, 'links', 'one.txt')]);
});

test("a scenario module's flag that parabench takes itself is a usage error naming the module and the flag", async () => {
  const cases: [string, RegExp][] = [
    ['./flag-workers.js', /--scenario \.\/flag-workers\.js: its flag --workers clashes with parabench's own --workers/],
    ['./flag-camel.js', /--scenario \.\/flag-camel\.js: its flag --chunkSize clashes with parabench's own --chunk-size \(commander reads both as one option\)/],
    ['./flag-inputs.js', /--scenario \.\/flag-inputs\.js: its flag --inputs clashes/],
  ];
  for (const [module, message] of cases) {
    const run = await benchHere(['--scenario', module, '--strategy', 'sequential', ...quick, '--name', 'flags']);
    assert.equal(run.code, 2, `${module}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /Cannot add option/);
  }
});

test('a strategy or scenario module named like a built-in one, or like another chosen module, is refused (exit 2)', async () => {
  const cases: [readonly string[], RegExp][] = [
    [['--strategy', 'sequential,./named-sequential.js'], /--strategy \.\/named-sequential\.js .*its strategy is named "sequential", as a built-in strategy is/],
    [['--strategy', './named-sequential.js'], /its strategy is named "sequential"/],
    [['--strategy', `sequential,./named-independent.js`], /--strategy .*named-independent\.js is named "independent", as the harness's own independent row is/],
    [['--strategy', 'sequential,./custom-a.js,./custom-b.js'], /--strategy .*custom-b\.js is named "same", as .*custom-a\.js is/],
    [['--scenario', './named-cpu.js', '--strategy', 'sequential'], /--scenario \.\/named-cpu\.js: its scenario is named "cpu", as a built-in scenario is/],
    [['--scenario', './mine-a.js,./mine-b.js', '--strategy', 'sequential'], /--scenario .*mine-b\.js is named "mine", as .*mine-a\.js is/],
  ];
  for (const [args, message] of cases) {
    const run = await benchHere([...args, ...quick, '--name', 'named']);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
  }
});

// Real trials, one bench a test, at once on both cores: no test here reads a time, and each writes
// results of its own name.
describe('real trials', { concurrency: true }, () => {
  test('a task module that leaves a timer and a listening server running does not keep parabench alive once its results are out', async () => {
    const run = await runToEnd(['bench', '--task', './lingers.js#double', '--inputs', '3', '--strategy', 'sequential,worker-threads', ...quick, '--out', tmp, '--name', 'lingers'], 90_000);
    assert.ok(run.endedByItself, `parabench was still running after its results: ${run.stdout.slice(-400)}`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Results: /, 'the results were printed');
    assert.ok((await results('lingers')).scenarios[0]?.rows.every((row) => row.state === 'completed'));
  });

  test("a scenario module's throwing setup() is reported with the member and the module", async () => {
    const run = await bench(['--scenario', './setup-throws.js', '--strategy', 'sequential', ...quick, '--name', 'setup']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /--scenario \S*setup-throws\.js: its setup\(\) threw "setup string"/);
  });

  test('a task module whose top-level await never settles is a usage error saying so, not a bare exit 13', async () => {
    const run = await bench(['--task', './waits.js#double', '--inputs', '2', '--strategy', 'sequential', ...quick, '--name', 'waits']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--task: module waits\.js never finished being imported: its top-level await waits on a promise that nothing left running can settle/);
  });

  test('--task takes a file: URL, and a node: built-in module', async () => {
    const url = await bench(['--task', `${pathToFileURL(join(tmp, 'double.js')).href}#double`, '--inputs', '2', '--strategy', 'sequential,worker-threads', ...quick, '--name', 'url']);
    assert.equal(url.code, 0, url.stderr);
    assert.match(String((await results('url')).parameters['task']), /double\.js#double$/);
    const builtin = await bench(['--task', 'node:path#basename', '--inputs', 'names.json', '--strategy', 'sequential,worker-threads', ...quick, '--name', 'builtin']);
    assert.equal(builtin.code, 0, builtin.stderr);
    const run = await results('builtin');
    assert.ok(run.scenarios[0]?.rows.every((row) => row.state === 'completed' && row.trials.every((trial) => trial.verified)));
    const unknown = await benchHere(['--task', 'node:nope#x', '--inputs', '2', '--strategy', 'sequential', ...quick, '--name', 'nope']);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /node:nope is not a module built into Node/);
  });

  test('a reader that closes stdout after the first lines stops the printing, not the run: every size is still measured and written', async () => {
    // Three sizes: each table is printed while the next size runs, so later prints meet a closed pipe, one after another.
    const args = ['bench', '--task', './double.js#double', '--inputs', '3', '--items', '1,2,3', '--strategy', 'sequential', ...quick, '--out', tmp, '--name', 'closed'];
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: tmp, env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // As `| head -1` does: read the first output, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /EPIPE|Unhandled 'error' event/);
    assert.deepEqual((await results('closed')).scenarios.map((scenario) => scenario.items), [1, 2, 3]);
  });
});
