/** The help a newcomer reads: grouped in the order they need it, defaults written one way, examples, 80 columns, a version, no internal flags (in this process; cli-usage runs help as a process). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { runHere } from './fixtures/command-line.js';

const HELP_WIDTH = 80;

test('bench --help: groups in a newcomer\'s order, then each scenario\'s flags, examples last, within 80 columns', async () => {
  const help = await runHere(['bench', '--help']);
  assert.equal(help.code, 0, help.stderr);
  const headings = help.stdout.split('\n').filter((line) => /^[A-Z][^:]*:$/.test(line));
  assert.deepEqual(headings.slice(0, 7), [
    'Run:',
    'Your own function (the task scenario):',
    'Output:',
    'Measurement:',
    'Runtime settings (a list makes one row per value):',
    'Inputs of the image scenarios (cpu, mixed):',
    headings[6] ?? '',
  ]);
  assert.ok(headings.slice(6).every((heading) => /^(Scenarios? [a-z0-9, -]+:|Options:|Examples:)$/.test(heading)), headings.join(' | '));
  assert.equal(headings.at(-1), 'Examples:');
  const tooWide = help.stdout.split('\n').filter((line) => line.length > HELP_WIDTH);
  assert.deepEqual(tooWide, [], 'every line fits 80 columns');
  // Defaults one way, and the machine's own said as such.
  assert.doesNotMatch(help.stdout, /\(default "|\(default \d/);
  assert.match(help.stdout.replace(/\s+/g, ' '), new RegExp(`\\(default: the machine's cores: ${availableParallelism()} here\\)`));
  assert.match(help.stdout, /--notes <which>/);
});

test('trial --help shows no flag only the harness passes', async () => {
  const help = await runHere(['trial', '--help']);
  assert.equal(help.code, 0, help.stderr);
  for (const internal of ['--row-key', '--first-item', '--diagnose', '--report-ipc', '--start-barrier']) assert.doesNotMatch(help.stdout, new RegExp(internal));
});

test('--version prints the package version', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const run = await runHere([flag]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), version);
  }
});

test('--notes takes key or all, and names the choices otherwise (exit 2)', async () => {
  const run = await runHere(['bench', '--notes', 'some', '--scenario', 'cpu-js']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /notes "some"; choose from: key, all/);
});
