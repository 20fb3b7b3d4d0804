import { CLI, runCli } from './fixtures/cli.js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { leftovers } from './fixtures/processes.js';
import type { Row, RunResults } from '../harness/results/records.js';


const bench = (cwd: string, args: readonly string[]) => runCli(['bench', ...args], { cwd });



const STRATEGIES = ['sequential', 'promise', 'worker-threads', 'child-process', 'cluster', 'piscina', 'tinypool'] as const;
type Strategy = (typeof STRATEGIES)[number];

/** One bench run of a fault under every strategy, the reference pools included, as quick as it gets. */
async function runFault(fault: string): Promise<{ code: number; stdout: string; stderr: string; rows: readonly Row[] }> {
  const tmp = await mkdtemp(join(tmpdir(), `parabench-fault-${fault}-`));
  try {
    const run = await bench(tmp, [
      '--scenario', 'faults', '--fault', fault, '--strategy', STRATEGIES.join(','), '--workers', '2',
      '--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--format', 'json', '--out', tmp, '--name', 'f',
      '--task-timeout', '1', '--trial-timeout', '4', '--worker-heap-mb', '64',
    ]);
    const results = JSON.parse(await readFile(join(tmp, 'f.json'), 'utf8')) as RunResults;
    return { ...run, rows: results.scenarios[0]?.rows ?? [] };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function itemFailures(row: Row | undefined): string[] {
  return (row?.trials ?? []).flatMap((t) => t.itemFailures.map((f) => `${f.item}: ${f.message}`));
}

/** What a row must show: item 3's error text (the row completes), or the reason the whole trial failed. */
type Expected = { readonly item: RegExp } | { readonly row: RegExp };

const task = 'while running task faulty\\.js#faulty on it';
const pool = (name: string): string => `${name} worker \\d+${name === 'worker-threads' ? '' : ' \\(pid \\d+\\)'}`;
const exited = (name: string, how: string, why = ''): RegExp => new RegExp(`^${pool(name)} exited with ${how} ${task}${why}$`);
const timedOut = (name: string): RegExp =>
  new RegExp(`^${name}: task faulty\\.js#faulty ran past the task timeout of 1 s; ${name === 'piscina' || name === 'tinypool' ? `${name} aborted it` : `its worker \\d+${name === 'worker-threads' ? '' : ' \\(pid \\d+\\)'} was ended and replaced`}$`);
const trialDied = (how: string): Expected => ({ row: new RegExp(`^trial exited with ${how} without a report`) });
const heap = ': ran out of heap \\(limit 64 MiB\\)';
/** A main thread's death names item 3: from the trial's last words (an exit) or a diagnostic rerun (out of heap, a signal). */
const atItem3 = 'at item 3 \\(task faulty\\.js#faulty\\)';
const diagnosed = 'at item 3 \\(task faulty\\.js#faulty; found by an unmeasured diagnostic rerun\\)';
const mainThreadExit: Expected = { row: new RegExp(`^trial exited with code 3 ${atItem3} on its main thread, which ends the whole trial`) };
/** With several items in flight on one event loop, the exit's last words cannot pin the item: a diagnostic rerun does. */
const mainThreadExitConcurrent: Expected = {
  row: new RegExp(`^trial exited with code 3 at item 3 \\(task faulty\\.js#faulty(; found by an unmeasured diagnostic rerun)?\\) on its main thread, which ends the whole trial`),
};
const mainThreadKill: Expected = { row: new RegExp(`^trial exited with SIGKILL without a report ${diagnosed}`) };
const mainThreadHeap: Expected = { row: new RegExp(`^ran out of heap \\(limit 64 MiB, --worker-heap-mb\\) on the trial's main thread ${diagnosed}, which ends the whole trial`) };
const uncaught = ': uncaught exception: injected fault: uncaught exception after item 3';
const aborted = ': aborted, as V8 does when the heap runs out \\(limit 64 MiB\\)';

/** Each fault kind x each strategy: the exit code of the run and what every row says. */
const MATRIX: Readonly<Record<string, { readonly code: number; readonly rows: Readonly<Record<Strategy, Expected>> }>> = {
  throw: {
    code: 0,
    rows: Object.fromEntries(STRATEGIES.map((s) => [s, { item: /^injected fault: item 3 threw$/ }])) as Record<Strategy, Expected>,
  },
  exit: {
    code: 1,
    rows: {
      sequential: mainThreadExit,
      promise: mainThreadExitConcurrent,
      'worker-threads': { item: exited('worker-threads', 'code 3') },
      'child-process': { item: exited('child-process', 'code 3') },
      cluster: { item: exited('cluster', 'code 3') },
      piscina: { item: /^piscina: worker exited with code: 3$/ },
      tinypool: { item: /^tinypool: worker exited with code 3$/ },
    },
  },
  uncaught: {
    code: 0,
    rows: {
      sequential: { item: /^sequential: uncaught exception while running task faulty\.js#faulty: injected fault: uncaught exception after item 3$/ },
      promise: { item: /^promise: uncaught exception while running task faulty\.js#faulty: injected fault: uncaught exception after item 3$/ },
      'worker-threads': { item: exited('worker-threads', 'code 1', uncaught) },
      // A process worker sends its exception's message to the pool before it exits.
      'child-process': { item: exited('child-process', 'code 1', uncaught) },
      cluster: { item: exited('cluster', 'code 1', uncaught) },
      piscina: { item: /^piscina: injected fault: uncaught exception after item 3$/ },
      tinypool: { item: /^tinypool: injected fault: uncaught exception after item 3$/ },
    },
  },
  kill: {
    code: 1,
    rows: {
      // SIGKILL of the process a thread lives in ends the whole trial.
      sequential: mainThreadKill,
      promise: mainThreadKill,
      'worker-threads': trialDied('SIGKILL'),
      'child-process': { item: exited('child-process', 'signal SIGKILL') },
      cluster: { item: exited('cluster', 'signal SIGKILL') },
      piscina: trialDied('SIGKILL'),
      tinypool: trialDied('SIGKILL'),
    },
  },
  oom: {
    code: 1,
    rows: {
      sequential: mainThreadHeap,
      promise: mainThreadHeap,
      'worker-threads': { item: exited('worker-threads', 'code 1', heap) },
      'child-process': { item: exited('child-process', 'signal SIGABRT', aborted) },
      cluster: { item: exited('cluster', 'signal SIGABRT', aborted) },
      piscina: { item: /^piscina: Worker terminated due to reaching memory limit: JS heap out of memory$/ },
      tinypool: { item: /^tinypool: Worker terminated due to reaching memory limit: JS heap out of memory$/ },
    },
  },
  hang: {
    code: 1,
    rows: {
      // A busy main thread cannot heed --task-timeout: only --trial-timeout ends it.
      sequential: { row: /^trial timed out \(see --trial-timeout\)$/ },
      promise: { row: /^trial timed out \(see --trial-timeout\)$/ },
      'worker-threads': { item: timedOut('worker-threads') },
      'child-process': { item: timedOut('child-process') },
      cluster: { item: timedOut('cluster') },
      piscina: { item: timedOut('piscina') },
      tinypool: { item: timedOut('tinypool') },
    },
  },
};

for (const [fault, expected] of Object.entries(MATRIX)) {
  test(`fault matrix: --fault ${fault} under every strategy`, async () => {
    const { code, stdout, stderr, rows } = await runFault(fault);
    assert.equal(code, expected.code, `exit code of --fault ${fault}\n${stdout}\n${stderr}`);
    assert.deepEqual(rows.map((row) => row.strategy), [...STRATEGIES]);
    for (const row of rows) {
      const want = expected.rows[row.strategy as Strategy];
      if ('item' in want) {
        assert.equal(row.state, 'completed', `${fault} under ${row.label}: ${row.state === 'failed' ? row.failure : ''}`);
        const failures = itemFailures(row);
        assert.equal(failures.length, 1, `${fault} under ${row.label}: exactly item 3 fails\n${failures.join('\n')}`);
        const prefix = `3: faults under ${row.strategy}: item 3 failed: `;
        assert.ok(failures[0]?.startsWith(prefix), failures[0]);
        assert.match(failures[0]?.slice(prefix.length) ?? '', want.item, `${fault} under ${row.label}`);
      } else {
        assert.equal(row.state, 'failed', `${fault} under ${row.label}`);
        assert.match(row.state === 'failed' ? row.failure : '', want.row, `${fault} under ${row.label}`);
      }
    }
    assert.deepEqual(await leftovers(), [], `no trial, worker or reaper is left after --fault ${fault}`);
  });
}

for (const [signal, what] of [['SIGINT', 'Ctrl-C'], ['SIGHUP', 'a closed terminal (SIGHUP)']] as const) {
test(`${what} during bench ends the running trial group, saves completed rows and exits 130`, async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-interrupt-'));
  try {
    const child = spawn(
      process.execPath,
      [CLI, 'bench', '--scenario', 'faults', '--fault', 'hang', '--strategy', 'child-process,sequential', '--workers', '2', '--iterations', '3', '--warmup', '0',
        '--task-timeout', '30', '--sample-interval', '0', '--out', tmp, '--name', 'int', '--format', 'json,markdown'],
      { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } },
    );
    // The first trial (sequential) hangs; interrupt it while it runs.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 130);
    const results = JSON.parse(await readFile(join(tmp, 'int.json'), 'utf8')) as RunResults;
    assert.equal(results.interrupted, true);
    assert.match(await readFile(join(tmp, 'int.md'), 'utf8'), /interrupted/, 'the markdown report is written too');
    assert.deepEqual(await leftovers(), [], 'no trial or worker outlives the interrupted bench');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
}
