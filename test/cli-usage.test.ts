import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scenarios } from '../scenarios/registry.js';
import { strategies } from '../strategies/registry.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
const STACK_FRAME = /^\s+at .+[(:]\d+|\n\s+at /m;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let cwd: string;

before(async () => {
  // A usage error must stop before any work; should one not, nothing lands in the repository.
  cwd = await mkdtemp(join(tmpdir(), 'parabench-cli-'));
});

after(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function cli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

const scenarioNames = Object.keys(scenarios);
const strategyNames = Object.keys(strategies);

/** Each bad call, and what its message must name. */
const usageErrors: ReadonlyArray<{ args: string[]; mentions: RegExp[]; lists?: readonly string[] }> = [
  { args: ['bench', '--scenario', 'nope'], mentions: [/scenario/, /"?nope"?/], lists: scenarioNames },
  { args: ['bench', '--strategy', 'nope'], mentions: [/strategy/, /"?nope"?/], lists: strategyNames },
  { args: ['bench', '--workers', '0'], mentions: [/--workers/, /0/] },
  { args: ['bench', '--workers', '-1'], mentions: [/--workers/, /-1/] },
  { args: ['bench', '--workers', 'abc'], mentions: [/--workers/, /abc/] },
  { args: ['bench', '--items', '0'], mentions: [/--items/, /0/] },
  { args: ['bench', '--quick', '--full'], mentions: [/--quick/, /--full/] },
  { args: ['trial', '--strategy', 'nope'], mentions: [/strategy/, /"?nope"?/], lists: strategyNames },
  ...['-1', '1.5', 'abc', '', '1e3'].map((value) => ({ args: ['trial', '--scenario', 'cpu-js', '--first-item', value], mentions: [/--first-item takes a whole number from 0/, new RegExp(`got "${value.replace('.', '\\.')}"`)] })),
  { args: ['trial', '--scenario', 'overhead', '--first-item', '2'], mentions: [/--first-item is for the scenarios that split their items over the independent row's copies \(cpu, cpu-js\), not overhead/] },
  { args: ['bench', '--first-item', '2'], mentions: [/--first-item/] },
  { args: ['bench', '--no-such-flag'], mentions: [/--no-such-flag/] },
];

for (const { args, mentions, lists } of usageErrors) {
  test(`\`${args.join(' ')}\` is a usage error: exit 2, a message on stderr, no stack trace`, async () => {
    const run = await cli(args);
    assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
    assert.ok(run.stderr.trim().length > 0, 'a message on stderr');
    for (const pattern of mentions) assert.match(run.stderr, pattern);
    for (const name of lists ?? []) assert.ok(run.stderr.includes(name), `the message lists the valid choice "${name}": ${run.stderr}`);
    assert.doesNotMatch(run.stderr, STACK_FRAME, 'no stack trace');
    assert.deepEqual(await readdir(cwd), [], 'a usage error writes nothing');
  });
}

test('`list` exits 0 and names every scenario and strategy', async () => {
  const run = await cli(['list']);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(scenarioNames.length > 0 && strategyNames.length > 0);
  for (const name of [...scenarioNames, ...strategyNames]) {
    assert.match(run.stdout, new RegExp(`^\\s+${name.replace(/[-]/g, '\\-')}\\s`, 'm'), `list names ${name}`);
  }
  assert.equal(run.stderr, '');
});

test('`bench --help` exits 0 and prints the usage', async () => {
  const run = await cli(['bench', '--help']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Usage: parabench bench/);
  for (const flag of ['--scenario', '--strategy', '--workers', '--items', '--quick', '--full']) assert.ok(run.stdout.includes(flag), flag);
  assert.doesNotMatch(run.stderr, STACK_FRAME);
});
