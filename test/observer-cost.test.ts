/** A trial reads its threads only when asked (--explain), and scripts/observer-cost.mjs measures what asking costs. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CLI } from './fixtures/cli.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../scripts/observer-cost.mjs', import.meta.url));
const TRIAL = [CLI, 'trial', '--scenario', 'overhead', '--strategy', 'worker-threads', '--workers', '2', '--items', '5000'];

test('a trial reads no threads, GC or event loops unless given --explain (the control)', async () => {
  const explained = await run(process.execPath, [...TRIAL, '--explain']);
  assert.match(explained.stdout + explained.stderr, /JavaScript threads: main/, 'the control: an explained trial reports its JavaScript threads');
  const bare = await run(process.execPath, TRIAL);
  const unseen = bare.stdout + bare.stderr;
  assert.match(unseen, /work [\d.]+ m?s/, 'the trial still times its work window');
  assert.doesNotMatch(unseen, /JavaScript threads|thread kind/);
});

test('observer-cost runs every variant against the unobserved trial, each opt-in instrument alone among them, and prints each effect with an interval', async () => {
  const { stdout } = await run(process.execPath, [SCRIPT, '--scenario', 'overhead', '--items', '200', '--strategy', 'sequential', '--rounds', '2']);
  for (const variant of ['default', 'window', 'sampler', 'explain', 'io-bytes']) {
    assert.match(stdout, new RegExp(`^  ${variant} +real -?[\\d.]+% \\[-?[\\d.]+%, -?[\\d.]+%\\] +work .* user\\+sys `, 'm'), stdout);
  }
  assert.match(stdout, /^ {2}hyperfine -N +real -?[\d.]+% \[/m, stdout);
  assert.match(stdout, /^ {2}default against hyperfine -N: real -?[\d.]+% \[-?[\d.]+%, -?[\d.]+%\]$/m, stdout);
});

test('observer-cost refuses a bad --rounds with exit 2', async () => {
  await assert.rejects(run(process.execPath, [SCRIPT, '--rounds', '1']), (error: { code?: number; stderr?: string }) => error.code === 2 && /--rounds/.test(error.stderr ?? ''));
});
