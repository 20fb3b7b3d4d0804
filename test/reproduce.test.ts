/** `parabench reproduce`: names, the mapping of every article row, reports rendered from hand-built results, usage errors. */
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateResults } from '../harness/results/schema.js';
import { buildReport } from '../harness/reproduce/build.js';
import { explainRow } from '../harness/reproduce/measured.js';
import { benchOptions } from '../harness/reproduce/command.js';
import type { ReproduceSettings } from '../scenarios/documents/document.js';
import { PIPELINE_ROWS, pipelinePlan, pipelineRowKey } from '../scenarios/documents/doc-002-pipeline.js';
import { DOCUMENT_NAMES, documentsNamed } from '../scenarios/documents/names.js';
import { plans } from '../scenarios/documents/registry.js';
import { readings, reproduction } from '../harness/reproduce/registry.js';
import { renderReport } from '../harness/reproduce/render.js';
import type { Row, RunResults, TrialRecord } from '../harness/results/records.js';
import { selectRows } from '../harness/run/bench.js';
import { planRows } from '../harness/run/rows.js';
import { strategies } from '../strategies/registry.js';
import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';
import { completedRow, context, run, scenarioResult } from './fixtures/results.js';

const settings = (quick: boolean, cores = 2, timeScale?: number): ReproduceSettings => ({ quick, timeScale, cores, workDir: '/nonexistent/work', cacheDir: '/nonexistent/cache' });

test('documents are named by id, alias, digit or all', () => {
  assert.deepEqual(documentsNamed('pipeline')?.map((d) => d.id), ['002']);
  assert.deepEqual(documentsNamed('threads-vs-processes')?.map((d) => d.id), ['001']);
  assert.deepEqual(documentsNamed('3')?.map((d) => d.id), ['003']);
  assert.deepEqual(documentsNamed('ALL')?.map((d) => d.id), ['000', '001', '002', '003']);
  assert.equal(documentsNamed('004'), undefined);
  assert.deepEqual(Object.keys(plans).sort(), DOCUMENT_NAMES.map((d) => d.id));
  assert.deepEqual(Object.keys(readings).sort(), DOCUMENT_NAMES.map((d) => d.id), 'every document has a reading of its results');
});

test('every article row maps to a row its experiment plans, for every document, quick or not, on 2 or 8 cores', () => {
  for (const [quick, cores] of [[true, 2], [false, 2], [false, 8]] as const) {
    for (const makePlan of Object.values(plans)) {
      const plan = makePlan(settings(quick, cores));
      const planned = new Map(
        plan.experiments.map((experiment) => {
          const options = benchOptions(experiment, plan, { documents: [], quick, timeScale: undefined, outDir: '/x', cacheDir: '/y', iterations: undefined, warmup: undefined }, cores);
          const definitions = new Map(options.strategies.map((name) => [name, strategies[name] as NonNullable<(typeof strategies)[string]>]));
          return [experiment.id, selectRows(planRows(definitions, options), options.rowKeys).map((p) => p.key)];
        }),
      );
      for (const table of plan.tables) {
        assert.ok(table.rows.length > 0, `${plan.name.id} ${table.id}`);
        for (const row of table.rows) {
          const keys = planned.get(row.counterpart.experiment);
          assert.ok(keys !== undefined, `${plan.name.id} ${table.id} "${row.label}": no experiment ${row.counterpart.experiment}`);
          assert.ok(keys.includes(row.counterpart.rowKey), `${plan.name.id} ${table.id} "${row.label}": ${row.counterpart.rowKey} not in ${keys.join(', ')}`);
          assert.ok(row.counterpart.mapping.length > 0);
        }
      }
    }
  }
});

test("document 002's table has the article's twelve runs in its order, each on its own parabench row", () => {
  assert.deepEqual(PIPELINE_ROWS.map((row) => Number(row.seconds.toFixed(1))), [70.2, 59.4, 59.4, 59.6, 41.5, 32.5, 32.5, 28.3, 25.9, 25.3, 25.3, 23.5]);
  const keys = PIPELINE_ROWS.map(pipelineRowKey);
  assert.equal(new Set(keys).size, 12);
  const table = pipelinePlan(settings(false, 2, 0.2)).tables[0];
  assert.equal(table?.scale, 0.2);
  assert.deepEqual(table?.rows.map((row) => row.counterpart.rowKey), keys);
  assert.equal(pipelinePlan(settings(false)).tables[0]?.scale, 1, 'the article\'s own scale by default');
});

