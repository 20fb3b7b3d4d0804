import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults, ScenarioResult } from '../harness/results/records.js';
import { validateResults } from '../harness/results/schema.js';
import { faultFor } from '../scenarios/server/draw.js';
import { isRunning } from './fixtures/processes.js';
import { runHere } from './fixtures/command-line.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
const LOSSY = fileURLToPath(new URL('./fixtures/lossy-strategy.js', import.meta.url));

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-io-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `parabench bench <args>` in this process, for what stops before a trial: usage errors. */
const benchHere = (args: readonly string[]): Promise<Run> => runHere(['bench', ...args], { cwd: tmp });

function bench(args: readonly string[], timeout = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'bench', ...args], { cwd: tmp, timeout, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

/** One measured trial per row, small pools, everything written under `tmp`. */
const common = (name: string): string[] => [
  '--iterations', '1', '--warmup', '0', '--workers', '2', '--concurrency', '4',
  '--out', tmp, '--cache-dir', join(tmp, 'cache'), '--name', name, '--sample-interval', '0',
];

async function results(name: string): Promise<RunResults> {
  const parsed: unknown = JSON.parse(await readFile(join(tmp, `${name}.json`), 'utf8'));
  assert.deepEqual(validateResults(parsed), [], 'the results file matches the schema');
  return parsed as RunResults;
}

function serverPid(scenario: ScenarioResult | undefined): number {
  const pid = scenario?.facts['service.pid'];
  assert.equal(typeof pid, 'number', 'the server process is recorded');
  return pid as number;
}

/** Every row completed and each trial matched the sequential reference. */
function assertVerified(scenario: ScenarioResult | undefined, keys: readonly string[]): void {
  assert.ok(scenario !== undefined);
  assert.deepEqual(scenario.rows.map((row) => row.key), keys);
  for (const row of scenario.rows) {
    assert.equal(row.state, 'completed', `${row.key}: ${row.state === 'failed' ? row.failure : ''}`);
    for (const trial of row.trials) assert.equal(trial.verified, true, `${row.key} was verified`);
  }
}
/** Processes whose parent is `pid` and whose command line contains `needle` (Linux /proc). */
async function childrenOf(pid: number, needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid && (await readFile(`/proc/${entry}/cmdline`, 'utf8')).includes(needle)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

test('io: an unreachable --base-url is a usage error naming it, quickly (in this process)', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const url = `http://127.0.0.1:${port}/api`;
  const run = await benchHere(['--scenario', 'io', '--base-url', url, ...common('io-unreachable')]);
  assert.equal(run.code, 2, run.stderr);
  assert.ok(run.stderr.includes(url), run.stderr);
  assert.match(run.stderr, /unreachable/);
});

test('io and mixed: bad server flags are usage errors (in this process)', async () => {
  for (const [args, mention] of [
    [['--error-rate', '1.5'], /--error-rate 1\.5/],
    [['--body', 'lots'], /--body lots/],
    [['--keep-alive', 'maybe'], /--keep-alive maybe/],
    [['--error-rate', '60%', '--cut-rate', '50%'], /add up to/],
    [['--base-url', 'ftp://example.com'], /--base-url/],
  ] as const) {
    const run = await benchHere(['--scenario', 'io', ...args, ...common('io-bad')]);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, mention);
  }
  const mixed = await benchHere(['--scenario', 'mixed', '--body', '1KiB', ...common('mixed-bad')]);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /--body 1KiB/);
});

