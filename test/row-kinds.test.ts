/** Rows by kind: the harness's row kinds by declaration, the predicates over rows, plans and models alike, and no strategy named by a string outside strategies/. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RowPlan } from '../harness/results/records.js';
import { CEILING, HARNESS_ROW_KINDS, harnessRowKind, harnessRowKindNamed, isReferenceRow, isSequentialRow, itemRepeats } from '../harness/results/row-kinds.js';
import { ceilingRows } from '../harness/run/row-kinds/ceiling.js';
import { copyShares } from '../harness/run/row-kinds/ceiling-copies.js';
import { ROW_KINDS, rowKindOf, rowKindsChosen } from '../harness/run/row-kinds/registry.js';
import { planRows } from '../harness/run/rows.js';
import { trial } from './fixtures/results.js';
import { strategies } from '../strategies/registry.js';
import { SEQUENTIAL, sequential } from '../strategies/sequential.js';

// dist/test/ -> the repository root, where the .ts sources are
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every .ts source under `folder`, as [path relative to the root, text]. */
function sources(folder: string): [string, string][] {
  return (readdirSync(join(ROOT, folder), { recursive: true }) as string[])
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => [join(folder, name), readFileSync(join(ROOT, folder, name), 'utf8')]);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The built-in strategies' names and the harness's row kinds', as a regular-expression alternation. */
const NAMES = [...Object.keys(strategies), ...HARNESS_ROW_KINDS.map((kind) => kind.name)].map(escape).join('|');
const QUOTED = `(?:${["'", '"', '`'].map((quote) => `${quote}(?:${NAMES})${quote}`).join('|')})`;

/** `x.strategy === 'sequential'`, `strategy !== "promise"`, and the same the other way round. */
const COMPARED = new RegExp(`\\bstrategy\\s*[!=]==?\\s*${QUOTED}|${QUOTED}\\s*[!=]==?\\s*[\\w.?]*\\bstrategy\\b`, 'g');
/** A plan or row built with a literal strategy: `strategy: 'sequential'`. */
const BUILT = new RegExp(`\\bstrategy\\s*:\\s*${QUOTED}`, 'g');

/** "file:line: text" for each line of `files` that `pattern` matches. */
function hits(files: readonly [string, string][], pattern: RegExp): string[] {
  return files.flatMap(([path, text]) =>
    text.split('\n').flatMap((line, i) => (line.match(pattern) === null ? [] : [`${path}:${i + 1}: ${line.trim()}`])),
  );
}

test('no code in harness/ or scenarios/ compares a strategy with a name written as a string', () => {
  // Which strategy is the baseline or the ceiling is asked of row-kinds.ts's predicates, whose names come from strategies/.
  assert.deepEqual(hits([...sources('harness'), ...sources('scenarios')], COMPARED), []);
});

test('no code in harness/ builds a plan or row with a strategy name written as a string', () => {
  // scenarios/documents/ list the article's strategies as data; the harness takes names from strategies/ (SEQUENTIAL).
  assert.deepEqual(hits(sources('harness'), BUILT), []);
});

test('the pattern finds the comparisons it is meant to find', () => {
  const sample: [string, string][] = [
    ['a.ts', "return row.strategy === 'sequential';"],
    ['b.ts', 'models.filter((m) => m.strategy !== "worker-threads")'],
    ['c.ts', "if ('independent' === plan.strategy) {}"],
    ['e.ts', "return row.strategy === SEQUENTIAL;"],
    ['f.ts', "const copy = { ...plan, strategy: 'sequential', workers: 1 };"],
  ];
  assert.deepEqual(hits(sample, COMPARED).map((hit) => hit.split(':')[0]), ['a.ts', 'b.ts', 'c.ts']);
  assert.deepEqual(hits(sample, BUILT).map((hit) => hit.split(':')[0]), ['f.ts']);
});

test('the predicates read a row, a plan or a model by its strategy; the baseline is named by its definition', () => {
  assert.equal(SEQUENTIAL, sequential.name);
  assert.equal(strategies[SEQUENTIAL], sequential);
  for (const strategy of Object.keys(strategies)) {
    const thing = { strategy, key: strategy };
    assert.equal(isSequentialRow(thing), strategy === sequential.name, strategy);
    assert.equal(harnessRowKind(thing), undefined, strategy);
    assert.equal(isReferenceRow(thing), strategy === sequential.name, strategy);
  }
  assert.equal(harnessRowKind({ strategy: CEILING.name }), CEILING);
  assert.equal(isReferenceRow({ strategy: CEILING.name }), true);
  assert.equal(isSequentialRow({ strategy: './my-sequential.js' }), false);
});

test("the harness's row kinds are declared once: no strategy shares a name, and every one has its part in a run", () => {
  assert.deepEqual(ROW_KINDS.map((kind) => kind.name), HARNESS_ROW_KINDS.map((kind) => kind.name), 'run/row-kinds/ declares a run for every kind, in order');
  for (const kind of ROW_KINDS) {
    const declared = harnessRowKindNamed(kind.name);
    assert.ok(declared !== undefined && strategies[kind.name] === undefined, kind.name);
    assert.deepEqual([kind.summary, kind.help, kind.appliesOnly], [declared.summary, declared.help, declared.appliesOnly], kind.name);
    assert.equal(rowKindOf({ strategy: kind.name }), kind);
  }
  assert.equal(rowKindOf({ strategy: SEQUENTIAL }), undefined);
  assert.deepEqual(rowKindsChosen([SEQUENTIAL, 'worker-threads']), []);
  assert.deepEqual(rowKindsChosen([CEILING.name, SEQUENTIAL]), [ceilingRows]);
});

