import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioModels } from '../harness/analysis/approach-models.js';
import { crossoverItems, fitModel, oneSizeModel, project } from '../harness/statistics/projection.js';
import { projectable, projectionMethod, projectionTable, winnerChangeLines } from '../harness/report/tables.js';
import { completedRow, scenarioResult } from './fixtures/results.js';

const close = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} vs ${expected}`);

test('fitModel recovers fixed and per-item time from points on a line', () => {
  // 0.4 s + 20 ms per item at 100, 200 and 400 items
  const model = fitModel([{ items: 100, realSeconds: 2.4 }, { items: 200, realSeconds: 4.4 }, { items: 400, realSeconds: 8.4 }]);
  close(model.fixedSeconds, 0.4, 'fixed');
  close(model.perItemSeconds, 0.02, 'per item');
  close(model.rSquared as number, 1, 'R²');
  assert.equal(model.method, 'fit');
  assert.deepEqual(model.sizes, [100, 200, 400]);
  close(project(model, 1000), 20.4, '1k');
  close(project(model, 100_000), 2000.4, '100k');
});

test('fitModel least squares on noisy points: slope and intercept of the worked example', () => {
  // x = 1, 2, 3, 4; y = 3, 5, 6, 9: slope = Sxy / Sxx = 9.5 / 5 = 1.9; intercept = 5.75 - 1.9 x 2.5 = 1
  const model = fitModel([1, 2, 3, 4].map((items, i) => ({ items, realSeconds: [3, 5, 6, 9][i] as number })));
  close(model.perItemSeconds, 1.9, 'slope');
  close(model.fixedSeconds, 1, 'intercept');
  assert.ok((model.rSquared as number) < 1 && (model.rSquared as number) > 0.9);
  assert.throws(() => fitModel([{ items: 5, realSeconds: 1 }, { items: 5, realSeconds: 2 }]), /two distinct sizes/);
});

test('oneSizeModel: the work window grows with the items, the rest stays fixed', () => {
  const model = oneSizeModel(24, 1.2, 0.96);
  close(model.fixedSeconds, 0.24, 'fixed');
  close(model.perItemSeconds, 0.04, 'per item');
  assert.equal(model.method, 'one-size');
  assert.equal(model.rSquared, null);
  close(project(model, 1000), 40.24, '1k');
});

const sequentialAt = (items: number): number => 0.4 + 0.02 * items;
const threadsAt = (items: number): number => 0.6 + 0.0105 * items;
const sizes = [100, 200, 400].map((items) =>
  scenarioResult(
    [
      completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [sequentialAt(items)] }),
      completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals: [threadsAt(items)] }),
    ],
    items,
  ),
);

test('scenarioModels fits each approach over the sizes it completed', () => {
  const models = scenarioModels(sizes);
  assert.deepEqual(models.map((m) => [m.key, m.model.method]), [['sequential', 'fit'], ['worker-threads/w2', 'fit']]);
  close(models[1]?.model.perItemSeconds as number, 0.0105, 'threads per item');
});

test("projectionTable: document 000's sizes, and the time the best approach saves", () => {
  const table = projectionTable(sizes);
  assert.deepEqual([...table.head], ['Approach', 'Fixed', 'Per item', '1,000 items', '10,000 items', '50,000 items', '100,000 items']);
  assert.deepEqual(table.rows.map((row) => [...row.cells]), [
    ['sequential', '400 ms', '20.0 ms', '20.4 s', '3.34 min', '16.7 min', '33.3 min'],
    ['worker-threads x2', '600 ms', '10.5 ms', '11.1 s', '1.76 min', '8.76 min', '17.5 min'],
    ['saved by worker-threads x2', '', '', '9.30 s', '1.58 min', '7.91 min', '15.8 min'],
  ]);
  const compact = projectionTable(sizes, 'compact');
  assert.deepEqual([...compact.head], ['Approach', 'Per item', '1,000 items', '10,000 items', '50,000 items', '100,000 items']);
  assert.deepEqual([...(compact.rows[0]?.cells ?? [])], ['sequential', '20.0 ms', '20.4 s', '3.34 min', '16.7 min', '33.3 min']);
  assert.match(projectionMethod(sizes), /fitted by least squares to the median real time at 100, 200, 400 items \(lowest R² 1\.000\)/);
});

test('one size: projected with the caveat that --items was not swept', () => {
  const one = [sizes[0] as (typeof sizes)[number]];
  assert.match(projectionMethod(one), /`--items` was not swept, so this projects from one size \(100 items\)/);
  assert.match(projectionMethod(one), /--items 50,100,200/);
  const first = projectionTable(one).rows[0]?.cells ?? [];
  // sequential at 100 items: real 2.4 s, work 1.2 s -> fixed 1.2 s, 12 ms per item
  assert.deepEqual([...first].slice(0, 4), ['sequential', '1.20 s', '12.0 ms', '13.2 s']);
});

test('an approach whose time did not grow with the items is not projected', () => {
  const flat = [10, 20].map((items) =>
    scenarioResult([
      completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [0.1 * items] }),
      completedRow({ strategy: 'promise', label: 'promise c2', key: 'promise/c2', concurrency: 2, reals: [items === 10 ? 1.0 : 0.9] }),
    ], items),
  );
  const promise = projectionTable(flat).rows.find((row) => row.cells[0] === 'promise c2');
  assert.deepEqual([...(promise?.cells ?? [])].slice(3), ['n/a', 'n/a', 'n/a', 'n/a']);
  assert.match(projectionMethod(flat), /Not projected .*: promise c2\./);
  assert.ok(!projectionTable(flat).rows.some((row) => row.cells[0] === 'saved by promise c2'));
});

test('a sweep where one approach completed at one size only: fitted where possible, the caveat names the rest', () => {
  const partial = sizes.map((s, i) => (i === 0 ? s : { ...s, rows: s.rows.filter((row) => row.strategy === 'sequential') }));
  assert.deepEqual(scenarioModels(partial).map((m) => m.model.method), ['fit', 'one-size']);
  assert.match(projectionMethod(partial), /fitted by least squares for sequential; the other approaches completed at one size only/);
});

test('per item in the unit its magnitude needs: microseconds for a dispatch, not "0.01 ms"', () => {
  // 20,000 tasks in a 146 ms work window: 7.30 µs each.
  const dispatch = [scenarioResult([completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [0.3], works: [0.146] })], 20_000, 'overhead')];
  assert.deepEqual([...(projectionTable(dispatch).rows[0]?.cells ?? [])].slice(0, 4), ['sequential', '154 ms', '7.30 µs', '161 ms']);
});

test('no projection where the items are not a size (api): projectable says so', () => {
  assert.equal(projectable(sizes), true);
  assert.equal(projectable(sizes.map((s) => ({ ...s, scalesWithItems: false }))), false);
});

test('crossoverItems: the size from which a pool with a larger start-up but a smaller per-item time wins', () => {
  const sequential = oneSizeModel(24, 0.6 + 24 * 0.05, 24 * 0.05); // 0.6 s fixed, 50 ms an item
  const pool = oneSizeModel(24, 1.1 + 24 * 0.03, 24 * 0.03); // 1.1 s fixed, 30 ms an item
  assert.equal(crossoverItems(sequential, pool), 25); // 0.5 s of start-up paid back at 20 ms an item
  assert.ok(project(pool, 25) <= project(sequential, 25) + 1e-9);
  assert.ok(project(pool, 24) > project(sequential, 24));
  assert.equal(crossoverItems(pool, sequential), null, 'sequential never catches up with the pool');
  assert.equal(crossoverItems(sequential, sequential), null);
});

test('the decision says at what size the winner changes: sequential at the measured size, a pool from the crossover on', () => {
  // sequential: 0.3 s of start, 2.4 s of work for 24 items (100 ms each); the pool: 1.0 s outside its window, 1.44 s of work (60 ms each).
  const result = scenarioResult([
    completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2.7], works: [2.4] }),
    completedRow({ strategy: 'child-process', label: 'child-process x2', key: 'child-process/w2', workers: 2, reals: [2.44], works: [1.44] }),
  ], 24);
  assert.deepEqual(winnerChangeLines([result]), []);
  const slower = scenarioResult([
    completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2.7], works: [2.4] }),
    completedRow({ strategy: 'child-process', label: 'child-process x2', key: 'child-process/w2', workers: 2, reals: [3.1], works: [1.44] }),
  ], 24);
  const [line] = winnerChangeLines([slower]);
  // 1.36 s more fixed cost, 40 ms less per item: from 34 items on.
  assert.match(line ?? '', /at 24 items sequential takes least real time; from about 34 items child-process x2 would, its 1\.36 s more of fixed cost/);
  assert.match(line ?? '', /paid back at 40(\.0)? ms less per item/);
});
