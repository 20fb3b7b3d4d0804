import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colours, renderTerminal } from '../harness/report/terminal.js';
import type { Row, RowSummary, ScenarioResult, StageEvent, TrialRecord } from '../harness/results/records.js';
import type { Summary } from '../harness/statistics/summary.js';
import { renderTimeline, stageLetters, timelineSection } from '../harness/report/timeline.js';

const event = (stage: string, item: number, lane: string, start: number, end: number): StageEvent => ({ stage, item, lane, start, end });

test('one lane per worker, stage letters, dots for idle, an axis and a legend', () => {
  const events = [
    event('collect', 0, 'main', 0, 2),
    event('import', 0, 'main', 2, 3),
    event('collect', 1, 'main', 3, 5),
    event('report', 0, 'pid 7', 3, 6),
    event('report', 1, 'pid 7', 6, 8),
    event('report', 2, 'pid 8', 3, 5),
  ];
  assert.deepEqual(renderTimeline(events, { width: 12, totalSeconds: 12 }), [
    'main  |CCICC.......|',
    'pid 7 |...RRRrr....|',
    'pid 8 |...RR.......|',
    '       0 s   12.0 s',
    'C collect, I import, R report, . idle; consecutive runs of a stage alternate case',
  ]);
});

test('overlapping events of one lane get a row each, and a short event is never lost', () => {
  const events = [
    event('report', 0, 'main', 0, 4),
    event('report', 1, 'main', 1, 3),
    event('collect', 0, 'main', 4, 4.1),
    event('report', 2, 'main', 4.1, 8),
  ];
  const lines = renderTimeline(events, { width: 8, totalSeconds: 8 });
  // Report 2 goes to the row that last ran a report; the 0.1 s collect still shows.
  assert.deepEqual(lines.slice(0, 2), ['main    |RRRRC...|', 'main #2 |.RR.rrrr|']);
});

test('stage letters: first free letter of the name', () => {
  assert.deepEqual([...stageLetters(['collect', 'compute', 'report', 'collect'])], [
    ['collect', 'C'],
    ['compute', 'O'],
    ['report', 'R'],
  ]);
});

test('no events, no timeline', () => {
  assert.deepEqual(renderTimeline([], { width: 10 }), []);
});

function summary(median: number): Summary {
  return { n: 1, median, mean: median, sd: 0, min: median, max: median, mad: 0, rme: 0, cv: 0 };
}

function trial(work: number, events: readonly StageEvent[], round = 0): TrialRecord {
  return {
    round, warmup: false, exitCode: 0, signal: null, realSeconds: work + 0.2, userSeconds: 0.1, sysSeconds: 0.01,
    timeMethod: 'linux-proc-cutime', bootSeconds: 0.05, prepareSeconds: 0, startupSeconds: 0.01, workSeconds: work,
    workUserSeconds: 0, workSysSeconds: 0, shutdownSeconds: 0, peakRssBytes: 1, harnessCpuSeconds: 0.001, items: 9, itemFailures: [], counters: {},
    boundSeconds: 1, events, verified: true, problem: null, timeline: [],
    peakRssMethod: 'hand-built', window: null, windowSampleIntervalMs: 0, foreignLoadCores: 0, threads: null, jsThreads: [],
  };
}

function row(strategy: string, label: string, trials: readonly TrialRecord[]): Row {
  const work = trials.map((t) => t.workSeconds ?? 0).sort((a, b) => a - b)[Math.floor(trials.length / 2)] ?? 0;
  const s: RowSummary = {
    realSeconds: summary(work + 0.2), userSeconds: summary(0.1), sysSeconds: summary(0.01), startupSeconds: summary(0.01),
    workSeconds: summary(work), workCpuSeconds: summary(0), workPerItemSeconds: summary(work / 9), peakRssBytes: summary(1), cpuUtilisation: summary(0.1),
    efficiency: summary(1 / work), speedup: null,
  };
  return { key: label, label, strategy, workers: 1, concurrency: 1, chunkSize: 1, sampleIntervalMs: 100, params: {}, command: [], trials, state: 'completed', summary: s };
}

const result = (rows: readonly Row[]): ScenarioResult => ({ scenario: 'api', summary: 'pipeline', items: 9, facts: {}, rows, notes: [] });

test('timelineSection draws the rows with the shortest and the longest work windows, each from its typical trial', () => {
  const slow = row('sequential', 'sequential', [trial(4, [event('report', 0, 'main', 0, 4)])]);
  const fast = row('worker-threads', 'worker-threads x2', [
    trial(1.9, [event('report', 0, 'thread 1', 0, 1.9)], 1),
    trial(2, [event('report', 0, 'thread 9', 0, 2)], 2),
    trial(5, [event('report', 0, 'thread 5', 0, 5)], 3),
  ]);
  const middle = row('child-process', 'child-process x2', [trial(3, [event('report', 0, 'pid 3', 0, 3)])]);
  const lines = timelineSection(result([slow, fast, middle]), 8);
  const headers = lines.filter((line) => line.startsWith('Timeline of'));
  assert.deepEqual(headers, [
    'Timeline of worker-threads x2 (best; work window 2.00 s, ideal 1.00 s, round 3):',
    'Timeline of sequential (worst; work window 4.00 s, ideal 1.00 s, round 1):',
  ]);
  assert.ok(lines.includes('thread 9 |RRRRRRRR|'), lines.join('\n'));
  assert.ok(!lines.some((line) => line.startsWith('pid 3')), 'the middle row is not drawn');
});

test('timelineSection is empty for scenarios that record no events, and the terminal shows it when they do and every note is asked for', () => {
  const plain = result([row('sequential', 'sequential', [trial(1, [])])]);
  assert.deepEqual(timelineSection(plain), []);
  const withEvents = result([row('sequential', 'sequential', [trial(1, [event('report', 0, 'main', 0, 1)])])]);
  assert.doesNotMatch(renderTerminal(withEvents, colours({ NO_COLOR: '1' })), /Timeline of/, 'the compact terminal leaves timelines to the report');
  const text = renderTerminal(withEvents, colours({ NO_COLOR: '1' }), { width: 100, wide: false, allNotes: true });
  assert.match(text, /Timeline of sequential \(the only row; work window 1\.00 s/);
  assert.match(text, /\nmain \|R+\|\n/);
});
