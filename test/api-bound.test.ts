import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api } from '../scenarios/api.js';
import { idealTime, usableWorkers } from '../scenarios/api/bound.js';
import { stageSeconds, type ApiParams } from '../scenarios/api/workflow.js';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} is not ${expected}`);

test("the article's own parameters: 4.5 s collects, 0.9 s imports, 3/6/9 s reports", () => {
  const stages = stageSeconds(1);
  close(stages.collect, 4.5, 'collect');
  close(stages.import, 0.9, 'import');
  stages.report.forEach((seconds, i) => close(seconds, [3, 6, 9][i] as number, `report ${i}`));
  // By hand: critical path 3 x 4.5 + 0.9 + 9 = 23.4 s; report work 3 x (3 + 6 + 9) = 54 s after 4.5 + 0.9 = 5.4 s.
  const expected: Record<number, { reportWork: number; bound: number }> = {
    1: { reportWork: 59.4, bound: 59.4 }, // the serial run's 70.2 s less the overlap of collects and imports
    2: { reportWork: 32.4, bound: 32.4 },
    3: { reportWork: 23.4, bound: 23.4 },
    4: { reportWork: 18.9, bound: 23.4 },
    5: { reportWork: 16.2, bound: 23.4 }, // the article reached 23.49 s with five workers
    6: { reportWork: 14.4, bound: 23.4 },
  };
  for (const [workers, want] of Object.entries(expected)) {
    const ideal = idealTime(stages, 3, Number(workers));
    close(ideal.criticalPathSeconds, 23.4, `critical path, ${workers} workers`);
    close(ideal.reportWorkSeconds, want.reportWork, `report work, ${workers} workers`);
    close(ideal.seconds, want.bound, `bound, ${workers} workers`);
    assert.equal(ideal.usableWorkers, Number(workers));
  }
});

test('a time scale multiplies the bound', () => {
  close(idealTime(stageSeconds(0.03), 3, 1).seconds, 59.4 * 0.03, 'scale 0.03, one worker');
  close(idealTime(stageSeconds(0.5), 3, 6).seconds, 23.4 * 0.5, 'scale 0.5, six workers');
});

test('a workflow worked by hand: 2 batches, 1 s collects, 0.5 s import, 2 and 4 s reports', () => {
  const stages = { collect: 1, import: 0.5, report: [2, 4] };
  // Critical path 2 x 1 + 0.5 + 4 = 6.5 s; report work 12 s after 1.5 s.
  close(idealTime(stages, 2, 1).seconds, 13.5, 'one worker');
  close(idealTime(stages, 2, 2).seconds, 7.5, 'two workers');
  close(idealTime(stages, 2, 3).seconds, 6.5, 'three workers: the critical path');
  close(idealTime(stages, 2, 4).reportWorkSeconds, 4.5, 'four workers, report work');
  close(idealTime(stages, 2, 4).seconds, 6.5, 'four workers: the critical path');
});

test('usable workers: min(workers, cores) when reports spin, every slot when they sleep', () => {
  assert.equal(usableWorkers('spin', { workers: 5, concurrency: 1, cores: 2 }), 2);
  assert.equal(usableWorkers('spin', { workers: 1, concurrency: 1, cores: 2 }), 1);
  assert.equal(usableWorkers('sleep', { workers: 5, concurrency: 1, cores: 2 }), 5);
  // A promise row: one thread, four in flight.
  assert.equal(usableWorkers('spin', { workers: 1, concurrency: 4, cores: 2 }), 1);
  assert.equal(usableWorkers('sleep', { workers: 1, concurrency: 4, cores: 2 }), 4);
});

test("the scenario's bound hook uses the row's shape and the CPU model", () => {
  const prepared = (cpuModel: ApiParams['cpuModel']) => ({ params: { variant: 'best', cpuModel, timeScale: 1 } as ApiParams, record: undefined });
  const shape = { strategy: 'child-process', usesWorkers: true, usesConcurrency: false, workers: 6, concurrency: 1, cores: 2 };
  close(api.bound?.(prepared('sleep'), [], shape) ?? NaN, 23.4, 'sleep, six workers');
  close(api.bound?.(prepared('spin'), [], shape) ?? NaN, 32.4, 'spin, six workers on two cores');
  close(api.bound?.(prepared('spin'), [], { ...shape, strategy: 'sequential', usesWorkers: false, workers: 1 }) ?? NaN, 59.4, 'spin, sequential');
});
