import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iterationsFor, noiseWarnings, outliers } from '../harness/statistics/noise.js';

test('outliers: modified z-score on the MAD flags a far sample and nothing in a tight set', () => {
  // median 1.0, MAD 0.01: 1.5 has z = 0.6745 * 0.5 / 0.01 = 33.7
  assert.deepEqual(outliers([0.99, 1.0, 1.01, 1.0, 1.5]), [4]);
  assert.deepEqual(outliers([0.99, 1.0, 1.01, 1.0, 1.02]), []);
  assert.deepEqual(outliers([1, 1, 1, 1]), [], 'a zero MAD flags nothing');
  assert.deepEqual(outliers([1, 9]), [], 'too few samples to judge');
});

test('iterationsFor: (1.96 cv / precision)^2, rounded up, at least 2', () => {
  assert.equal(iterationsFor(0.05), 25); // (1.96 * 0.05 / 0.02)^2 = 24.01
  assert.equal(iterationsFor(0.1), 97); // 96.04
  assert.equal(iterationsFor(0.001), 2);
});

test('noiseWarnings names the row, its variation and the iterations needed; quiet rows get none', () => {
  const [noisy] = noiseWarnings('worker-threads x2', [1, 1.1, 0.9, 1.05, 0.95], 0.079);
  assert.ok(noisy !== undefined);
  assert.match(noisy, /worker-threads x2 is noisy: its real time varies by 7\.9%/);
  assert.match(noisy, /about 60 iterations/);
  assert.deepEqual(noiseWarnings('sequential', [1, 1.01, 0.99], 0.01), []);
  const withOutlier = noiseWarnings('promise c2', [0.99, 1.0, 1.01, 1.0, 1.5], 0.02);
  assert.equal(withOutlier.length, 1);
  assert.match(withOutlier[0] ?? '', /1 outlier trial\(s\).*1\.500 s/);
});
