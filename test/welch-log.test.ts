import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectableChange, detectableLogShift, trialsPerSide } from '../harness/statistics/detectable-change.js';
import { twoSidedP } from '../harness/statistics/student-t.js';
import { untestable, welchDf, welchLog } from '../harness/statistics/welch-log.js';

// Reference values: R's `t.test(x, y)` (Welch's by default) on its `sleep` data, and closed forms
// of Student's t for 2 and 4 degrees of freedom, computed here without jStat.

const close = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

/** Values whose logs are exactly `logs` (to rounding): the test sees the logs. */
const fromLogs = (logs: readonly number[]): number[] => logs.map(Math.exp);

/** Two-sided p of Student's t with 2 degrees of freedom: the cdf is 1/2 + t / (2 sqrt(2 + t²)). */
const p2 = (t: number): number => 1 - Math.abs(t) / Math.sqrt(2 + t * t);
/** With 4: the cdf is 1/2 + (3/8) x (1 - x² / 12 ... ) written in u = t² / 4: (3/8)(t/√(1+u))(1 - u/(3(1+u))). */
const p4 = (t: number): number => {
  const u = (t * t) / 4;
  return 1 - 2 * (3 / 8) * (Math.abs(t) / Math.sqrt(1 + u)) * (1 - u / (3 * (1 + u)));
};
/** Quantile of Student's t with 2 degrees of freedom: (2p - 1) / sqrt(2p(1 - p)). */
const q2 = (p: number): number => (2 * p - 1) / Math.sqrt(2 * p * (1 - p));

test("R's sleep data: t = -1.8608, df = 17.776, p = 0.07939, interval [-3.3655, 0.2055] of the mean difference", () => {
  // t.test(extra ~ group, data = sleep): group 1 against group 2, on values whose logs are the data.
  const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  const r = welchLog(fromLogs(group2), fromLogs(group1));
  close(Math.log(r.ratio), 0.75 - 2.33, 1e-12, 'difference of mean logs');
  close(Math.log(r.ratio) / r.se, -1.8608, 5e-5, 't');
  close(r.df, 17.776, 5e-4, 'df');
  close(r.p, 0.07939, 5e-6, 'p');
  close(Math.log(r.low), -3.3654832, 1e-6, 'interval low');
  close(Math.log(r.high), 0.2054832, 1e-6, 'interval high');
  close(r.baseVariance, 4.009, 1e-9, 'variance of group 2');
  close(r.headVariance, 3.2005556, 1e-7, 'variance of group 1');
});

test('two trials a side with equal spread: df = 2, and p matches the closed form 1 - t / sqrt(2 + t²)', () => {
  // Logs 0, 0.2 against 0.3, 0.5: variances 0.02 each, se = sqrt(0.02 / 2 + 0.02 / 2) = 0.1414, t = 0.3 / 0.1414 = 2.1213.
  const r = welchLog(fromLogs([0, 0.2]), fromLogs([0.3, 0.5]));
  close(r.df, 2, 1e-9, 'df');
  close(r.se, Math.sqrt(0.02), 1e-12, 'se');
  close(r.p, p2(0.3 / Math.sqrt(0.02)), 1e-7, 'p');
  close(r.p, 0.16795, 1e-5, 'p by hand: 1 - 2.12132 / 2.54951');
  close(Math.log(r.high) - 0.3, q2(0.975) * Math.sqrt(0.02), 1e-6, 'interval half-width: t(0.975, 2) se = 4.3027 se');
});

test('three trials a side with equal spread: df = 4, and p matches the closed form for 4 degrees of freedom', () => {
  // Logs 0, 0.1, 0.2 against 0.25, 0.35, 0.45: variances 0.01, se = sqrt(2 x 0.01 / 3), t = 3.0619.
  const r = welchLog(fromLogs([0, 0.1, 0.2]), fromLogs([0.25, 0.35, 0.45]));
  const t = 0.25 / Math.sqrt(0.02 / 3);
  close(r.df, 4, 1e-9, 'df');
  close(r.p, p4(t), 1e-7, 'p');
  assert.ok(r.p > 0.03 && r.p < 0.04, `p = ${r.p}`);
  close(twoSidedP(-t, 4), twoSidedP(t, 4), 0, 'the sign of t does not matter');
});

