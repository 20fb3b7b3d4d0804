/** A harness killed with SIGKILL leaves no trial, worker or reaper behind, whatever its trial was doing. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from './fixtures/cli.js';
import { isRunning, leftovers } from './fixtures/processes.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ps` until a line matches (the trial is where the test wants it), for at most `limitMs`. */
async function waitFor(pattern: RegExp, limitMs: number): Promise<string[]> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const lines = await leftovers();
    if (lines.some((line) => pattern.test(line)) || Date.now() > deadline) return lines;
    await sleep(100);
  }
}

/** The limit within which nothing the harness started may outlive it. */
const GONE_WITHIN_MS = 5000;
/** How long what is gone must stay gone: no worker respawned, no reaper started late. */
const STAYS_GONE_MS = 500;

/** Polls `ps` until neither the harness nor anything it started is left, for at most `limitMs`; returns what is left. */
async function goneWithin(pid: number, limitMs: number): Promise<string[]> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const lines = await leftovers();
    if ((lines.length === 0 && !isRunning(pid)) || Date.now() > deadline) return lines;
    await sleep(100);
  }
}

/** Starts a bench whose trial hangs, waits until `busy` shows in `ps`, SIGKILLs the harness (or its group), and waits up to 5 s for everything to be gone. */
async function killHarnessDuring(strategyArgs: readonly string[], busy: RegExp, wholeGroup = false): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-killed-'));
  try {
    // Its own group, as `setsid` gives: nothing but the harness gets the signal.
    const harness = spawn(
      process.execPath,
      [CLI, 'bench', '--scenario', 'faults', '--fault', 'hang', '--task-timeout', '60', '--workers', '1',
        '--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--format', 'json', '--out', tmp, '--name', 'k', ...strategyArgs],
      { stdio: 'ignore', detached: true },
    );
    const pid = harness.pid as number;
    const before = await waitFor(busy, 20_000);
    assert.ok(before.some((line) => busy.test(line)), `the trial never got busy:\n${before.join('\n')}`);
    await sleep(500);
    process.kill(wholeGroup ? -pid : pid, 'SIGKILL');
    await new Promise((resolve) => harness.on('exit', resolve));
    // Done as soon as everything is gone (the reaper acts within a second or so), not after a fixed 5 s.
    assert.deepEqual(await goneWithin(pid, GONE_WITHIN_MS), [], 'nothing the harness started outlives it by 5 s');
    assert.equal(isRunning(pid), false);
    await sleep(STAYS_GONE_MS);
    assert.deepEqual(await leftovers(), [], 'and nothing comes back');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

test('SIGKILL of the harness during a trial whose main thread is busy leaves nothing running', async () => {
  await killHarnessDuring(['--strategy', 'sequential', '--trial-timeout', '120'], /cli\.js trial .*--strategy sequential/);
});

test('SIGKILL of the harness during a pool trial (a worker process busy) leaves nothing running', async () => {
  // The sequential reference times out first (3 s); then the child-process trial's worker hangs.
  await killHarnessDuring(['--strategy', 'child-process', '--trial-timeout', '3'], /pool\/worker\/process-entry\.js/);
});

test("SIGKILL of the harness's whole process group spares the reaper, which ends the trial's own group", async () => {
  await killHarnessDuring(['--strategy', 'sequential', '--trial-timeout', '120'], /cli\.js trial .*--strategy sequential/, true);
});
