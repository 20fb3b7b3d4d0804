import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runTrial } from '../harness/trial/run-trial.js';
import type { TrialReport } from '../harness/trial/report.js';
import { api } from '../scenarios/api.js';
import { VARIANTS, type Variant } from '../scenarios/api/workflow.js';
import type { StageEvent } from '../scenarios/scenario.js';
import type { Executor, ExecutorOptions, TaskRef } from '../strategies/executor.js';
import { strategies } from '../strategies/registry.js';

/** Tiny durations: a serial run takes 70.2 s x 0.002 = 0.14 s. */
const TIME_SCALE = '0.002';
/** Cross-process clocks may disagree by a little; stages on the main thread share one clock. */
const CLOCK_SLACK_SECONDS = 0.005;
const STRATEGIES = Object.keys(strategies);

let cacheDir: string;
before(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'parabench-api-'));
});
after(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

function trial(strategy: string, variant: Variant, cpuModel: 'spin' | 'sleep', sizes: Partial<ExecutorOptions> = {}): Promise<TrialReport> {
  return runTrial({
    scenario: 'api',
    strategy,
    workers: sizes.workers ?? 2,
    concurrency: sizes.concurrency ?? (strategy === 'promise' ? 2 : 1),
    items: 9,
    input: undefined,
    incremental: false,
    chunkSize: 1,
    cacheDir,
    rowKey: 'test',
    params: { variant, 'cpu-model': cpuModel, 'time-scale': TIME_SCALE },
  });
}

/** The nine reports as the workflow defines them, written out here independently of the scenario. */
const EXPECTED_REPORTS = ['24h', '1h', '5m'].flatMap((endpoint) => [30, 60, 90].map((interval) => `report [${endpoint}, ${interval}] from table of ${endpoint}: done`));
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function stage(report: TrialReport, name: string): StageEvent[] {
  return report.events.filter((e) => e.stage === name).sort((a, b) => a.start - b.start);
}

/** Fails when two executions of the stage overlap in time. */
function assertOneAtATime(events: readonly StageEvent[], name: string): void {
  for (let i = 1; i < events.length; i += 1) {
    const previous = events[i - 1] as StageEvent;
    const current = events[i] as StageEvent;
    assert.ok(current.start >= previous.end, `${name} ${current.item} started at ${current.start} before ${name} ${previous.item} ended at ${previous.end}`);
  }
}

/** What every arrangement under every strategy must do: stage limits, order, and nine right reports once each. */
function assertWorkflow(report: TrialReport, what: string): void {
  assert.equal(report.status, 'ok', `${what}: ${report.error ?? ''}`);
  assert.deepEqual(report.failures, [], what);
  const collects = stage(report, 'collect');
  const imports = stage(report, 'import');
  const reports = stage(report, 'report');
  assert.deepEqual(collects.map((e) => e.item), [0, 1, 2], `${what}: each endpoint collected once, in order`);
  assert.deepEqual(imports.map((e) => e.item), [0, 1, 2], `${what}: each batch imported once, in order`);
  assertOneAtATime(collects, 'collect');
  assertOneAtATime(imports, 'import');
  assert.deepEqual(reports.map((e) => e.item).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8], `${what}: each report generated exactly once`);
  for (const r of reports) {
    const batch = imports[Math.floor(r.item / 3)] as StageEvent;
    assert.ok(r.start >= batch.end - CLOCK_SLACK_SECONDS, `${what}: report ${r.item} began at ${r.start} before its batch was imported at ${batch.end}`);
  }
  for (const i of [0, 1, 2]) {
    const collected = collects[i] as StageEvent;
    assert.ok((imports[i] as StageEvent).start >= collected.end, `${what}: batch ${i} imported before it was collected`);
  }
  assert.deepEqual(report.digests, EXPECTED_REPORTS.map(sha256), `${what}: the reports' content`);
  assert.equal(report.counters['reports'], 9);
}

for (const strategy of STRATEGIES) {
  describe(`api under ${strategy}`, () => {
    for (const variant of VARIANTS) {
      test(`${variant} (sleep): one collect and one import at a time, nine right reports once each`, async () => {
        assertWorkflow(await trial(strategy, variant, 'sleep'), `${strategy} ${variant}`);
      });
    }
    for (const variant of ['best', 'persistent-pool-overlap'] as const) {
      test(`${variant} (spin): the same when reports burn CPU`, async () => {
        assertWorkflow(await trial(strategy, variant, 'spin'), `${strategy} ${variant} spin`);
      });
    }
  });
}

test('serial runs one stage at a time: nothing overlaps anything', async () => {
  const report = await trial('worker-threads', 'serial', 'sleep');
  assertOneAtATime([...report.events].sort((a, b) => a.start - b.start), 'stage');
});

