/** `parabench compare` as a user runs it (in this process; the gate's exit 1 as a process): exit codes, its flags, the gate's closing lines, unreadable and impossible files. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseResults, ResultsFileError } from '../harness/results/read.js';
import { compare, compareProcess, NOISY, resultsFolderForTests, rotated, runOf, scaled, SIX } from './fixtures/compare.js';

const { file, writeRun } = resultsFolderForTests();

test('compare exits 0 when nothing changed', async () => {
  const r = await compare([file('base.json'), file('same.json'), '--fail-on-regression']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /worker-threads x2/);
  assert.doesNotMatch(r.stdout, /REGRESSION/);
});

test('a significant regression: exit 1 only with --fail-on-regression, and only beyond the threshold', async () => {
  // As a CI gate runs it: a process whose exit code is 0 without the flag, 1 with it.
  const plain = await compareProcess([file('base.json'), file('slower.json')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /REGRESSION \(beyond 5%\)/);
  const failing = await compareProcess([file('base.json'), file('slower.json'), '--fail-on-regression']);
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stdout, /1 significant regression\(s\) beyond 5%: cpu \(10 items\) worker-threads x2/);
  const lenient = await compare([file('base.json'), file('slower.json'), '--fail-on-regression', '--threshold', '25%']);
  assert.equal(lenient.code, 0, lenient.stderr);
});

test('each side may be several runs of one machine, comma-separated: their trials are pooled', async () => {
  const halves = [SIX.slice(0, 3), SIX.slice(3)];
  for (const [i, half] of halves.entries()) {
    await writeRun(`base-${i}.json`, runOf(half));
    await writeRun(`slower-${i}.json`, runOf(scaled(half, 1.2)));
  }
  const r = await compare([`${file('base-0.json')},${file('base-1.json')}`, `${file('slower-0.json')},${file('slower-1.json')}`, '--fail-on-regression']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /n=2/, 'one value per run: the geometric mean of its three trials');
  assert.match(r.stdout, /Each side pooled runs \(base 2, head 2\): each run is one value in the test/);
  const mixed = await compare([`${file('base.json')},${file('other-machine.json')}`, file('same.json')]);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /only runs of one machine can be pooled/);
});

test('--format markdown prints a pull request summary: the verdict in the heading, the changed rows in a table', async () => {
  const r = await compare([file('base.json'), file('slower.json'), '--format', 'markdown']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^## parabench compare: 1 regression, 1 unchanged of 2 rows\n/);
  assert.ok(r.stdout.includes('| Benchmark | Base | Head | Change | 95% interval | Could see | p (Holm) | Verdict |'));
  assert.ok(r.stdout.includes('| cpu (10 items) worker-threads x2 | 1.00 s ± 2% (n=6) | 1.21 s ± 2% (n=6) | +20.0% |'));
  assert.match(r.stdout, /Welch's t-test on log times, Holm-corrected over 2 rows at α=0\.05 \(chance of any false alarm ≤ 5%\); regressions beyond 5%\./);
});

test('--correction takes holm, bh or none; anything else exits 2 naming them', async () => {
  const bad = await compare([file('base.json'), file('same.json'), '--correction', 'bonferroni']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--correction takes one of: holm, bh, none, got "bonferroni"/);
  const bh = await compare([file('base.json'), file('slower.json'), '--correction', 'bh']);
  assert.equal(bh.code, 0, bh.stderr);
  assert.match(bh.stdout, /Benjamini-Hochberg-corrected over 2 rows at α=0\.05 \(share of false alarms among changed rows ≤ 5%\)/);
  const none = await compare([file('base.json'), file('slower.json'), '--correction', 'none']);
  assert.match(none.stdout, /each of 2 rows alone at α=0\.05, uncorrected \(about 5% of unchanged rows will be called changed\)/);
});

test('--max-foreign-load takes cores of 0 or more, or none; anything else exits 2 naming it', async () => {
  for (const value of ['-1', 'lots', '']) {
    const bad = await compare([file('base.json'), file('same.json'), '--max-foreign-load', value]);
    assert.equal(bad.code, 2, `${JSON.stringify(value)}: ${bad.stderr}`);
    assert.match(bad.stderr, /--max-foreign-load takes a number of cores of 0 or more, e\.g\. 0\.25, or none/);
  }
  for (const value of ['none', '0', '1.5']) {
    const good = await compare([file('base.json'), file('same.json'), '--max-foreign-load', value]);
    assert.equal(good.code, 0, `${value}: ${good.stderr}`);
  }
});

test('different machines are refused (exit 2) unless --cross-machine, which compares speedups', async () => {
  const refused = await compare([file('base.json'), file('other-machine.json')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /different machines \(machine: test-machine vs elsewhere; cores: 2 vs 4\)/);
  assert.match(refused.stderr, /--cross-machine/);
  const crossed = await compare([file('base.json'), file('other-machine.json'), '--cross-machine']);
  assert.equal(crossed.code, 0, crossed.stderr);
  assert.match(crossed.stdout, /speedup of real time over each machine's own sequential run/);
  assert.match(crossed.stdout, /cpu \(10 items\) worker-threads/);
});

test('unreadable files exit 2 with a message that says what is wrong', async () => {
  const cases: [string, RegExp][] = [
    ['truncated.json', /ends early .* cut off/],
    ['not-json.json', /not JSON/],
    ['future.json', /schema version 99; this parabench reads versions 1, 2/],
    ['missing.json', /no such file/],
  ];
  for (const [name, message] of cases) {
    const r = await compare([file('base.json'), file(name)]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.ok(r.stderr.includes(name), `the message names the file: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const badThreshold = await compare([file('base.json'), file('same.json'), '--threshold', 'lots']);
  assert.equal(badThreshold.code, 2);
  assert.match(badThreshold.stderr, /--threshold/);
});

test('compare --fail-on-regression with an undecided row exits 0 and says the gate could not check it, with the trials it needs', async () => {
  await writeRun('noisy-base.json', runOf(NOISY));
  await writeRun('noisy-head.json', runOf(rotated(NOISY)));
  const r = await compare([file('noisy-base.json'), file('noisy-head.json'), '--fail-on-regression']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^parabench compare: 1 undecided, 1 unchanged of 2 rows$/m);
  assert.match(r.stdout, /UNDECIDED \(could miss 5%\)/);
  assert.match(r.stdout, /The gate could not check 1 row \(1 undecided: not called changed, yet each could have missed a regression beyond 5%\): they do not fail it, and its pass does not vouch for them\./);
  const trials = /cpu \(10 items\) worker-threads x2: could see only ±[\d.]+%; about (\d+) trials per side \((\d+) more\) would decide it\./.exec(r.stdout);
  assert.ok(trials !== null, r.stdout);
  assert.equal(Number(trials[1]) - Number(trials[2]), 6, 'six trials now');
  const plain = await compare([file('noisy-base.json'), file('noisy-head.json')]);
  assert.equal(plain.code, 0);
  assert.doesNotMatch(plain.stdout, /UNDECIDED|could not check/, 'no gate: no undecided rows');
});

// Impossible figures (issue 24, defect 5), and a reproduce report given as a results file.
const SENTINEL = 1.23456789;
/** A results file whose worker-threads row's first trial took `real` seconds, as JSON text. */
function withReal(real: string): string {
  const text = JSON.stringify(runOf([SENTINEL, ...SIX.slice(1)]));
  assert.equal(text.split(`"realSeconds":${SENTINEL}`).length, 2, 'one trial has the sentinel');
  return text.replace(`"realSeconds":${SENTINEL}`, `"realSeconds":${real}`);
}