test('Welch-Satterthwaite by hand: variances 1 and 4 over 5 and 10 trials give df = 0.6² / (0.2²/4 + 0.4²/9) = 12.96', () => {
  close(welchDf(1, 5, 4, 10), 0.6 ** 2 / (0.2 ** 2 / 4 + 0.4 ** 2 / 9), 1e-12, 'df');
  close(welchDf(1, 5, 4, 10), 12.96, 1e-12, 'df by hand: 0.36 / (0.01 + 0.017778)');
  close(welchDf(0, 5, 4, 10), 9, 1e-12, 'one side without spread: the other side\'s n - 1');
  assert.equal(welchDf(0, 5, 0, 10), 13, 'neither side varies: n1 + n2 - 2 rather than 0 / 0');
});

test('no spread on either side: equal values p = 1 and no change; different values p = 0 and the ratio itself, no NaN', () => {
  const same = welchLog([2, 2, 2], [2, 2, 2]);
  assert.deepEqual([same.ratio, same.low, same.high, same.p, same.se], [1, 1, 1, 1, 0]);
  const apart = welchLog([2, 2, 2], [3, 3, 3]);
  close(apart.ratio, 1.5, 1e-12, 'ratio');
  assert.equal(apart.p, 0);
  assert.equal(apart.low, apart.ratio);
  assert.equal(apart.high, apart.ratio);
  for (const value of [...Object.values(same), ...Object.values(apart)]) assert.ok(Number.isFinite(value), String(value));
  const oneSided = welchLog([2, 2, 2, 2], fromLogs([0.5, 0.6, 0.7]));
  close(oneSided.df, 2, 1e-12, 'only head varies: df = n(head) - 1');
  assert.ok(oneSided.p > 0 && oneSided.p < 1);
});

test('a sample of one value, or with a value that has no logarithm, cannot be tested, and says why', () => {
  assert.equal(untestable([1.2]), '1 trial');
  assert.equal(untestable([]), '0 trials');
  assert.match(untestable([1, 0]) ?? '', /has no logarithm/);
  assert.match(untestable([1, Number.POSITIVE_INFINITY]) ?? '', /not finite/);
  assert.equal(untestable([1, 2]), undefined);
  assert.throws(() => welchLog([1], [1, 2]), /base has 1 trial/);
});

test('the detectable change: exp((t(1 - a/2, df) + t(0.8, df)) se) - 1, checked with the closed-form quantiles of df = 2', () => {
  const se = Math.sqrt(0.02);
  const shift = (q2(0.975) + q2(0.8)) * se; // (4.3027 + 1.0607) x 0.1414 = 0.7585
  close(detectableLogShift(se, 2, 0.05), shift, 1e-6, 'log shift');
  close(detectableChange(se, 2, 0.05), Math.exp(shift) - 1, 1e-6, 'change');
  close(detectableChange(se, 2, 0.05), 1.1350, 1e-4, 'by hand: exp(0.7585) - 1');
  assert.ok(detectableChange(se, 2, 0.05 / 30) > detectableChange(se, 2, 0.05), 'a stricter level sees only larger changes');
  assert.equal(detectableChange(0, 4, 0.05), 0, 'no spread: any change shows');
});

test('trials per side: the least n whose detectable change is within the threshold, near the normal-theory n', () => {
  // Log sd 0.3 a side (30% spread), level 0.05 / 2, threshold 5%.
  const v = 0.09;
  const level = 0.025;
  const reach = Math.log(1.05);
  const n = trialsPerSide(v, v, level, reach);
  assert.ok(n !== undefined);
  const shiftAt = (k: number): number => detectableLogShift(Math.sqrt((2 * v) / k), 2 * k - 2, level);
  assert.ok(shiftAt(n) <= reach, `n = ${n} is enough`);
  assert.ok(shiftAt(n - 1) > reach, `n - 1 = ${n - 1} is not`);
  // Normal theory: n = (z(0.9875) + z(0.8))² 2v / reach² = (2.2414 + 0.8416)² x 0.18 / 0.04879² = 718.8; t quantiles add a little.
  assert.ok(n >= 719 && n <= 719 * 1.01, `n = ${n}`);
  assert.equal(trialsPerSide(0, 0, level, reach), 2, 'no spread: two trials a side already see any change');
  assert.equal(trialsPerSide(v, v, level, 0), undefined, 'a threshold of 0 no number of trials can reach');
  assert.equal(trialsPerSide(100, 100, level, 1e-6), undefined, 'beyond the limit: undefined, not a loop');
});
