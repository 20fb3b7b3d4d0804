import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adjust, benjaminiHochberg, holm, strictestLevel } from '../harness/statistics/multiple-comparisons.js';

const closeAll = (actual: readonly number[], expected: readonly number[], what: string): void => {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((value, i) => assert.ok(Math.abs(value - (expected[i] as number)) < 1e-12, `${what}[${i}]: ${value} is not ${expected[i]}`));
};

// By hand: sorted 0.005, 0.01, 0.03, 0.04 (inputs 4, 1, 3, 2).
// Holm: 4 x 0.005 = 0.02, 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, 1 x 0.04 = 0.04, raised to 0.06 by the one before.
// BH: 4/1 x 0.005 = 0.02, 4/2 x 0.01 = 0.02, 4/3 x 0.03 = 0.04, 4/4 x 0.04 = 0.04.
const P = [0.01, 0.04, 0.03, 0.005];

test('Holm: the classic four p-values, adjusted in input order', () => {
  closeAll(holm(P), [0.03, 0.06, 0.06, 0.02], 'holm');
});

test('Benjamini-Hochberg: the classic four p-values, adjusted in input order', () => {
  closeAll(benjaminiHochberg(P), [0.02, 0.04, 0.04, 0.02], 'bh');
});

test('adjusted p-values are capped at 1, keep the order of the raw ones, and never fall below them', () => {
  const p = [0.5, 0.2, 0.9, 0.01, 0.3, 0.04, 0.04];
  for (const [name, adjusted] of [['holm', holm(p)], ['bh', benjaminiHochberg(p)]] as const) {
    adjusted.forEach((value, i) => {
      assert.ok(value <= 1, `${name}: capped`);
      assert.ok(value >= (p[i] as number) - 1e-15, `${name}: not below the raw p`);
      p.forEach((other, j) => {
        if ((p[i] as number) < other) assert.ok(value <= (adjusted[j] as number), `${name}: monotone in the raw p`);
      });
    });
  }
  closeAll(holm([0.5, 0.6]), [1, 1], 'holm capped');
  // Holm: 7 x 0.01 = 0.07, 6 x 0.04 = 0.24 for both ties, ...; BH: the ties share 7/3 x 0.04.
  closeAll(holm(p).slice(3, 4), [0.07], 'holm smallest');
  closeAll(benjaminiHochberg(p).slice(5), [0.28 / 3, 0.28 / 3], 'bh ties');
});

test('thirty p-values of 0.01: uncorrected all under 0.05, Holm none (0.3 each), BH all (0.01 each)', () => {
  const p = Array.from({ length: 30 }, () => 0.01);
  assert.ok(adjust(p, 'none').every((v) => v < 0.05));
  closeAll(adjust(p, 'holm'), p.map(() => 0.3), 'holm');
  closeAll(adjust(p, 'bh'), p.map(() => 0.01), 'bh: all equally small, all called');
  assert.deepEqual(adjust([], 'holm'), []);
});

test('the strictest level a row faces: α / m under Holm and BH, α uncorrected', () => {
  assert.equal(strictestLevel(0.05, 10, 'holm'), 0.005);
  assert.equal(strictestLevel(0.05, 10, 'bh'), 0.005);
  assert.equal(strictestLevel(0.05, 10, 'none'), 0.05);
  assert.equal(strictestLevel(0.05, 0, 'holm'), 0.05, 'no rows: α');
});
