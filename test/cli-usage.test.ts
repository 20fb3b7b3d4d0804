/** Usage errors, `list` and `bench --help` as a user meets them: exit codes and messages, in this process; one usage error of each of bench and trial as a process. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { scenarios } from '../scenarios/registry.js';
import { strategies } from '../strategies/registry.js';
import { runCli, type CliRun } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';

const STACK_FRAME = /^\s+at .+[(:]\d+|\n\s+at /m;

let cwd: string;

before(async () => {
  // A usage error must stop before any work; should one not, nothing lands in the repository.
  cwd = await mkdtemp(join(tmpdir(), 'parabench-cli-'));
});

after(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** The command line in this process, or in a process of its own where `asProcess`. */
const cli = (args: readonly string[], asProcess = false): Promise<CliRun> => (asProcess ? runCli(args, { cwd, timeoutMs: 60_000 }) : runHere(args, { cwd }));

const scenarioNames = Object.keys(scenarios);
const strategyNames = Object.keys(strategies);

/** Each bad call, and what its message must name. */
const usageErrors: ReadonlyArray<{ args: string[]; mentions: RegExp[]; lists?: readonly string[]; asProcess?: true }> = [
  { args: ['bench', '--scenario', 'nope'], mentions: [/scenario/, /"?nope"?/], lists: scenarioNames, asProcess: true },
  { args: ['bench', '--strategy', 'nope'], mentions: [/strategy/, /"?nope"?/], lists: strategyNames },
  { args: ['bench', '--workers', '0'], mentions: [/--workers/, /0/] },
  { args: ['bench', '--workers', '-1'], mentions: [/--workers/, /-1/] },
  { args: ['bench', '--workers', 'abc'], mentions: [/--workers/, /abc/] },
  { args: ['bench', '--items', '0'], mentions: [/--items/, /0/] },
  { args: ['bench', '--quick', '--full'], mentions: [/--quick/, /--full/] },
  { args: ['trial', '--strategy', 'nope'], mentions: [/strategy/, /"?nope"?/], lists: strategyNames, asProcess: true },
  ...['-1', '1.5', 'abc', '', '1e3'].map((value) => ({ args: ['trial', '--scenario', 'cpu-js', '--first-item', value], mentions: [/--first-item takes a whole number from 0/, new RegExp(`got "${value.replace('.', '\\.')}"`)] })),
  { args: ['trial', '--scenario', 'overhead', '--first-item', '2'], mentions: [/--first-item is for the scenarios that split their items over the independent row's copies \(cpu, cpu-js\), not overhead/] },
  { args: ['bench', '--first-item', '2'], mentions: [/--first-item/] },
  { args: ['bench', '--no-such-flag'], mentions: [/--no-such-flag/] },
];

for (const { args, mentions, lists, asProcess } of usageErrors) {
  test(`\`${args.join(' ')}\` is a usage error: exit 2, a message on stderr, no stack trace${asProcess ? ' (a process)' : ''}`, async () => {
    const run = await cli(args, asProcess);
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

test('`bench --help` exits 0 and prints the usage (a process)', async () => {
  const run = await cli(['bench', '--help'], true);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Usage: parabench bench/);
  for (const flag of ['--scenario', '--strategy', '--workers', '--items', '--quick', '--full']) assert.ok(run.stdout.includes(flag), flag);
  assert.doesNotMatch(run.stderr, STACK_FRAME);
});
