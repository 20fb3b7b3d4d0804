import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderSvg } from '../harness/report/charts/render.js';
import { chartPlans } from '../harness/report/charts/specs.js';
import type { StageEvent } from '../harness/results/records.js';
import { completedRow, fourApproaches, run, scenarioResult } from './fixtures/results.js';

const timeline = [0.1, 0.2, 0.3].map((seconds, i) => ({ seconds, cpuPercent: [50, 180, 190][i] as number, rssBytes: 2 ** 26, processes: 3 }));
const events: StageEvent[] = [
  { stage: 'download', item: 0, lane: 'worker 0', start: 0, end: 0.2 },
  { stage: 'resize', item: 0, lane: 'worker 0', start: 0.2, end: 0.5 },
  { stage: 'download', item: 1, lane: 'worker 1', start: 0, end: 0.3 },
  { stage: 'resize', item: 1, lane: 'worker 1', start: 0.3, end: 0.6 },
];

const swept = run([
  scenarioResult([
    completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2, 2.1, 1.9], timeline }),
    completedRow({ strategy: 'worker-threads', label: 'worker-threads x1', key: 'worker-threads/w1', workers: 1, reals: [2.1, 2.2, 2.0], timeline }),
    completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals: [1.1, 1, 1.2], timeline, events }),
  ]),
]);

/** Every aria-label of the SVG's data marks with the given role, e.g. `point` or `line mark`. */
function markLabels(svg: string, role: string): string[] {
  const pattern = new RegExp(`aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="${role}"`, 'g');
  return [...svg.matchAll(pattern)].map((m) => m[1] as string);
}

function assertValidSvg(svg: string): void {
  assert.equal(XMLValidator.validate(svg), true, 'well-formed XML');
  const root = new XMLParser({ ignoreAttributes: false }).parse(svg) as { svg?: Record<string, unknown> };
  assert.ok(root.svg !== undefined, 'the root element is <svg>');
  assert.equal(root.svg['@_xmlns'], 'http://www.w3.org/2000/svg');
  assert.ok(Number(root.svg['@_width']) > 0 && Number(root.svg['@_height']) > 0, 'it has a size');
}

test('chartPlans: real time, speedup (a workers sweep), CPU over time, and a task timeline (events)', () => {
  const plans = chartPlans(swept);
  assert.deepEqual(plans.map((p) => p.file), ['cpu-real.svg', 'cpu-speedup.svg', 'cpu-cpu.svg', 'cpu-timeline.svg']);
  assert.ok(plans.every((p) => p.scenarioIndex === 0));
});

test('no sweep, no samples, no events: only the real-time chart', () => {
  assert.deepEqual(chartPlans(run([scenarioResult(fourApproaches())])).map((p) => p.kind), ['real']);
  assert.deepEqual(chartPlans(run([])), []);
});

test('sizes of one scenario get their own files', () => {
  const files = chartPlans(run([scenarioResult(fourApproaches(), 10), scenarioResult(fourApproaches(2), 20)])).map((p) => p.file);
  assert.deepEqual(files, ['cpu-10-real.svg', 'cpu-20-real.svg']);
});

test('the real-time chart is valid SVG with one point per trial and one box per approach', async () => {
  const svg = await renderSvg(chartPlans(swept)[0] as Parameters<typeof renderSvg>[0]);
  assertValidSvg(svg);
  const points = markLabels(svg, 'point');
  assert.equal(points.length, 9, 'three trials of three approaches');
  for (const label of ['sequential', 'worker-threads x1', 'worker-threads x2']) {
    assert.equal(points.filter((p) => p.endsWith(`approach: ${label}`)).length, 3, label);
  }
  assert.equal(markLabels(svg, 'box').length, 3);
});

test('the speedup chart has the ideal line and one series per pool strategy', async () => {
  const svg = await renderSvg(chartPlans(swept)[1] as Parameters<typeof renderSvg>[0]);
  assertValidSvg(svg);
  const points = markLabels(svg, 'point');
  // work speedups: sequential work 1.0 over worker-threads x1 (1.05) and x2 (0.55)
  assert.ok(points.some((p) => p.startsWith('workers: 1;') && p.endsWith('strategy: worker-threads')));
  assert.ok(points.some((p) => p.startsWith('workers: 2; work-window speedup over sequential: 1.818') && p.endsWith('strategy: worker-threads')));
  assert.ok(svg.includes('aria-label="workers: 1; speedup: 1"'), 'the ideal line starts at (1, 1)');
  assert.match(svg, /stroke-dasharray="6,4"/, 'drawn dashed');
  assert.ok(svg.includes('>worker-threads</text>'), 'the legend names the strategy');
});

test('the CPU chart draws one panel per approach from the median trial\'s samples, in cores', async () => {
  const plan = chartPlans(swept)[2] as Parameters<typeof renderSvg>[0];
  const values = (plan.spec as { data: { values: { approach: string; seconds: number; cores: number; kind: string }[] } }).data.values;
  assert.equal(values.length, 9, 'three samples of three approaches');
  assert.ok(values.some((v) => v.approach === 'worker-threads x2' && v.seconds === 0.2 && v.cores === 1.8 && v.kind === 'all threads'), JSON.stringify(values));
  const svg = await renderSvg(plan);
  assertValidSvg(svg);
  for (const label of ['sequential', 'worker-threads x1', 'worker-threads x2']) assert.ok(svg.includes(`>${label}</text>`), label);
});

test('the task timeline has one bar per stage execution and one lane per worker', async () => {
  const svg = await renderSvg(chartPlans(swept)[3] as Parameters<typeof renderSvg>[0]);
  assertValidSvg(svg);
  const bars = markLabels(svg, 'bar');
  assert.equal(bars.length, 4, bars.join('\n'));
  for (const lane of ['worker 0', 'worker 1']) assert.ok(svg.includes(`>${lane}</text>`), lane);
  for (const stage of ['download', 'resize']) assert.ok(svg.includes(`>${stage}</text>`), stage);
});

test('the ideal line rises with the workers up to the cores, then stays flat', () => {
  const wide = run([
    scenarioResult([
      completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2] }),
      completedRow({ strategy: 'child-process', label: 'child-process x1', key: 'child-process/w1', workers: 1, reals: [2.1] }),
      completedRow({ strategy: 'child-process', label: 'child-process x4', key: 'child-process/w4', workers: 4, reals: [1.1] }),
    ]),
  ]);
  const plan = chartPlans(wide).find((p) => p.kind === 'speedup');
  const ideal = (plan?.spec as { layer: { data: { values: unknown } }[] }).layer[0]?.data.values;
  assert.deepEqual(ideal, [{ workers: 1, speedup: 1 }, { workers: 2, speedup: 2 }, { workers: 4, speedup: 2 }], 'two cores in the fixture context');
});
