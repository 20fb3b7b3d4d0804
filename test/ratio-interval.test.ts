import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ratioOfMedians } from '../harness/statistics/ratio-interval.js';

test('the ratio is median(head) / median(base), inside its interval', () => {
  const r = ratioOfMedians([1.0, 1.1, 0.9, 1.05, 0.95], [1.2, 1.3, 1.1, 1.25, 1.15]);
  assert.equal(r.ratio, 1.2 / 1.0);
  assert.ok(r.low <= r.ratio && r.ratio <= r.high, JSON.stringify(r));
  assert.ok(r.low > 1, `a 20% shift with no overlap keeps 1 out of the interval: ${JSON.stringify(r)}`);
});

test('the interval is reproducible: the same samples give the same bounds', () => {
  const base = [2.0, 2.2, 1.9, 2.1, 2.05, 1.95];
  const head = [2.1, 2.0, 2.15, 1.98, 2.3, 2.02];
  assert.deepEqual(ratioOfMedians(base, head), ratioOfMedians(base, head));
  const other = ratioOfMedians(base, head, 7);
  assert.equal(other.ratio, ratioOfMedians(base, head).ratio, 'the seed moves the interval, never the ratio');
});

test('identical constant samples: ratio 1 with a zero-width interval; overlapping samples straddle 1', () => {
  assert.deepEqual(ratioOfMedians([3, 3, 3], [3, 3, 3]), { ratio: 1, low: 1, high: 1 });
  const r = ratioOfMedians([1.0, 1.2, 0.9, 1.1], [1.05, 0.95, 1.15, 1.0]);
  assert.ok(r.low < 1 && r.high > 1, JSON.stringify(r));
});
