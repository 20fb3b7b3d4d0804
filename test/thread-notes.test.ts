import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { KindAccount, ThreadAccount } from '../harness/measure/thread-account.js';
import type { ThreadKind } from '../harness/measure/thread-kinds.js';
import { chartPlans } from '../harness/report/charts/specs.js';
import { decide } from '../harness/analysis/decision.js';
import { renderMarkdown } from '../harness/report/markdown.js';
import { scenarioNotes } from '../harness/report/notes.js';
import { threadTable } from '../harness/report/thread-table.js';
import { parseResults } from '../harness/results/read.js';
import type { Row } from '../harness/results/records.js';
import type { JsThreadWindow } from '../harness/trial/report.js';
import { expectedWindowSeconds, MIN_WINDOW_INTERVAL_MS, windowSampleInterval } from '../harness/run/rounds.js';
import { runHere } from './fixtures/command-line.js';
import { completedRow, context, run, scenarioResult } from './fixtures/results.js';

// Renderers over hand-built per-thread figures: every cause a note names must come from them.

const WINDOW = 2;

function account(coresByKind: Partial<Record<ThreadKind, number>>, threads: Partial<Record<ThreadKind, number>> = {}): ThreadAccount {
  const kinds: Partial<Record<ThreadKind, KindAccount>> = {};
  for (const [kind, cores] of Object.entries(coresByKind) as [ThreadKind, number][]) {
    const cpu = cores * WINDOW;
    kinds[kind] = { threads: threads[kind] ?? 1, cpuSeconds: cpu, userSeconds: cpu, sysSeconds: 0, waitSeconds: 0.1, voluntarySwitches: 100, involuntarySwitches: 10 };
  }
  return { available: true, method: 'hand-built', windowSeconds: WINDOW, kinds, nativeNames: [], unseenCpuSeconds: 0 };
}

const main = (gcPauseSeconds = 0, eventLoopUtilisation = 1): JsThreadWindow => ({ role: 'main', pid: 1, tid: 1, gcCount: gcPauseSeconds > 0 ? 40 : 0, gcPauseSeconds, eventLoopUtilisation });

function withThreads(row: Row, threads: ThreadAccount, jsThreads: JsThreadWindow[], foreignLoadCores = 0): Row {
  return { ...row, trials: row.trials.map((t) => ({ ...t, threads, jsThreads, foreignLoadCores })) };
}

const sequential = (threads: ThreadAccount, js: JsThreadWindow[], load = 0): Row =>
  withThreads(completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2, 2.1, 1.9] }), threads, js, load);
const promise = (threads: ThreadAccount, js: JsThreadWindow[], load = 0): Row =>
  withThreads(completedRow({ strategy: 'promise', label: 'promise c2', key: 'promise/c2', concurrency: 2, reals: [1.2, 1.25, 1.3] }), threads, js, load);

test('a row whose work ran on libuv\'s pool is described by its measured shares, naming libuv', () => {
  const notes = scenarioNotes([promise(account({ 'main-js': 0.31, 'libuv-pool': 1.12, 'v8-helpers': 0.06 }, { 'libuv-pool': 4 }), [main(0, 0.3)])], {});
  const note = notes.find((n) => n.startsWith('promise c2 kept'));
  assert.equal(
    note,
    'promise c2 kept 1.49 cores busy in its work window with one JavaScript thread: JavaScript thread 0.31, libuv pool 1.12, V8 helpers 0.06; 1.12 ran in native code off the JavaScript thread.',
  );
});