test('persistent-pool stops its consumers with one stop signal per worker slot', async () => {
  for (const [strategy, sizes, slots] of [
    ['worker-threads', { workers: 3 }, 3],
    ['child-process', { workers: 2 }, 2],
    ['promise', { workers: 1, concurrency: 4 }, 4],
  ] as const) {
    for (const variant of ['persistent-pool', 'persistent-pool-overlap'] as const) {
      const report = await trial(strategy, variant, 'sleep', sizes);
      assertWorkflow(report, `${strategy} ${variant}`);
      assert.equal(report.counters['stopSignals'], slots, `${strategy} ${variant}`);
      assert.equal(report.counters['poolsCreated'], 0);
    }
  }
});

test('per-batch-pool runs each batch on a pool of its own: three sets of workers in a trial', async () => {
  const report = await trial('worker-threads', 'per-batch-pool', 'sleep', { workers: 2 });
  assertWorkflow(report, 'worker-threads per-batch-pool');
  assert.equal(report.counters['poolsCreated'], 3);
  const lanesOf = (batch: number): Set<string> => new Set(stage(report, 'report').filter((e) => Math.floor(e.item / 3) === batch).map((e) => e.lane));
  const lanes = [0, 1, 2].map(lanesOf);
  for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) {
    const shared = [...(lanes[a] as Set<string>)].filter((lane) => (lanes[b] as Set<string>).has(lane));
    assert.deepEqual(shared, [], `batches ${a} and ${b} share no worker`);
  }
});

/** An executor that notes what happens to it, around a real one. */
class Watched implements Executor {
  readonly reports: number[] = [];
  readonly log: string[];
  constructor(
    private readonly inner: Executor,
    readonly id: string,
    log: string[],
  ) {
    this.log = log;
  }
  get name(): string {
    return this.inner.name;
  }
  async start(): Promise<void> {
    this.log.push(`start ${this.id}`);
    await this.inner.start();
  }
  submit<I, O>(task: TaskRef, input: I): Promise<O> {
    this.reports.push((input as { item: number }).item);
    return this.inner.submit(task, input);
  }
  map<I, O>(task: TaskRef, inputs: readonly I[]): Promise<O[]> {
    return this.inner.map(task, inputs);
  }
  mapSettled<I, O>(task: TaskRef, inputs: readonly I[]) {
    return this.inner.mapSettled<I, O>(task, inputs);
  }
  childCpuUsage() {
    return this.inner.childCpuUsage();
  }
  async shutdown(): Promise<void> {
    this.log.push(`shutdown ${this.id}`);
    await this.inner.shutdown();
  }
}

test('per-batch-pool creates, starts and shuts down one new pool per batch, one after another', async () => {
  const definition = strategies['worker-threads'];
  assert.ok(definition !== undefined);
  const log: string[] = [];
  const created: Watched[] = [];
  const own = new Watched(definition.create({ workers: 2, concurrency: 1 }), 'own', log);
  await own.start();
  const options = { items: 9, input: undefined, incremental: false, chunkSize: 1, cacheDir, rowKey: 'test', params: { variant: 'per-batch-pool', 'cpu-model': 'sleep', 'time-scale': TIME_SCALE } };
  try {
    const prepared = await api.prepare(options);
    const outcomes = await api.run(own, prepared, options, {
      shape: { strategy: 'worker-threads', usesWorkers: true, usesConcurrency: false, workers: 2, concurrency: 1, cores: 2 },
      createExecutor: () => {
        const pool = new Watched(definition.create({ workers: 2, concurrency: 1 }), `pool ${created.length + 1}`, log);
        log.push(`create ${pool.id}`);
        created.push(pool);
        return pool;
      },
    });
    assert.equal(outcomes.filter((o) => o.ok).length, 9);
    assert.equal(api.counters(outcomes, prepared)['poolsCreated'], 3);
  } finally {
    await own.shutdown();
  }
  assert.equal(created.length, 3, 'one pool per batch');
  assert.deepEqual(created.map((pool) => [...pool.reports].sort((a, b) => a - b)), [[0, 1, 2], [3, 4, 5], [6, 7, 8]], 'each pool ran its own batch');
  assert.deepEqual(own.reports, [], "the trial's own pool ran no report");
  assert.deepEqual(log, [
    'start own',
    'create pool 1', 'start pool 1', 'shutdown pool 1',
    'create pool 2', 'start pool 2', 'shutdown pool 2',
    'create pool 3', 'start pool 3', 'shutdown pool 3',
    'shutdown own',
  ]);
});

test('no arrangement ever beats the ideal time', async () => {
  for (const variant of VARIANTS) {
    const report = await trial('worker-threads', variant, 'sleep', { workers: 6 });
    assert.ok(report.boundSeconds !== null);
    // Timers may fire up to a millisecond early, once per stage on the critical path.
    assert.ok(report.workSeconds >= report.boundSeconds - 0.005, `${variant}: work ${report.workSeconds} s beat the bound ${report.boundSeconds} s`);
  }
});