/** A row of the api scenario measured at exactly `work` seconds, with counters on every trial. */
function apiRow(key: string, work: number, counters: Record<string, number> = {}): Row {
  const row = completedRow({ strategy: key.split('/')[0] as string, label: key.replace(/\//g, ' '), key, reals: [work + 0.2], works: [work] });
  return { ...row, trials: row.trials.map((t): TrialRecord => ({ ...t, items: 9, counters })) };
}

test('the 002 report, rendered from hand-built results: both columns, deviations, the per-batch pool cost set apart', () => {
  const plan = reproduction('002', settings(false, 2, 0.2));
  const sleepRows = PIPELINE_ROWS.map((row) => {
    const target = row.seconds * 0.2;
    return row.variant === 'per-batch-pool'
      ? apiRow(pipelineRowKey(row), target + 0.3, { poolsCreated: 3, poolStartupSeconds: 0.25, poolShutdownSeconds: 0.05 })
      : apiRow(pipelineRowKey(row), target * 1.01);
  });
  const spinRows = PIPELINE_ROWS.map((row) => apiRow(pipelineRowKey(row), row.seconds * 0.1 * 1.5));
  const results = new Map<string, RunResults>([
    ['sleep', run([scenarioResult(sleepRows, 9, 'api')], context())],
    ['spin', run([scenarioResult(spinRows, 9, 'api')], context())],
  ]);
  const report = buildReport(plan, results, [{ experiment: 'sleep', path: 'runs/002-sleep.json', wallSeconds: 300 }], 310);
  const sleep = report.tables[0];
  assert.equal(sleep?.rows.length, 12);
  assert.ok(Math.abs((sleep?.rows[0]?.cells[0]?.deviation ?? 0) - 0.01) < 1e-9);
  const markdown = renderReport(report);
  assert.match(markdown, /^# Document 002 \(pipeline\): /);
  assert.match(markdown, /on the article's hardware \(not stated; the article simulates every stage with time\.sleep/);
  assert.match(markdown, /measured here, on Test CPU, 2 cores/);
  assert.match(markdown, /\| Article row \| Node counterpart \(parabench row\) \| Work window \(article, s\) \| article x 0\.2 \(s\) \| Work window \(parabench, s\) \| deviation \|/);
  assert.match(markdown, /\| serial script \| sequential variant=serial \(sleep, 9 items\) \| 70\.2 \| 14\.04 \| 14\.18 \| \+1\.0% \|/);
  assert.match(markdown, /\| persistent pool with the DataImport thread, cpucount = 5 \| child-process w5 variant=persistent-pool-overlap \(sleep, 9 items\) \| 23\.5 \| 4\.699 \| 4\.746 \| \+1\.0% \|/);
  // Per-batch: 0.3 s above the article x 0.2 before, the article's figure once 0.25 + 0.05 s are set apart.
  assert.match(markdown, /\| child-process w2 variant=per-batch-pool \| 3 \| 0\.083 \| 0\.017 \| 8\.604 \| 8\.304 \| 8\.304 \| \+3\.6% \| \+0\.0% \|/);
  assert.match(markdown, /## The same pipeline CPU-bound \(spin, time scale 0\.1\): where cores limit it/);
  assert.match(markdown, /\| serial script \| sequential variant=serial \(spin, 9 items\) \| 70\.2 \| 7\.020 \| 10\.53 \| \+50\.0% \| 1\.00 \|/);
  assert.match(markdown, /## How Python maps to Node\n\n- threading\.Thread \+ queue\.Queue/);
  assert.match(markdown, /- multiprocessing\.Pool <-> a pool of child processes/);
  assert.match(markdown, /- the GIL <-> the one event loop/);
  assert.match(markdown, /## Explained \(from the measured figures\)\n\n- sequential variant=serial \(sleep, 9 items\): real 14\.\d+ s, user 12\.\d+ s, sys 1\.\d+ s; 1\.00 cores busy on average \(CPU util 50% of 2\)/);
  assert.match(markdown, /- sleep: `runs\/002-sleep\.json` \(300\.0 s\)/);
  assert.doesNotMatch(markdown, /not measured|NaN|undefined/);
});

test('a row that was not measured says so instead of inventing a figure', () => {
  const plan = reproduction('002', settings(true));
  const report = buildReport(plan, new Map(), [], 1);
  const markdown = renderReport(report);
  assert.match(markdown, /\| serial script \| sequential\/variant=serial \(not measured\) \(sleep\) \| 70\.2 \| 3\.510 \| - \| - \|/);
  assert.match(markdown, /- sequential\/variant=serial: not measured\./);
});

test('the 000 report fits its projection from the size sweep and reads the incremental rerun and the errors', () => {
  const plan = reproduction('000', settings(false, 2));
  // real = 0.5 s + 5 ms per image for every approach: the projection to 100,000 images is 500.5 s.
  const sizes = [250, 500, 1000].map((items) =>
    scenarioResult(
      ['sequential', 'promise/c2', 'worker-threads/w2', 'child-process/w2'].map((key) => completedRow({ strategy: key.split('/')[0] as string, label: key, key, reals: [0.5 + 0.005 * items] })),
      items,
    ),
  );
  const incrementalRow = (key: string, fresh: number, rerun: number, skipped: number): Row => {
    const row = completedRow({ strategy: key.split('/')[0] as string, label: key, key, reals: [rerun] });
    const first: TrialRecord = { ...(row.trials[0] as TrialRecord), warmup: true, realSeconds: fresh, items: 1000, counters: { skipped: 0 } };
    return { ...row, trials: [first, ...row.trials.map((t) => ({ ...t, items: 1000, counters: { skipped } }))] };
  };
  const failing = (key: string): Row => {
    const row = completedRow({ strategy: key.split('/')[0] as string, label: key, key, reals: [0.4] });
    return { ...row, trials: row.trials.map((t) => ({ ...t, items: 101, itemFailures: [{ item: 100, code: 'BAD_ITEM', message: 'photo-broken.jpg: unsupported image format' }] })) };
  };
  const results = new Map<string, RunResults>([
    ['sizes', run(sizes)],
    ['incremental', run([scenarioResult([incrementalRow('sequential', 6, 0.3, 1000), incrementalRow('child-process/w2', 4, 0.4, 1000)], 1000)])],
    ['partial', run([scenarioResult([incrementalRow('sequential', 0, 0.9, 900), incrementalRow('child-process/w2', 0, 0.8, 900)], 1000)])],
    ['errors', run([scenarioResult([failing('sequential'), failing('child-process/w2')], 101)])],
  ]);
  const markdown = renderReport(buildReport(plan, results, [], 1));
  assert.match(markdown, /\| Article row \| Node counterpart \(parabench row\) \| Real \(article, s\) \| Real \(parabench, s\) \| User \(article, s\) \| User \(parabench, s\) \| Sys \(article, s\) \| Sys \(parabench, s\) \| Speedup \(article, x\) \| Speedup \(parabench, x\) \| CPU util \(article, %\) \| CPU util \(parabench, %\) \|/);
  assert.match(markdown, /\| ProcessPoolExecutor \| child-process\/w2 \(sizes, 1000 items\) \| <1\.0 \(0\.9 in its projection\) \| 5\.500 \|/);
  assert.match(markdown, /\| 100,000 \| 200 \| 500\.5 \| 120 \| 500\.5 \| 500\.5 \| 90 \| 500\.5 \|/);
  assert.match(markdown, /- sequential: 0\.500 s fixed \+ 5\.00 ms per image \(fit, R² 1\.0000\)/);
  assert.match(markdown, /\| Fresh run \(no thumbnails\) \| 100% \| none \| sequential \| 1000 of 1000 \| 6\.000 \| 0% \|/);
  assert.match(markdown, /\| Re-run \(all current\) \| 0% \| 100% \| sequential \| 0 of 1000 \| 0\.300 \| 95% \|/);
  assert.match(markdown, /\| Partial update \(10% changed\) \| 10% \| 90% \| sequential \| 100 of 1000 \| 0\.900 \| 85% \|/);
  assert.match(markdown, /\| child-process\/w2 \| 101 \| 100 \| 1 \| item 100: BAD_ITEM: photo-broken\.jpg: unsupported image format \|/);
});

test('reproduce: an unknown document (a process), a bad time scale or a missing document is a usage error (exit 2)', async () => {
  const unknown = await runCli(['reproduce', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown document "nope"; choose from: 000, thumbnails, 001, threads-vs-processes, 002, pipeline, 003, process-pool, all/);
  const scale = await runHere(['reproduce', '002', '--time-scale', '0']);
  assert.equal(scale.code, 2);
  assert.match(scale.stderr, /--time-scale 0: must be a positive number/);
  const iterations = await runHere(['reproduce', '002', '--iterations', 'x']);
  assert.equal(iterations.code, 2);
  assert.match(iterations.stderr, /--iterations takes a positive whole number, got "x"/);
  const missing = await runHere(['reproduce']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing required argument 'document'/);
});

test('explained lines name the cores by thread kind only where the results carry the per-thread account', () => {
  const row = completedRow({ strategy: 'promise', label: 'promise c2', key: 'promise/c2', reals: [2.2], works: [2] });
  assert.doesNotMatch(explainRow('promise c2', row, 2), /thread kind/);
  const threads = { available: true, method: 'test', windowSeconds: 2, kinds: { 'main-js': { cpuSeconds: 0.6, waitSeconds: 0 }, libuv: { cpuSeconds: 2.4, waitSeconds: 0.1 } } };
  const attributed = { ...row, trials: row.trials.map((t) => ({ ...t, threads })) } as unknown as Row;
  assert.match(explainRow('promise c2', attributed, 2), /in the work window, cores busy by thread kind: main-js 0\.30, libuv 1\.20 \(waited 0\.10 s for a core\)\.$/);
  const unavailable = { ...row, trials: row.trials.map((t) => ({ ...t, threads: { available: false, reason: 'not Linux' } })) } as unknown as Row;
  assert.doesNotMatch(explainRow('promise c2', unavailable, 2), /thread kind/);
});

test('reproduce process-pool --quick runs its experiment and writes the report and its JSON', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-reproduce-'));
  try {
    const run = await runCli(['reproduce', 'process-pool', '--quick', '--out', tmp, '--cache-dir', join(tmp, 'cache')], { cwd: tmp, timeoutMs: 180_000 });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const markdown = await readFile(join(tmp, '003-process-pool.md'), 'utf8');
    assert.equal(run.stdout.includes(markdown.split('\n')[0] as string), true, 'the report is printed too');
    assert.match(markdown, /## Before and after: 48 thumbnails, serial vs a process pool/);
    assert.match(markdown, /\| thumbnails_1\.py: a for loop \| sequential \(pool, 48 items\) \| 8\.956 \| \d+\.\d{3} \| 7\.086 \| \d+\.\d{3} \|/);
    assert.match(markdown, /\| executor\.map\(\.\.\., chunksize=12\) \| child-process x\d+ k12 \(pool, 48 items\) \| \d+\.\d{3} \| \d+\.\d{3} \| \d+\.\d{2} \|/);
    assert.match(markdown, /## Explained \(from the measured figures\)\n\n- sequential \(pool, 48 items\): real /);
    const report = JSON.parse(await readFile(join(tmp, '003-process-pool.json'), 'utf8')) as { tables: { rows: unknown[] }[]; runs: { path: string }[] };
    assert.deepEqual(report.tables.map((t) => t.rows.length), [2, 4]);
    const bench: unknown = JSON.parse(await readFile(join(tmp, 'runs', '003-pool.json'), 'utf8'));
    assert.deepEqual(validateResults(bench), []);
    // Document 003's shapes, which no machine changes: the same thumbnails under every row, and the
    // pool's CPU counted though it ran in child processes (the article's user rose 7.1 s -> 9.0 s).
    const rows = (bench as RunResults).scenarios[0]?.rows ?? [];
    assert.equal(rows.length, 4);
    const cpu = (row: Row): number => (row.state === 'completed' ? row.summary.userSeconds.median + row.summary.sysSeconds.median : Number.NaN);
    const sequential = rows.find((row) => row.strategy === 'sequential');
    assert.ok(sequential !== undefined);
    for (const row of rows) {
      assert.equal(row.state, 'completed', row.label);
      assert.ok(row.trials.every((trial) => trial.warmup || trial.verified === true), `${row.label}: outputs identical to the sequential run's`);
      if (row.strategy === 'child-process') assert.ok(cpu(row) >= 0.7 * cpu(sequential), `${row.label}: user+sys ${cpu(row).toFixed(2)} s counts its child processes (sequential ${cpu(sequential).toFixed(2)} s)`);
    }
    await access(join(tmp, 'cache'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
