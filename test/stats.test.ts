import assert from 'node:assert/strict';
import { test } from 'node:test';
import { speedup, summarise, type Summary } from '../harness/statistics/summary.js';

const close = (actual: number, expected: number, tolerance = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

test('summarise gives n, median, mean, min, max and the sample standard deviation', async () => {
  const s = await summarise([1, 2, 3, 4, 10]);
  assert.equal(s.n, 5);
  assert.equal(s.median, 3);
  assert.equal(s.mean, 4);
  assert.equal(s.min, 1);
  assert.equal(s.max, 10);
  close(s.sd, Math.sqrt(12.5)); // squares of deviations sum to 50, over n - 1 = 4
  close(s.sd, 3.5355339059, 1e-9);
  close(s.cv, s.sd / 4);
  assert.ok(s.rme > 0);
});

test('summarise does not depend on the order of the samples', async () => {
  assert.deepEqual(await summarise([10, 4, 1, 3, 2]), await summarise([1, 2, 3, 4, 10]));
});

test('summarise of one sample has no spread', async () => {
  const s = await summarise([0.25]);
  assert.equal(s.n, 1);
  assert.equal(s.median, 0.25);
  assert.equal(s.mean, 0.25);
  assert.equal(s.min, 0.25);
  assert.equal(s.max, 0.25);
  assert.equal(s.sd, 0);
  assert.equal(s.rme, 0);
  assert.equal(s.cv, 0);
  for (const value of Object.values(s)) assert.ok(Number.isFinite(value));
});

test('summarise of an even count takes the middle of the two central samples', async () => {
  const s = await summarise([1, 2, 3, 10]);
  assert.equal(s.median, 2.5);
});

test('summarise rejects no samples', async () => {
  await assert.rejects(summarise([]), /no samples/);
});

test('speedup is the ratio of medians with an error propagated from both spreads', async () => {
  const baseline: Summary = await summarise([1.8, 2, 2.2]);
  const row: Summary = await summarise([0.9, 1, 1.1]);
  const ratio = speedup(baseline, row);
  close(ratio.value, baseline.median / row.median);
  close(ratio.value, 2);
  assert.ok(ratio.error > 0, 'a positive error');
  close(ratio.error, 2 * Math.hypot(baseline.sd / baseline.mean, row.sd / row.mean));
  const slower = speedup(row, baseline);
  close(slower.value, 0.5);
  assert.ok(slower.error > 0);
});

test('speedup of samples without spread has zero error', async () => {
  const ratio = speedup(await summarise([3]), await summarise([1]));
  assert.equal(ratio.value, 3);
  assert.equal(ratio.error, 0);
});
