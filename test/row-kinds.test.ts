/** Rows by kind: the harness's row kinds by declaration, the predicates over rows, plans and models alike, and no strategy named by a string outside strategies/. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CEILING, HARNESS_ROW_KINDS, harnessRowKind, isReferenceRow, isSequentialRow } from '../harness/results/row-kinds.js';
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