// Real trials, one bench (or trial) a test, at once on both cores: no test here reads a time, and
// each has results and a server of its own.
describe('real trials', { concurrency: true }, () => {
  test('io: faults are retried, what still fails is counted in every row alike, and the server is gone after', async () => {
    const rates = { errorRate: 0.6, slowRate: 0, cutRate: 0, corruptRate: 0, slowMs: 0, seed: 1 };
    const items = 12;
    // With one retry, an item fails when both its answers are 503s: known in advance, per item.
    const expectedFailed = Array.from({ length: items }, (_, item) => item).filter(
      (item) => faultFor(rates, item, 1) === 'error' && faultFor(rates, item, 2) === 'error',
    );
    assert.ok(expectedFailed.length > 0, 'the chosen seed makes some items fail for good');
    const run = await bench([
      '--scenario', 'io', '--items', String(items), '--latency-ms', '10', '--body', '8KiB', '--error-rate', '0.6', '--retries', '1', '--backoff-ms', '1',
      '--strategy', 'sequential,promise,worker-threads', ...common('io-faults'),
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const scenario = (await results('io-faults')).scenarios[0];
    assertVerified(scenario, ['sequential', 'promise/c4', 'worker-threads/w2']);
    for (const row of scenario?.rows ?? []) {
      const trial = row.trials[0];
      assert.deepEqual(trial?.itemFailures.map((f) => f.item), expectedFailed, `${row.key} failed exactly the predicted items`);
      assert.equal(trial?.counters['failed'], expectedFailed.length);
      assert.ok((trial?.counters['retries'] ?? 0) > 0, `${row.key} retried`);
      assert.ok(row.state === 'completed' && row.summary.efficiency !== null, `${row.key} has an efficiency`);
    }
    assert.match(run.stdout, new RegExp(`${expectedFailed.length} item\\(s\\) failed in every strategy`));
    assert.match(run.stdout, /Efficiency/);
    assert.ok(typeof scenario?.facts['service.userSeconds'] === 'number', "the server's own CPU is reported");
    assert.equal(scenario?.facts['latencyMs'], 10, 'the server settings are in the report');
    assert.equal(isRunning(serverPid(scenario)), false, 'the server process is gone');
    const markdown = await readFile(join(tmp, 'io-faults.md'), 'utf8');
    assert.doesNotMatch(markdown, /--base-url http/, 'the printed trial command does not name the stopped server');
  });

  test('io: a failed row stops the server all the same', async () => {
    const run = await bench(['--scenario', 'io', '--items', '3', '--latency-ms', '1', '--body', '1KiB', '--strategy', `sequential,${LOSSY}`, ...common('io-lossy')]);
    assert.equal(run.code, 1, 'a failed row fails the run');
    const scenario = (await results('io-lossy')).scenarios[0];
    assert.equal(scenario?.rows.find((row) => row.label === 'drops-last-item')?.state, 'failed');
    assert.equal(isRunning(serverPid(scenario)), false, 'the server process is gone');
  });

  test('io: an interrupted run stops the server too', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'bench', '--scenario', 'io', '--items', '40', '--latency-ms', '100', '--body', '1KiB', '--strategy', 'sequential', ...common('io-interrupted')],
      { cwd: tmp, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let servers: number[] = [];
    const deadline = Date.now() + 30_000;
    while (servers.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      servers = await childrenOf(child.pid as number, 'server/main.js');
    }
    assert.equal(servers.length, 1, 'the harness started one server');
    child.kill('SIGINT');
    assert.equal(await exited, 130, 'an interrupted run exits 130');
    assert.equal(isRunning(servers[0] as number), false, 'the server process is gone');
  });

  test('disk: every strategy writes files that read back identical', async () => {
    const dir = join(tmp, 'disk');
    await mkdir(dir);
    const run = await bench(['--scenario', 'disk', '--items', '3', '--file-mib', '0.25', '--disk-dir', dir, '--strategy', 'sequential,promise,child-process', ...common('disk')]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const scenario = (await results('disk')).scenarios[0];
    assertVerified(scenario, ['sequential', 'promise/c4', 'child-process/w2']);
    assert.equal(scenario?.facts['fileMiB'], 0.25);
    assert.equal(typeof scenario?.facts['filesystem'], 'string');
    assert.equal(scenario?.facts['diskDir'], dir);
    assert.deepEqual(await readdir(dir), [], 'the written files are removed');
  });

  test('mixed: downloads then thumbnails, verified, with both stages on the timeline', async () => {
    const run = await bench(['--scenario', 'mixed', '--items', '3', '--latency-ms', '5', '--strategy', 'sequential,promise,worker-threads', ...common('mixed')]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const scenario = (await results('mixed')).scenarios[0];
    assertVerified(scenario, ['sequential', 'promise/c4', 'worker-threads/w2']);
    const events = scenario?.rows[0]?.trials[0]?.events ?? [];
    assert.deepEqual([...new Set(events.map((e) => e.stage))].sort(), ['download', 'thumbnail']);
    for (const event of events) assert.ok(event.start >= 0 && event.end >= event.start);
    assert.equal(isRunning(serverPid(scenario)), false, 'the server process is gone');
  });

  test('io: a lone trial with no --base-url starts its own server', async () => {
    const run = await new Promise<Run>((resolve, reject) => {
      execFile(
        process.execPath,
        [CLI, 'trial', '--scenario', 'io', '--strategy', 'promise', '--concurrency', '2', '--items', '3', '--latency-ms', '1', '--body', '1KiB', '--cache-dir', join(tmp, 'cache')],
        { cwd: tmp, timeout: 60_000 },
        (error, stdout, stderr) => {
          if (error !== null && typeof error.code !== 'number') reject(error);
          else resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
        },
      );
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /io under promise .*3 items/);
    assert.match(run.stdout, /"failed":0/);
  });
});