test('pure JavaScript on one thread: the V8 share is named with its GC pauses, and libuv is never mentioned, whatever the row is called', () => {
  const threads = account({ 'main-js': 1.0, 'v8-helpers': 0.22, 'libuv-pool': 0.001 });
  const rows = [sequential(threads, [main(0.24)]), promise(threads, [main(0.24)])];
  const notes = scenarioNotes(rows, {});
  const sequentialNote = notes.find((n) => n.startsWith('sequential kept')) ?? '';
  assert.match(sequentialNote, /^sequential kept 1\.22 cores busy in its work window with one JavaScript thread: JavaScript thread 1\.00, V8 helpers 0\.22; 0\.22 of it was V8's helper threads/);
  assert.match(sequentialNote, /which is why user > real even without parallelism/);
  assert.match(sequentialNote, /the main thread paused 240 ms for GC in 40 collections \(12% of the window\)/);
  assert.ok(notes.every((n) => !/libuv/.test(n)), notes.join('\n'));
  assert.ok(decide(scenarioResult(rows)).recommendation.search(/libuv|native code/) === -1);
});

test('a row whose trials saw foreign load is warned about, and the decision marks its verdict unreliable', () => {
  const threads = account({ 'main-js': 1 });
  const rows = [sequential(threads, [main()]), promise(threads, [main()], 0.9)];
  const notes = scenarioNotes(rows, {}, { foreignLoadWarnCores: 0.25 });
  assert.ok(notes.some((n) => /^WARNING: foreign load: other processes kept up to 0\.90 cores busy .* while promise c2 ran/.test(n)), notes.join('\n'));
  assert.ok(!notes.some((n) => /foreign load.*while sequential ran/.test(n)));
  assert.match(decide(scenarioResult(rows)).unreliable ?? '', /promise c2 \(0\.90 cores\)/);
  assert.equal(decide(scenarioResult(rows), 1).unreliable, null, 'a higher threshold lets it pass');
  const markdown = renderMarkdown(run([scenarioResult(rows)]));
  assert.match(markdown, /UNRELIABLE \(other processes took cores/);
  assert.match(markdown, /### Where the CPU went/);
});

test('the "where the CPU went" table and chart stack each approach by thread kind', () => {
  const result = scenarioResult([sequential(account({ 'main-js': 1, 'v8-helpers': 0.2 }), [main(0.1)]), promise(account({ 'main-js': 0.3, 'libuv-pool': 1.1 }), [main()])]);
  const pureJs = threadTable(scenarioResult([sequential(account({ 'main-js': 1, 'v8-helpers': 0.2, 'libuv-pool': 0.01 }), [main(0.1)])]));
  assert.ok(!pureJs?.head.includes('libuv pool'), 'a column empty in every row is left out');
  const table = threadTable(result);
  assert.deepEqual(table?.head.slice(0, 5), ['Approach', 'Cores busy', 'JS threads', 'libuv pool', 'V8 helpers']);
  assert.deepEqual(table?.rows.map((r) => r.cells.slice(0, 5)), [['sequential', '1.20', '1.00', '-', '0.20'], ['promise c2', '1.40', '0.30', '1.10', '-']]);
  assert.ok((threadTable(result, true)?.head.length ?? 0) < (table?.head.length ?? 0), 'the compact view leaves columns out');
  // All user time in these accounts, and no minor faults recorded: a 0.0% kernel share, no faults column.
  const kernel = table?.head.indexOf('JS CPU in kernel') ?? -1;
  assert.ok(kernel > 0, 'a kernel-share column');
  assert.deepEqual(table?.rows.map((r) => r.cells[kernel]), ['0.0%', '0.0%']);
  assert.ok(!table?.head.includes('JS minor faults/item'), 'no faults column where no trial recorded them');
  const where = chartPlans(run([result])).find((p) => p.kind === 'where');
  assert.ok(where !== undefined);
  const values = (where.spec as { data: { values: { approach: string; cores: number }[] } }).data.values;
  assert.equal(values.filter((v) => v.approach === 'promise c2').reduce((sum, v) => sum + v.cores, 0).toFixed(2), '1.40');
});

test('rows without per-thread figures say so rather than guess', () => {
  const row = completedRow({ strategy: 'promise', label: 'promise c2', key: 'promise/c2', reals: [1, 1, 1] });
  const missing = { ...row, trials: row.trials.map((t) => ({ ...t, threads: { available: false as const, reason: 'per-thread accounting needs Linux\'s /proc (this is darwin)' } })) };
  const notes = scenarioNotes([missing], {});
  assert.ok(notes.includes("CPU by thread kind: not available (per-thread accounting needs Linux's /proc (this is darwin))."), notes.join('\n'));
  assert.ok(!notes.some((n) => /libuv|cores busy in its work window/.test(n)));
});

test('the sampling period inside the window gives at least 25 samples where it can, within its bounds', () => {
  assert.equal(windowSampleInterval(0, 2), 0, 'sampling off stays off');
  assert.equal(windowSampleInterval(250, null), 25, 'first trial of a row');
  assert.ok(2000 / windowSampleInterval(250, 2) >= 25);
  for (const windowSeconds of [0.1, 0.13, 0.25, 0.7, 3]) {
    assert.ok((windowSeconds * 1000) / windowSampleInterval(250, windowSeconds) >= 25, `a ${windowSeconds * 1000} ms window gets 25 samples at least`);
  }
  assert.equal(windowSampleInterval(250, 0.01), MIN_WINDOW_INTERVAL_MS, 'never faster than the floor');
  // A trial slowed by other processes does not make the next one's sampling sparse: the shortest window so far is expected.
  assert.equal(expectedWindowSeconds([{ workSeconds: 0.5 }, { workSeconds: 1.1 }, { workSeconds: null }]), 0.5);
  assert.equal(expectedWindowSeconds([]), null, 'a row\'s first trial has no expectation');
  assert.equal(windowSampleInterval(250, 100), 250, 'never slower than the row asked');
});

/** A results file as schema 1 wrote it: no per-thread figures, no foreign load, no window marks. */
function versionOne(): unknown {
  const results = run([scenarioResult([sequential(account({ 'main-js': 1 }), [main()]), promise(account({ 'main-js': 1 }), [main()])])]);
  const strip = ['peakRssMethod', 'window', 'windowSampleIntervalMs', 'foreignLoadCores', 'threads', 'jsThreads'];
  return {
    ...results,
    schemaVersion: 1,
    scenarios: results.scenarios.map((s) => ({
      ...s,
      rows: s.rows.map((r) => ({ ...r, trials: r.trials.map((t) => Object.fromEntries(Object.entries(t).filter(([name]) => !strip.includes(name)))) })),
    })),
  };
}

test('version-1 results files are still read, upgraded with nothing made up', () => {
  const upgraded = parseResults('old.json', JSON.stringify(versionOne()));
  assert.equal(upgraded.schemaVersion, 2);
  const trial = upgraded.scenarios[0]?.rows[0]?.trials[0];
  assert.equal(trial?.threads, null);
  assert.equal(trial?.foreignLoadCores, null);
  assert.deepEqual(trial?.jsThreads, []);
});

test('`compare` and `merge` read a version-1 file beside a version-2 one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parabench-v1-'));
  try {
    await writeFile(join(dir, 'old.json'), JSON.stringify(versionOne()));
    // A later run of its own (compare refuses one run given twice): another start, other trial times.
    const later = run([scenarioResult([sequential(account({ 'main-js': 1 }), [main()]), promise(account({ 'main-js': 1 }), [main()])])], context('test-machine', { startedAt: '2026-01-02T00:00:00.000Z' }));
    const own = { ...later, scenarios: later.scenarios.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r, trials: r.trials.map((t) => ({ ...t, realSeconds: t.realSeconds + 0.001 })) })) })) };
    await writeFile(join(dir, 'new.json'), JSON.stringify(own));
    const compared = await runHere(['compare', join(dir, 'old.json'), join(dir, 'new.json')]);
    assert.equal(compared.code, 0, compared.stderr);
    const merged = await runHere(['merge', join(dir, 'old.json'), join(dir, 'new.json')]);
    assert.equal(merged.code, 0, merged.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a work window far shorter than the readings of its threads gives no thread figures, never more cores than the machine has', () => {
  // The issue's case: 0.54 ms of work, read as 9.92 cores busy on 2 cores (the CPU of the readings' span over the window).
  const short: ThreadAccount = {
    available: true,
    method: 'hand-built',
    windowSeconds: 0.00054,
    spanSeconds: 0.006,
    kinds: { 'main-js': { threads: 1, cpuSeconds: 0.005357, userSeconds: 0.005, sysSeconds: 0.000357, waitSeconds: 0, voluntarySwitches: 1, involuntarySwitches: 0 } },
    nativeNames: [],
    unseenCpuSeconds: 0,
  };
  const notes = scenarioNotes([sequential(short, [main()])], {});
  assert.equal(notes.find((n) => n.startsWith('sequential kept')), undefined, notes.join('\n'));
  // A window that fills its span is read over the span: 2 s of window in a 2.02 s span.
  const base = account({ 'main-js': 1.01 });
  assert.ok(base.available);
  const long: ThreadAccount = { ...base, spanSeconds: 2.02 };
  const note = scenarioNotes([sequential(long, [main()])], {}).find((n) => n.startsWith('sequential kept')) ?? '';
  assert.match(note, /^sequential kept 1\.00 cores busy/);
});