test('the ceiling declares its name, its scenarios, its plan and the runs of files before the copies split the items', () => {
  assert.equal(CEILING.name, 'independent', 'as --strategy, row keys and results files spell it');
  assert.equal(ceilingRows.appliesTo({ hasCeiling: true }), true);
  assert.equal(ceilingRows.appliesTo({}), false, 'only where the scenario says N sequential copies are a ceiling');
  assert.equal(`${CEILING.name} is ${CEILING.appliesOnly}`, 'independent is a ceiling only for CPU-bound scenarios');
  const definitions = new Map([[SEQUENTIAL, sequential]]);
  const plans = planRows(definitions, { workers: [2, 4], concurrency: [3], perWorker: 2, chunkSizes: [1, 5], sampleIntervalsMs: [0], paramSweeps: {} }, [ceilingRows]);
  assert.deepEqual(plans.map((plan) => [plan.key, plan.workers, plan.concurrency, plan.parallelism]), [
    [SEQUENTIAL, 1, 1, 1],
    ['independent/w2', 2, 1, 2],
    ['independent/w4', 4, 1, 4],
  ]);
  const split = { workers: 2, trials: [{ ...trial(1), copies: [{ copy: 1, firstItem: 0, realSeconds: 1, startupSeconds: null, workSeconds: 1, workUserSeconds: null, workSysSeconds: null, items: 1, verified: true, problem: null }] }] };
  assert.equal(itemRepeats({ strategy: CEILING.name, ...split }), 1);
  const whole = { workers: 2, trials: [{ ...trial(1), copies: [{ copy: 1, realSeconds: 1, startupSeconds: null, workSeconds: 1, workUserSeconds: null, workSysSeconds: null, items: 1, verified: true, problem: null }] }] };
  assert.equal(itemRepeats({ strategy: CEILING.name, ...whole }), 2, 'each copy ran all the items');
  assert.equal(itemRepeats({ strategy: SEQUENTIAL, ...whole }), 1);
});

test('a ceiling trial is scheduled as its copies, recorded from copies only, and summarised at their combined rate', async () => {
  const plan: RowPlan = { key: 'independent/w2', label: 'independent x2', strategy: CEILING.name, workers: 2, concurrency: 1, chunkSize: 1, sampleIntervalMs: 0, params: {} };
  const options = { items: 5, input: undefined, incremental: false, chunkSize: 1, cacheDir: '/tmp/cache', rowKey: 'reference', params: {} };
  const scheduled = ceilingRows.schedule('cpu-js', plan, options, {});
  assert.deepEqual(scheduled.copies?.map((copy) => copy.share), copyShares(5, 2));
  assert.deepEqual(scheduled.command, scheduled.copies?.[0]?.command, "the row records the first copy's command");
  const one = { realSeconds: 1, userSeconds: 1, sysSeconds: 0, timeMethod: 'linux-proc-cutime', peakRssBytes: 0, timeline: [], harnessCpuSeconds: 0, instruments: {}, threadSamples: [], window: { startSeconds: null, endSeconds: null }, exitCode: 0, signal: null, stderrTail: '', timedOut: false, harnessWindowCpuSeconds: null, report: undefined } as const;
  assert.throws(() => ceilingRows.record(0, false, one, scheduled, undefined, 0), /independent row is its copies measured at once/);
  const copy = (n: number, workSeconds: number, items: number) => ({ copy: n, realSeconds: 1, startupSeconds: null, workSeconds, workUserSeconds: null, workSysSeconds: null, items, verified: true, problem: null });
  // 3 items in 1 s and 2 in 0.5 s: 7 items a second together.
  const measured = [{ ...trial(1), copies: [copy(1, 1, 3), copy(2, 0.5, 2)] }];
  const figures = await ceilingRows.summarise(measured);
  assert.ok(Math.abs((figures.ceilingPerItemSeconds?.median ?? 0) - 1 / 7) < 1e-12);
  assert.deepEqual(await ceilingRows.summarise([trial(1)]), {}, 'no combined rate from trials without copies');
});

test('plumbing asks the declarations: outside them, only what is about the ceiling itself names it', () => {
  const declarations = new Set(['harness/results/row-kinds.ts']);
  const named = hits(sources('harness'), /\bCEILING\b|ceilingRows|ceiling-copies\.js/)
    .filter((hit) => !declarations.has(hit.split(':')[0] as string) && !(hit.split(':')[0] as string).startsWith('harness/run/row-kinds/'))
    .map((hit) => hit.split(':')[0] as string);
  // The ceiling's meaning: its notes, its column, the lanes set against its copies.
  assert.deepEqual([...new Set(named)].sort(), ['harness/analysis/ceiling-lanes.ts', 'harness/report/ceiling-notes.ts', 'harness/report/comparison-table.ts']);
});
