/** The ceiling row in reports: throughput speedups, each approach's share, the column and the notes, from hand-built rows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioTable } from '../harness/report/comparison-table.js';
import { fastestRow } from '../harness/results/row-figures.js';
import { ceilingNotes } from '../harness/report/ceiling-notes.js';
import { decide } from '../harness/analysis/decision.js';
import type { Row, RunResults } from '../harness/results/records.js';
import { compareRuns } from '../harness/compare/compare.js';
import { validateResults } from '../harness/results/schema.js';
import { mergeRuns } from '../harness/merge/merge.js';
import { withSpeedups } from '../harness/run/summarise.js';
import { withCeilingShares } from '../harness/run/row-kinds/ceiling.js';
import { completedRow, run, summary } from './fixtures/results.js';

/**
 * A completed row with `items` items per trial and the given parallelism; a ceiling row's trials
 * record their copies, each over its share of the items (`split`), or over all of them, as files
 * written before the copies split the items did.
 */
function row(strategy: string, key: string, label: string, workers: number, real: number, work: number, items: number, split = true): Row {
  const base = completedRow({ strategy, key, label, workers, reals: [real, real, real], works: [work, work, work] });
  if (base.state !== 'completed') throw new Error('completedRow');
  const each = items / workers;
  const copies = Array.from({ length: workers }, (_, i) => ({
    copy: i + 1,
    ...(split ? { firstItem: i * each, shareItems: each } : {}),
    realSeconds: real, startupSeconds: null, workSeconds: work, workUserSeconds: null, workSysSeconds: null, items: split ? each : items / workers, verified: true, problem: null,
  }));
  const trials = strategy === 'independent' ? base.trials.map((t) => ({ ...t, items, copies })) : base.trials;
  return { ...base, trials, parallelism: workers, summary: { ...base.summary, workPerItemSeconds: summary(work / items) } };
}

const rows = (): Row[] =>
  withCeilingShares(
    withSpeedups([
      row('sequential', 'sequential', 'sequential', 1, 1.2, 1, 100),
      // Two copies of 50 items each, the longer window 0.625 s: 160 items per second against sequential's 100.
      row('independent', 'independent/w2', 'independent x2', 2, 0.5, 0.625, 100),
      // 100 items in 0.75 s: 133 items per second, 83% of 160.
      row('worker-threads', 'worker-threads/w2', 'worker-threads x2', 2, 1.1, 0.75, 100),
      // No ceiling at four workers in this run: no share.
      row('child-process', 'child-process/w4', 'child-process x4', 4, 1.3, 0.8, 100),
    ]),
  );

test("a ceiling row's speedups are throughput over sequential's, and approaches get their share of it", () => {
  const [sequential, ceiling, pool, unmatched] = rows() as [Row, Row, Row, Row];
  assert.ok(ceiling.state === 'completed' && pool.state === 'completed' && unmatched.state === 'completed' && sequential.state === 'completed');
  assert.ok(Math.abs((ceiling.summary.speedup?.work.value ?? 0) - 1.6) < 1e-9, 'the same items: 1 s / 0.625 s');
  assert.ok(Math.abs((ceiling.summary.speedup?.real.value ?? 0) - 2.4) < 1e-9, 'the same items: 1.2 s / 0.5 s');
  assert.ok(Math.abs((pool.summary.ofCeiling?.value ?? 0) - 0.00625 / 0.0075) < 1e-9);
  assert.equal(unmatched.summary.ofCeiling, undefined);
  assert.equal(sequential.summary.ofCeiling, undefined);
  assert.equal(ceiling.summary.ofCeiling, undefined);
});

