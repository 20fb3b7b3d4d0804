import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemFailure } from '../harness/trial/report.js';
import { checkOutputs } from '../harness/run/verify.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

test('identical outputs pass', () => {
  assert.equal(checkOutputs([A, B, C], [A, B, C], []), null);
  assert.equal(checkOutputs([], [], []), null);
});

test('a differing digest is reported with the item', () => {
  const problem = checkOutputs([A, B, C], [A, C, C], []);
  assert.ok(problem !== null);
  assert.match(problem, /differs/);
  assert.match(problem, /item 1\b/);
});

test('a missing output is reported with the failure that explains it', () => {
  const failures: ItemFailure[] = [{ item: 2, code: 'TASK_THREW', message: 'cpu under promise: item 2 failed: boom' }];
  assert.equal(checkOutputs([A, B, C], [A, B, null], failures), 'cpu under promise: item 2 failed: boom');
});

test('a missing output without a failure is still a problem', () => {
  const problem = checkOutputs([A, B], [A, null], []);
  assert.ok(problem !== null);
  assert.match(problem, /item 1/);
});

test('a different number of outputs is a problem', () => {
  const fewer = checkOutputs([A, B, C], [A, B], []);
  assert.ok(fewer !== null);
  assert.match(fewer, /2 outputs for 3 items/);
  assert.ok(checkOutputs([A], [A, B], []) !== null);
});

test('an item that failed in the reference and in the trial alike is not a problem', () => {
  const failures: ItemFailure[] = [{ item: 1, code: 'TASK_THREW', message: 'bad input' }];
  assert.equal(checkOutputs([A, null, C], [A, null, C], failures), null);
});

test('an item that succeeds where the reference failed is a problem', () => {
  const problem = checkOutputs([A, null], [A, B], []);
  assert.ok(problem !== null);
  assert.match(problem, /item 1/);
});
