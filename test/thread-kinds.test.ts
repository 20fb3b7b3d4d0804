import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { classifyProcess, type ThreadKind } from '../harness/measure/thread-kinds.js';
import type { ThreadSnapshot } from '../harness/measure/threads.js';
import type { ThreadsProbeReading as WindowFigures } from '../harness/instruments/threads.js';

// Loads whose CPU goes to a known kind of thread, each in a fresh process watched by the trial's
// own observer. Margins are generous: the machine is shared, so only shares are asserted.

const LOAD = fileURLToPath(new URL('./fixtures/thread-load.js', import.meta.url));
const linux = process.platform === 'linux';

async function figuresOf(load: string): Promise<WindowFigures & { windowSeconds: number; cpuSeconds: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [LOAD, load], { timeout: 60_000 });
  return JSON.parse(stdout) as WindowFigures & { windowSeconds: number; cpuSeconds: number };
}

function shares(figures: WindowFigures): Record<ThreadKind, number> {
  assert.ok(figures.threads.available, 'per-thread figures on Linux');
  const kinds = figures.threads.available ? figures.threads.kinds : {};
  const total = Object.values(kinds).reduce((sum, k) => sum + (k?.cpuSeconds ?? 0), 0);
  assert.ok(total > 0, 'the window used some CPU');
  const share = (kind: ThreadKind): number => (kinds[kind]?.cpuSeconds ?? 0) / total;
  return { 'main-js': share('main-js'), 'worker-js': share('worker-js'), 'child-js': share('child-js'), 'libuv-pool': share('libuv-pool'), 'v8-helpers': share('v8-helpers'), native: share('native'), other: share('other') };
}

test('CPU spent on the main thread only is attributed to the main JavaScript thread', { skip: !linux && 'reads /proc' }, async () => {
  const s = shares(await figuresOf('main'));
  assert.ok(s['main-js'] > 0.8, `main-js share ${s['main-js']}`);
  assert.ok(s['libuv-pool'] < 0.1 && s['worker-js'] === 0, JSON.stringify(s));
});

test('CPU spent in two worker threads is attributed to worker JavaScript threads, each reporting its figures', { skip: !linux && 'reads /proc' }, async () => {
  const figures = await figuresOf('workers');
  const s = shares(figures);
  assert.ok(s['worker-js'] > 0.7, `worker-js share ${s['worker-js']}`);
  assert.ok(s['main-js'] < 0.2, `main-js share ${s['main-js']}`);
  assert.equal(figures.threads.available && figures.threads.kinds['worker-js']?.threads, 2);
  const workers = figures.jsThreads.filter((j) => j.role === 'worker');
  assert.equal(workers.length, 2);
  for (const w of workers) assert.ok(w.eventLoopUtilisation > 0.5, `a burning worker's event loop is busy: ${w.eventLoopUtilisation}`);
});

test('CPU spent in two child processes is attributed to their JavaScript threads', { skip: !linux && 'reads /proc' }, async () => {
  const figures = await figuresOf('processes');
  const s = shares(figures);
  assert.ok(s['child-js'] > 0.7, `child-js share ${s['child-js']}`);
  assert.equal(figures.jsThreads.filter((j) => j.role === 'child').length, 2);
});

test("parallel crypto.pbkdf2 calls are attributed to libuv's pool, not the JavaScript thread", { skip: !linux && 'reads /proc' }, async () => {
  const figures = await figuresOf('libuv');
  const s = shares(figures);
  assert.ok(s['libuv-pool'] > 0.7, `libuv share ${s['libuv-pool']}`);
  assert.ok(s['main-js'] < 0.2, `main-js share ${s['main-js']}`);
  const main = figures.jsThreads.find((j) => j.role === 'main');
  assert.ok(main !== undefined && main.eventLoopUtilisation < 0.5, `the main loop mostly waited: ${main?.eventLoopUtilisation}`);
});

test('allocation-heavy JavaScript shows garbage collection: pauses on the main thread and a share for V8', { skip: !linux && 'reads /proc' }, async () => {
  const figures = await figuresOf('alloc');
  const main = figures.jsThreads.find((j) => j.role === 'main');
  assert.ok(main !== undefined && main.gcCount > 0 && main.gcPauseSeconds > 0, JSON.stringify(main));
  assert.ok(main.gcPauseSeconds / figures.windowSeconds > 0, 'a GC share above zero');
  const s = shares(figures);
  assert.ok(s['main-js'] > 0.5, `the allocating thread did most of the work: ${s['main-js']}`);
});

test('worker threads that touch fresh memory take more minor page faults per item than ones that only compute', { skip: !linux && 'reads /proc' }, async () => {
  const faultsPerItem = async (load: string): Promise<number> => {
    const figures = await figuresOf(load);
    assert.ok(figures.threads.available, 'per-thread figures on Linux');
    const faults = figures.threads.available ? figures.threads.kinds['worker-js']?.minorFaults : undefined;
    assert.ok(faults !== undefined, `${load}: worker threads' minor faults recorded`);
    return faults / 4; // both loads run four items
  };
  const computing = await faultsPerItem('workers');
  const touching = await faultsPerItem('workers-fresh-memory');
  // Each touching item faults in 4 x 16,384 pages; a computing item almost none. A wide margin.
  assert.ok(touching > 10 * Math.max(computing, 100), `faults per item: touching ${touching} vs computing ${computing}`);
});

test("a V8 helper busy during the libuv probe leaves V8's pool V8's; the pool's threads stay libuv's", () => {
  const snapshot = (tid: number, futexWord: bigint | null): ThreadSnapshot => ({
    pid: 100, tid, name: 'node', userSeconds: 0, sysSeconds: 0, runSeconds: 0, waitSeconds: 0,
    voluntarySwitches: 0, involuntarySwitches: 0, minorFaults: 0,
    blockedIn: futexWord === null ? null : { syscall: 202, firstArg: futexWord },
  });
  // Main thread, V8's platform pool (created first, one futex word), then libuv's pool (another word).
  const threads = [snapshot(100, null), ...[101, 102, 103, 104].map((tid) => snapshot(tid, 0x1000n)), ...[110, 111, 112, 113].map((tid) => snapshot(tid, 0x9000n))];
  // The probe saw one V8 helper compiling and only two of libuv's four threads doing its calls.
  const kinds = classifyProcess(threads, { trialPid: 100, workerTids: new Set(), libuvProbeTids: new Set([102, 110, 111]) }, 'x64');
  assert.deepEqual([101, 102, 103, 104].map((tid) => kinds.get(tid)), ['v8-helpers', 'v8-helpers', 'v8-helpers', 'v8-helpers']);
  assert.deepEqual([110, 111, 112, 113].map((tid) => kinds.get(tid)), ['libuv-pool', 'libuv-pool', 'libuv-pool', 'libuv-pool']);
  assert.equal(kinds.get(100), 'main-js');
});
