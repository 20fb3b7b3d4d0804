import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { renderCsv } from '../harness/exporters/csv.js';
import { renderBenchmarkJson } from '../harness/exporters/github-action-benchmark.js';
import { json } from '../harness/exporters/json.js';
import { markdown } from '../harness/exporters/markdown.js';
import { DEFAULT_FORMATS, FORMAT_NAMES, loadExporters } from '../harness/exporters/registry.js';
import { renderRunSummary } from '../harness/exporters/terminal.js';
import type { Row } from '../harness/results/records.js';
import { completedRow, failedRow, run, scenarioResult } from './fixtures/results.js';
import { runHere } from './fixtures/command-line.js';

const results = run([
  scenarioResult([
    completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2, 2.1, 1.9] }),
    completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals: [1.1, 1, 1.2] }),
    failedRow('child-process', 'child-process x2', 'child-process/w2', 'item 1 failed: boom, twice'),
  ]),
]);
const target = { outDir: 'results', baseName: 'cpu-run' };

test('the registry offers the five formats; the default is terminal, json and markdown', async () => {
  assert.deepEqual(FORMAT_NAMES, ['terminal', 'markdown', 'json', 'csv', 'github-action-benchmark']);
  const loaded = await loadExporters(FORMAT_NAMES);
  assert.deepEqual(loaded.map((exporter) => exporter.name), FORMAT_NAMES);
  assert.deepEqual([...DEFAULT_FORMATS], ['terminal', 'json', 'markdown']);
  await assert.rejects(loadExporters(['pdf']), /unknown format "pdf"; the formats are terminal, markdown, json, csv, github-action-benchmark/);
});

test('csv: a header and one line per row, medians as plain numbers, a failed row with its failure quoted', () => {
  assert.equal(
    renderCsv(results),
    [
      'scenario,items,approach,strategy,workers,concurrency,chunk_size,state,trials,real_median_s,real_sd_s,user_median_s,sys_median_s,cpu_util_fraction,startup_median_s,work_median_s,peak_rss_bytes,speedup,speedup_error,work_speedup,work_speedup_error,efficiency_fraction,failure',
      'cpu,10,sequential,sequential,1,1,1,completed,3,2,0,1.8,0.2,0.5,0.02,1,67108864,1,0,1,0,,',
      'cpu,10,worker-threads x2,worker-threads,2,1,1,completed,3,1.1,0,0.99,0.11,0.5,0.02,0.55,67108864,1.818181818,0,1.818181818,0,,',
      'cpu,10,child-process x2,child-process,2,1,1,failed,0,,,,,,,,,,,,,,"item 1 failed: boom, twice"',
      '',
    ].join('\n'),
  );
});

test('github-action-benchmark: customSmallerIsBetter entries with stable names and one unit per metric', () => {
  const entries = renderBenchmarkJson(results);
  assert.deepEqual(entries.map((e) => e.name), [
    'cpu/sequential real (10 items)',
    'cpu/sequential work (10 items)',
    'cpu/sequential cpu (10 items)',
    'cpu/sequential peak-rss (10 items)',
    'cpu/worker-threads/w2 real (10 items)',
    'cpu/worker-threads/w2 work (10 items)',
    'cpu/worker-threads/w2 cpu (10 items)',
    'cpu/worker-threads/w2 peak-rss (10 items)',
  ]);
  const extra = '3 trials; speedup 1.82 ± 0.00x; test-machine: Test CPU, 2 cores, Node v20.0.0';
  // Trials of 1.1, 1 and 1.2 s: mean 1.1, sd 0.1; t(0.975, 2) = 0.95 / sqrt(2 x 0.975 x 0.025) = 4.3027 (closed form for 2 df),
  // so the half-width is 4.3027 x 0.1 / sqrt(3) = 0.2484 s; the work windows are half as long; every trial peaks at 64 MiB.
  const half = (0.95 / Math.sqrt(2 * 0.975 * 0.025)) * (0.1 / Math.sqrt(3));
  const ci = (h: number): string => `± ${Math.round(h * 1e6) / 1e6} (95% CI of the mean)`;
  assert.equal(ci(half), '± 0.248414 (95% CI of the mean)');
  assert.deepEqual(entries.slice(4), [
    { name: 'cpu/worker-threads/w2 real (10 items)', unit: 's', value: 1.1, range: ci(half), extra },
    { name: 'cpu/worker-threads/w2 work (10 items)', unit: 's', value: 0.55, range: ci(half / 2), extra },
    { name: 'cpu/worker-threads/w2 cpu (10 items)', unit: 's', value: 1.1, range: ci(half), extra },
    { name: 'cpu/worker-threads/w2 peak-rss (10 items)', unit: 'MiB', value: 64, range: '± 0 (95% CI of the mean)', extra },
  ]);
  for (const metric of ['real', 'work', 'cpu', 'peak-rss']) {
    const units = new Set(entries.filter((e) => e.name.includes(` ${metric} `)).map((e) => e.unit));
    assert.equal(units.size, 1, `${metric} has one unit`);
  }
});