test('reading a results file refuses impossible real times, naming the file, the row, the trial and the field', () => {
  for (const [real, rule] of [
    ['1e999', /is Infinity \(.*1e999.*\): it must be a finite number/],
    ['-5', /is -5: a real time runs from a spawn to an exit, so it must be above 0/],
    ['0', /is 0: a real time .* must be above 0/],
  ] as const) {
    assert.throws(
      () => parseResults('runs/edited.json', withReal(real)),
      (error: unknown) => {
        assert.ok(error instanceof ResultsFileError);
        assert.equal(error.problem, 'impossible');
        assert.match(error.message, /^runs\/edited\.json: impossible measurement: scenario cpu \(10 items\), row "worker-threads x2", trial 1, realSeconds /);
        assert.match(error.message, rule);
        return true;
      },
      real,
    );
  }
  const negativeCpu = JSON.stringify(runOf(SIX)).replace('"userSeconds":0.9', '"userSeconds":-0.9');
  assert.throws(() => parseResults('cpu.json', negativeCpu), /cpu\.json: impossible measurement: .* userSeconds is -0\.9: a time, a count or a size cannot be negative/);
  const summary = JSON.parse(JSON.stringify(runOf(SIX))) as { scenarios: { rows: { summary: { realSeconds: { median: number } } }[] }[] };
  (summary.scenarios[0]?.rows[1] as { summary: { realSeconds: { median: number } } }).summary.realSeconds.median = -5;
  assert.throws(() => parseResults('summary.json', JSON.stringify(summary)), /row "worker-threads x2", summary\.realSeconds\.median is -5/);
  assert.doesNotThrow(() => parseResults('fine.json', JSON.stringify(runOf(SIX))));
});

test('compare given an impossible time exits 2 naming the file and the field, and never prints NaN', async () => {
  for (const [name, real] of [['infinite.json', '1e999'], ['negative.json', '-5'], ['zero.json', '0']] as const) {
    await writeFile(file(name), withReal(real));
    const r = await compare([file('base.json'), file(name)]);
    assert.equal(r.code, 2, `${name}: ${r.stdout}`);
    assert.ok(r.stderr.includes(`${file(name)}: impossible measurement`), r.stderr);
    assert.match(r.stderr, /realSeconds is/);
    assert.doesNotMatch(r.stdout + r.stderr, /NaN/);
  }
});

test('a reproduce report given as a results file points at the bench runs beside it', () => {
  const report = { document: { id: '002', slug: 'pipeline', title: 'x', file: 'x.txt' }, runs: [{ experiment: 'sleep', path: 'elsewhere/runs/002-sleep.json', wallSeconds: 1 }, { experiment: 'spin', path: 'elsewhere/runs/002-spin.json', wallSeconds: 1 }], tables: [] };
  assert.throws(
    () => parseResults(join('out', '002-pipeline.json'), JSON.stringify(report)),
    (error: unknown) => {
      assert.ok(error instanceof ResultsFileError);
      assert.equal(error.problem, 'reproduce-report');
      assert.match(error.message, /a `parabench reproduce` report of document 002 \(pipeline\), not the results of a bench run/);
      assert.ok(error.message.includes(`${join('out', 'runs', '002-sleep.json')} (sleep), ${join('out', 'runs', '002-spin.json')} (spin)`), error.message);
      assert.doesNotMatch(error.message, /re-run the benchmark/i);
      return true;
    },
  );
});