test('the table shows Of ceiling, and the ceiling is never the fastest approach nor the winner', () => {
  const result = { scenario: 'cpu-js', summary: 'CPU-bound', items: 100, facts: {}, rows: rows(), notes: [] };
  const table = scenarioTable(result);
  assert.equal(table.head.at(-1), 'Of ceiling');
  assert.deepEqual(table.rows.map((r) => r.cells.at(-1)), ['n/a', 'ceiling', '83% ± 0%', 'n/a']);
  assert.deepEqual(table.rows.map((r) => r.tone), ['baseline', 'baseline', 'best', 'plain']);
  assert.equal(fastestRow(result.rows)?.label, 'worker-threads x2', 'the ceiling ran fastest in real time but is a reference');
  assert.equal(decide(result).winner?.label, 'worker-threads x2');
  assert.deepEqual(validateResults(run([result])), [], 'the new fields are valid results');
  const withoutCeiling = scenarioTable({ ...result, rows: result.rows.filter((r) => r.strategy !== 'independent') });
  assert.ok(!withoutCeiling.head.includes('Of ceiling'), 'no ceiling row, no column');
});

test('ceiling notes say what the copies reached and each share, in words', () => {
  const notes = ceilingNotes(rows());
  assert.equal(notes.length, 2);
  assert.match(notes[0] ?? '', /^independent x2: two copies of the sequential trial, each over its share of the items, run as separate processes at once, processed 1\.60x the items per second of the sequential row \(all copies' items over the longest copy's work window; each copy's window 625 ms\): the most two workers can give on this machine with no pool at all\.$/);
  assert.equal(notes[1], 'worker-threads x2 reached 83% (± 0%) of what two independent processes reach on this machine (items per second of work window).');
});

test('merge shows the ceiling at its highest throughput: the shortest real time where copies split the items', () => {
  const sweep = withSpeedups([
    row('sequential', 'sequential', 'sequential', 1, 1.2, 1, 100),
    row('independent', 'independent/w1', 'independent x1', 1, 1.2, 1, 100),
    // Two copies of 50 items each that slowed each other down: longer than one copy over all 100.
    row('independent', 'independent/w2', 'independent x2', 2, 1.3, 1.1, 100),
  ]);
  const result = { scenario: 'cpu-js', summary: 'CPU-bound', items: 100, facts: {}, rows: sweep, notes: [] };
  const merged = mergeRuns([{ path: 'a.json', results: run([result]) }]);
  const ceiling = merged.rows.find((r) => r.strategy === 'independent');
  assert.equal(ceiling?.cells[0]?.label, 'independent x1', 'the same items in less real time');
  assert.ok(Math.abs((ceiling?.cells[0]?.speedup?.value ?? 0) - 1) < 1e-9);
});

test('merge reads an older file, whose ceiling copies each ran all the items, at its highest throughput too', () => {
  // As the harness wrote them then: the ceiling's speedups already scaled by its copies (2 x 1.2 s / 1.5 s).
  const older = (r: Row, speedup: number): Row =>
    r.state === 'completed' ? { ...r, summary: { ...r.summary, speedup: { real: { value: speedup, error: 0 }, work: { value: speedup, error: 0 } } } } : r;
  const rows = [
    older(row('sequential', 'sequential', 'sequential', 1, 1.2, 1, 100), 1),
    older(row('independent', 'independent/w1', 'independent x1', 1, 1.2, 1, 100, false), 1),
    older(row('independent', 'independent/w2', 'independent x2', 2, 1.5, 1.25, 200, false), 1.6),
  ];
  const result = { scenario: 'cpu-js', summary: 'CPU-bound', items: 100, facts: {}, rows, notes: [] };
  const merged = mergeRuns([{ path: 'old.json', results: run([result]) }]);
  const ceiling = merged.rows.find((r) => r.strategy === 'independent');
  assert.equal(ceiling?.cells[0]?.label, 'independent x2', 'twice the items in 1.5 s beats them once in 1.2 s');
  assert.ok(Math.abs((ceiling?.cells[0]?.speedup?.value ?? 0) - 1.6) < 1e-9);
  assert.match(ceilingNotes(rows)[0] ?? '', /^independent x1: one copy of the sequential trial, over all the items,/);
  assert.match(ceilingNotes(rows)[1] ?? '', /^independent x2: two copies of the sequential trial, each over all the items \(as copies ran before they split the items\), run as separate processes at once, processed 1\.60x/);
});

test('compare leaves out a ceiling row whose copies ran all the items in one file and their shares in the other, and compares split ones', () => {
  const options = { threshold: 0.05, crossMachine: false, metric: 'real' as const, alpha: 0.05, correction: 'holm' as const, failOnRegression: false };
  const fileOf = (ceiling: Row): RunResults =>
    run([{ scenario: 'cpu-js', summary: 'CPU-bound', items: 100, facts: {}, rows: withSpeedups([row('sequential', 'sequential', 'sequential', 1, 1.2, 1, 100), ceiling]), notes: [] }]);
  const older = fileOf(row('independent', 'independent/w2', 'independent x2', 2, 1.5, 1.25, 200, false));
  const split = fileOf(row('independent', 'independent/w2', 'independent x2', 2, 0.75, 0.625, 100));
  const across = compareRuns(older, split, options);
  assert.deepEqual(across.rows.map((r) => r.name), ['cpu-js (100 items) sequential']);
  assert.match(across.notes.join('\n'), /cpu-js \(100 items\) independent x2: its copies ran all the items each in base \(written before they split them\) and their shares in the other, not compared\./);
  assert.deepEqual(compareRuns(split, split, options).rows.map((r) => r.name), ['cpu-js (100 items) sequential', 'cpu-js (100 items) independent x2']);
});

test("the ceiling is the copies' combined rate, each over its own window, and the note names the fixed-share tail it leaves out", () => {
  const ceiling = row('independent', 'independent/w2', 'independent x2', 2, 0.7, 0.625, 100);
  assert.ok(ceiling.state === 'completed');
  // Copy 1 took 0.5 s for its 50 items, copy 2 0.625 s: 100 + 80 = 180 items per second while they ran.
  const trials = ceiling.trials.map((t) => ({
    ...t,
    copies: (t.copies ?? []).map((c, i) => ({ ...c, workSeconds: i === 0 ? 0.5 : 0.625, workStartSeconds: 0 })),
  }));
  const uneven: Row = { ...ceiling, trials, summary: { ...ceiling.summary, ceilingPerItemSeconds: summary(1 / 180) } };
  const shared = withCeilingShares(
    withSpeedups([
      row('sequential', 'sequential', 'sequential', 1, 1.2, 1, 100),
      uneven,
      row('worker-threads', 'worker-threads/w2', 'worker-threads x2', 2, 1.1, 0.75, 100),
      // 100 items in 0.45 s: 222 items per second, beyond the ceiling's 180 with no spread to excuse it.
      row('child-process', 'child-process/w2', 'child-process x2', 2, 0.9, 0.45, 100),
    ]),
  );
  const [, , pool, fast] = shared as [Row, Row, Row, Row];
  assert.ok(pool.state === 'completed' && fast.state === 'completed');
  assert.ok(Math.abs((pool.summary.ofCeiling?.value ?? 0) - (100 / 0.75) / 180) < 1e-9, `read against the combined rate, not the longest window's 160: ${pool.summary.ofCeiling?.value}`);
  const notes = ceilingNotes(shared);
  assert.match(
    notes[0] ?? '',
    /processed 1\.80x the items per second of the sequential row while they ran \(each copy's items over its own work window, summed; the windows 500 ms to 625 ms\)\. Over the longest copy's window, as the row's own figures count it, that is 1\.60x: the copies split the items in fixed shares, and the last to finish worked on alone for 20% of that window \(median\)\. The combined rate leaves that tail out and is the ceiling/,
  );
  assert.equal(notes[1], 'worker-threads x2 reached 74% (± 0%) of what two independent processes reach on this machine (items per second of work window).');
  assert.match(notes[2] ?? '', /^child-process x2 reached 123% \(± 0%\) of .* That is above the ceiling by more than its interval: in this run the copies fell short of the limit they stand for/);
  assert.deepEqual(validateResults(run([{ scenario: 'cpu-js', summary: 'CPU-bound', items: 100, facts: {}, rows: shared, notes: [] }])), [], 'the combined rate is a valid field');
});