test('github-action-benchmark: a row of one trial has no interval, so its range is the summary\'s sd, labelled so', () => {
  const one = completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2] }) as Extract<Row, { state: 'completed' }>;
  const single = run([scenarioResult([{ ...one, summary: { ...one.summary, realSeconds: { ...one.summary.realSeconds, sd: 0.25 } } }])]);
  assert.equal(renderBenchmarkJson(single)[0]?.range, '± 0.25 (sd)');
});

test('json: the results exactly, pretty-printed, at <base>.json', async () => {
  const files = await json.files?.(results, target);
  assert.deepEqual(files, [{ path: 'cpu-run.json', content: `${JSON.stringify(results, null, 2)}\n` }]);
});

test('markdown: the report links every chart it writes beside it, and has the decision matrix and projection', async () => {
  const files = (await markdown.files?.(results, target)) ?? [];
  const [report, ...charts] = files;
  assert.equal(report?.path, 'cpu-run.md');
  assert.deepEqual(charts.map((c) => c.path), ['cpu-run-charts/cpu-real.svg']);
  const text = report?.content ?? '';
  assert.ok(text.includes('![cpu: Real time per trial, by approach (box: min to max, dots: trials)](cpu-run-charts/cpu-real.svg)'));
  assert.ok(text.includes('## Decision matrix'));
  assert.ok(text.includes('| cpu (10 items) | CPU-bound | 0.95 | worker-threads x2 | 1.82 ± 0.00 times faster | n/a |'));
  assert.ok(text.includes("## Projection: `cpu` at document 000's sizes"));
  assert.ok(text.includes('`--items` was not swept'));
  assert.ok(text.includes('### Serial fraction (Karp-Flatt)'));
  // work speedup 1 / 0.55 on p = 2: e = (0.55 - 0.5) / 0.5 = 0.1
  assert.ok(text.includes('| worker-threads x2 | 2 | 1.82x | 0.100 |'));
  assert.ok(text.indexOf('## Machine') < text.indexOf('## Decision matrix'), 'the context comes first');
});

test('terminal: the closing summary has the decision matrix and the projection, without colour under NO_COLOR', () => {
  const text = renderRunSummary(results, new Chalk({ level: 0 }), { width: 240, wide: true });
  assert.ok(text.includes('Decision matrix'));
  assert.ok(text.includes('Projection: cpu'));
  assert.ok(text.includes('worker-threads x2'));
  assert.ok(text.includes('1.82 ± 0.00 times faster'));
  assert.doesNotMatch(text, /\u001b\[/);
  assert.equal(renderRunSummary(run([]), new Chalk({ level: 0 })), '');
});

test('bench --help names every format; an unknown --format is a usage error listing them', async () => {
  const help = await runHere(['bench', '--help']);
  for (const name of FORMAT_NAMES) assert.ok(help.stdout.includes(name), `help names ${name}`);
  const bad = await runHere(['bench', '--format', 'terminal,nope']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /format "nope"/);
  for (const name of FORMAT_NAMES) assert.ok(bad.stderr.includes(name), `the message lists ${name}`);
});
