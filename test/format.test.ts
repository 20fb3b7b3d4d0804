/** The one formatter of figures: units that follow the magnitude, three significant digits, exact strings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytes, duration, durationSpread, percent, ratio } from '../harness/report/format.js';
import { summary } from './fixtures/results.js';

test('duration picks ns, µs, ms, s, min or h by magnitude, with three significant digits', () => {
  const cases: [number, string][] = [
    [0, '0 s'],
    [812e-9, '812 ns'],
    [7.3e-6, '7.30 µs'],
    [17.1e-6, '17.1 µs'],
    [70e-6, '70.0 µs'],
    [0.01e-3 * 1.2, '12.0 µs'],
    [6.52e-3, '6.52 ms'],
    [0.784, '784 ms'],
    [1.234, '1.23 s'],
    [12.34, '12.3 s'],
    [59.4, '59.4 s'],
    [67, '1.12 min'],
    [282, '4.70 min'],
    [5317, '1.48 h'],
    [-0.0073, '-7.30 ms'],
  ];
  for (const [seconds, text] of cases) assert.equal(duration(seconds), text, `duration(${seconds})`);
});

test('duration moves up a unit when rounding reaches the next one', () => {
  assert.equal(duration(999.7e-9), '1.00 µs');
  assert.equal(duration(0.99996), '1.00 s');
  assert.equal(duration(59.99), '1.00 min');
  assert.equal(duration(0.09999999), '100 ms');
});

test('durationSpread puts the spread in the median\'s unit and decimals', () => {
  assert.equal(durationSpread(summary(0.784, 0.028)), '784 ± 28 ms');
  assert.equal(durationSpread(summary(1.234, 0.05)), '1.23 ± 0.05 s');
  assert.equal(durationSpread(summary(17.1e-6, 0.4e-6)), '17.1 ± 0.4 µs');
  assert.equal(durationSpread(summary(0.05, 0.001)), '50.0 ± 1.0 ms');
  assert.equal(durationSpread(summary(0, 0.002)), '0.00 ± 2.00 ms');
  assert.equal(durationSpread(summary(0, 0)), '0 ± 0 s');
});

test('bytes uses binary units by magnitude', () => {
  assert.equal(bytes(0), '0 B');
  assert.equal(bytes(512), '512 B');
  assert.equal(bytes(4096), '4.00 KiB');
  assert.equal(bytes(64 * 2 ** 20), '64.0 MiB');
  assert.equal(bytes(207 * 2 ** 20), '207 MiB');
  assert.equal(bytes(24 * 2 ** 30), '24.0 GiB');
});

test('percent and ratio', () => {
  assert.equal(percent(0.754), '75%');
  assert.equal(ratio({ value: 1.372, error: 0.061 }), '1.37 ± 0.06x');
});
