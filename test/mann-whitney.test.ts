import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXACT_LIMIT, mannWhitney, midranks, smallestP } from '../harness/statistics/mann-whitney.js';

// Reference values: scipy 1.17.1 `scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method=...)`,
// R's `wilcox.test` example data, and, with ties, a brute-force enumeration of all C(N, n1) splits
// with midranks (scipy's `exact` ignores ties, so it is not the reference there).

const close = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

test('midranks gives tied values the mean of their ranks', () => {
  assert.deepEqual(midranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4]);
  assert.deepEqual(midranks([3, 1, 2]), [3, 1, 2]);
  assert.deepEqual(midranks([5, 5, 5]), [2, 2, 2]);
});

test('fully separated samples of 3 and 3: U = 0, exact p = 2/20 = 0.1 (scipy exact)', () => {
  const r = mannWhitney([1, 2, 3], [4, 5, 6]);
  assert.equal(r.u, 0);
  assert.equal(r.method, 'exact');
  close(r.p, 0.1, 1e-12, 'p');
  assert.equal(mannWhitney([4, 5, 6], [1, 2, 3]).u, 9, 'U of the other sample is n1 n2 - U');
});

test("R's wilcox.test example (n = 10 and 5): U = 35, exact two-sided p = 0.2544122544", () => {
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  const r = mannWhitney(x, y);
  assert.equal(r.u, 35);
  close(r.p, 0.2544122544122544, 1e-12, 'p');
});

test('overlapping samples of 5 and 5: U = 5, exact p = 0.1507936508 (scipy exact)', () => {
  const r = mannWhitney([1.01, 1.03, 0.99, 1.02, 1.0], [1.04, 1.06, 1.05, 0.98, 1.07]);
  assert.equal(r.u, 5);
  close(r.p, 0.15079365079365079, 1e-12, 'p');
});

test('ties: the exact distribution is conditional on them (brute force: p = 0.1190476190)', () => {
  const r = mannWhitney([1, 2, 2, 3, 4], [2, 3, 5, 6, 6]);
  assert.equal(r.u, 4.5);
  assert.equal(r.method, 'exact');
  close(r.p, 0.11904761904761904, 1e-12, 'p');
});

test('identical samples: p = 1', () => {
  const r = mannWhitney([1, 1, 1], [1, 1, 1]);
  assert.equal(r.u, 4.5);
  assert.equal(r.p, 1);
  assert.equal(mannWhitney([1, 2, 3], [1, 2, 3]).p, 1);
});

test('beyond EXACT_LIMIT values: tie-corrected normal approximation (scipy asymptotic: U = 632.5, p = 0.0186185625)', () => {
  const a = [10.3, 10.8, 10.3, 8.7, 10.9, 10.4, 9.5, 10.6, 10.4, 10.3, 10.0, 10.5, 9.3, 9.8, 9.5, 10.6, 10.0, 9.7, 9.2, 9.7, 10.0, 9.7, 11.3, 11.0, 7.3, 8.1, 9.8, 9.6, 10.2, 10.2, 12.1, 8.9, 9.6, 12.0, 10.6, 10.7, 9.5, 8.4, 10.2, 10.1];
  const b = [9.4, 9.9, 10.5, 9.7, 10.5, 10.7, 10.6, 10.1, 11.2, 11.5, 10.9, 9.8, 11.3, 10.1, 11.5, 9.5, 11.5, 10.6, 9.4, 10.3, 10.7, 10.9, 9.6, 9.5, 10.8, 10.1, 10.8, 11.4, 9.0, 10.9, 11.8, 10.3, 9.8, 11.4, 10.9, 11.5, 10.3, 9.1, 10.5, 10.2, 11.4, 10.8, 9.0, 9.4, 11.5];
  assert.ok(a.length + b.length > EXACT_LIMIT);
  const r = mannWhitney(a, b);
  assert.equal(r.method, 'normal');
  assert.equal(r.u, 632.5);
  close(r.p, 0.018618562453039913, 1e-6, 'p'); // simple-statistics' erf is good to about 1e-7
});

test('smallestP: 3 vs 3 can never reach 0.05, 4 vs 4 and 5 vs 5 can', () => {
  close(smallestP(3, 3), 0.1, 1e-12, '3 vs 3');
  close(smallestP(4, 4), 2 / 70, 1e-12, '4 vs 4');
  close(smallestP(5, 5), 2 / 252, 1e-12, '5 vs 5');
  assert.equal(smallestP(1, 1), 1);
});

test('empty samples are refused', () => {
  assert.throws(() => mannWhitney([], [1]), /at least one value/);
});
