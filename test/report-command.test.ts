/** `parabench report FILE.json`: the terminal view and markdown re-rendered from a results file's measurements. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';
import { failedRow, fourApproaches, run, scenarioResult } from './fixtures/results.js';
import { noteOptions, runNotesOf, scenarioNotesOf } from '../harness/report/notes.js';
import type { RunResults } from '../harness/results/records.js';

/** A run with a failed row: its note is read off the row's failure, never off stored prose. */
function results(): RunResults {
  const rows = [...fourApproaches(), failedRow('cluster', 'cluster x2', 'cluster/w2', 'item 4 failed: worker 1 exited with code 9')];
  return run([scenarioResult(rows)], undefined, { mode: 'normal', incremental: false, workers: [2], foreignLoadWarnCores: 0.25 });
}

/** The same run as a file written before notes were left to the report: stale wording stored in prose. */
function storedProse(): RunResults {
  const fresh = results();
  return {
    ...fresh,
    notes: ['OLD RUN NOTE'],
    scenarios: fresh.scenarios.map((s) => ({ ...s, notes: ['OLD SCENARIO NOTE', 'Rows ran unverified: the sequential row of cpu failed: boom. Their outputs were compared with nothing.'] })),
  };
}

test('report re-renders the terminal view and the markdown from the measurements, stored prose of an older file aside', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parabench-report-'));
  try {
    const file = join(dir, 'older.json');
    await writeFile(file, JSON.stringify(storedProse()));
    const cli = await runHere(['report', file, '--notes', 'all']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /Scenario cpu: CPU-bound: thumbnails/);
    assert.match(cli.stdout, /Decision: /);
    assert.match(cli.stdout, /cluster x2 FAILED: item 4 failed: worker 1 exited with code 9/, 'the failed row\'s note, read off its failure');
    assert.match(cli.stdout, /Rows ran unverified: the sequential row of cpu failed: boom/, 'an older file keeps the one note it holds nowhere else');
    assert.doesNotMatch(cli.stdout, /OLD SCENARIO NOTE|OLD RUN NOTE/, 'stored wording is not what is shown');
    assert.match(cli.stdout, /Decision matrix/);
    const markdown = await readFile(join(dir, 'older.md'), 'utf8');
    assert.match(markdown, /- A bare Node start \(`node -e 0`\) took 50 ms \(median of 3\)/);
    assert.match(markdown, /- cluster x2 FAILED: item 4 failed: worker 1 exited with code 9/);
    assert.doesNotMatch(markdown, /OLD SCENARIO NOTE|OLD RUN NOTE/);
    assert.match(cli.stdout, new RegExp(`Report: +${join(dir, 'older.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('report: the notes a file renders are those the report functions read off it', () => {
  const fresh = results();
  const scenario = fresh.scenarios[0];
  assert.ok(scenario !== undefined);
  const notes = scenarioNotesOf(scenario, noteOptions(fresh.parameters));
  assert.ok(notes.some((n) => n.startsWith('cluster x2 FAILED')), notes.join('\n'));
  assert.ok(runNotesOf(fresh)[0]?.startsWith('A bare Node start'), 'the run note from its bare starts');
  const planted = runNotesOf({ ...fresh, parameters: { ...fresh.parameters, plantedSlowdown: 'child-process=10%' } });
  assert.ok(planted.some((n) => n.startsWith('A slowdown was planted (--plant-slowdown child-process=10%): every task call in the child-process rows')), planted.join('\n'));
});

test('report: a missing file (a process), a bad format and a bad --notes are usage errors (exit 2) naming what was wrong', async () => {
  const missing = await runCli(['report', join(tmpdir(), 'parabench-no-such-results.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file/);
  const dir = await mkdtemp(join(tmpdir(), 'parabench-report-'));
  try {
    const file = join(dir, 'r.json');
    await writeFile(file, JSON.stringify(results()));
    const format = await runHere(['report', file, '--format', 'pdf']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format|format "pdf"/);
    const unwritable = await runHere(['report', file, '--out', join(file, 'under-a-file')]);
    assert.equal(unwritable.code, 2, unwritable.stderr);
    assert.match(unwritable.stderr, /cannot write results there \(ENOTDIR\); choose a folder you can write to/);
    const notes = await runHere(['report', file, '--notes', 'some']);
    assert.equal(notes.code, 2);
    assert.match(notes.stderr, /notes "some"; choose from: key, all/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
