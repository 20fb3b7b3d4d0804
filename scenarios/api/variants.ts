/** The api workflow's arrangements (`--variant`): how stages are handed to executors. */
import type { Executor } from '../../strategies/executor.js';
import { AsyncQueue } from './async-queue.js';
import { REPORT_TASK, type CollectedBatch, type Pipeline } from './pipeline.js';
import type { Variant } from './workflow.js';
import type { ReportJob } from '../tasks/report.js';

/** The executors an arrangement may use. */
export interface Executors {
  /** The trial's own executor, started before the work window. */
  readonly executor: Executor;
  /** Tasks the executor runs at once: its workers x tasks per worker (a `promise` row's limit). */
  readonly slots: number;
  /** A new, unstarted executor of the same strategy and sizes. */
  createExecutor(): Executor;
}

/** One arrangement of the workflow: it must run every stage of every batch once. */
export type Arrangement = (pipeline: Pipeline, executors: Executors) => Promise<void>;

/** The poison pill: a consumer that takes it stops. */
const STOP = Symbol('stop');
type Pill = typeof STOP;

/** Takes reports off the queue and generates them one at a time, until its stop signal. */
async function reportConsumer(pipeline: Pipeline, queue: AsyncQueue<ReportJob | Pill>, executor: Executor): Promise<void> {
  for (;;) {
    const job = await queue.get();
    if (job === STOP) {
      pipeline.record.stopSignals += 1;
      return;
    }
    await pipeline.report(executor, job);
  }
}

/** The article's first script: collect, import, then each report in turn; nothing overlaps. */
const serial: Arrangement = async (pipeline, { executor }) => {
  for (let batch = 0; batch < pipeline.batches; batch += 1) {
    const jobs = await pipeline.importBatch(await pipeline.collect(batch));
    for (const job of jobs) await pipeline.report(executor, job);
  }
};

/** One background consumer generates every report while the main thread collects and imports. */
const backgroundReport: Arrangement = async (pipeline, { executor }) => {
  const queue = new AsyncQueue<ReportJob | Pill>();
  const consumer = reportConsumer(pipeline, queue, executor);
  for (let batch = 0; batch < pipeline.batches; batch += 1) {
    for (const job of await pipeline.importBatch(await pipeline.collect(batch))) queue.put(job);
  }
  queue.put(STOP);
  await consumer;
};

/**
 * A background consumer takes one imported batch at a time and maps its reports over a new
 * pool, torn down after the batch: workers that finish a short report idle until the longest
 * one ends, and the next batch waits for the whole pool.
 */
const perBatchPool: Arrangement = async (pipeline, { createExecutor }) => {
  const batches = new AsyncQueue<ReportJob[] | Pill>();
  const consumer = (async () => {
    for (;;) {
      const jobs = await batches.get();
      if (jobs === STOP) return;
      const pool = createExecutor();
      pipeline.record.poolsCreated += 1;
      // The pool's start-up and shutdown are timed apart: the cost a per-batch pool pays each batch.
      const startedMs = performance.now();
      try {
        await pool.start([REPORT_TASK]);
        pipeline.record.poolStartupSeconds += (performance.now() - startedMs) / 1000;
        await Promise.all(jobs.map((job) => pipeline.report(pool, job)));
      } finally {
        const stoppingMs = performance.now();
        await pool.shutdown();
        pipeline.record.poolShutdownSeconds += (performance.now() - stoppingMs) / 1000;
      }
    }
  })();
  for (let batch = 0; batch < pipeline.batches; batch += 1) {
    batches.put(await pipeline.importBatch(await pipeline.collect(batch)));
  }
  batches.put(STOP);
  await consumer;
};

/** Starts one report consumer per slot of the persistent pool, all on one shared queue. */
function persistentConsumers(pipeline: Pipeline, executors: Executors): { queue: AsyncQueue<ReportJob | Pill>; stopAll(): Promise<void> } {
  const queue = new AsyncQueue<ReportJob | Pill>();
  const consumers = Array.from({ length: executors.slots }, () => reportConsumer(pipeline, queue, executors.executor));
  return {
    queue,
    // One stop signal per consumer, put after the last report: each consumer takes exactly one.
    async stopAll() {
      for (let i = 0; i < consumers.length; i += 1) queue.put(STOP);
      await Promise.all(consumers);
    },
  };
}

/** One persistent pool whose workers take reports off a shared queue as soon as each batch is imported. */
const persistentPool: Arrangement = async (pipeline, executors) => {
  const { queue, stopAll } = persistentConsumers(pipeline, executors);
  for (let batch = 0; batch < pipeline.batches; batch += 1) {
    for (const job of await pipeline.importBatch(await pipeline.collect(batch))) queue.put(job);
  }
  await stopAll();
};

/** The persistent pool, with import on a lane of its own so the next collect starts at once. */
const persistentPoolOverlap: Arrangement = async (pipeline, executors) => {
  const { queue, stopAll } = persistentConsumers(pipeline, executors);
  const imports = new AsyncQueue<CollectedBatch | Pill>();
  const importer = (async () => {
    for (;;) {
      const collected = await imports.get();
      if (collected === STOP) return;
      for (const job of await pipeline.importBatch(collected, 'import')) queue.put(job);
    }
  })();
  for (let batch = 0; batch < pipeline.batches; batch += 1) imports.put(await pipeline.collect(batch));
  imports.put(STOP);
  // The report consumers' stop signals may go in only once the last import has queued its reports.
  await importer;
  await stopAll();
};

/**
 * What the Executor makes natural: the three stages overlap, and each imported batch goes
 * straight to the executor's own queue, longest report first, so no worker is left with a
 * long report at the end while the others idle.
 */
const best: Arrangement = async (pipeline, { executor }) => {
  let imports = Promise.resolve();
  const reports: Promise<void>[] = [];
  for (let batch = 0; batch < pipeline.batches; batch += 1) {
    const collected = await pipeline.collect(batch);
    imports = imports.then(async () => {
      const jobs = await pipeline.importBatch(collected, 'import');
      for (const job of [...jobs].sort((a, b) => b.seconds - a.seconds)) reports.push(pipeline.report(executor, job));
    });
  }
  await imports;
  await Promise.all(reports);
};

/** Every arrangement by its `--variant` name. */
export const arrangements: Readonly<Record<Variant, Arrangement>> = {
  best,
  serial,
  'background-report': backgroundReport,
  'per-batch-pool': perBatchPool,
  'persistent-pool': persistentPool,
  'persistent-pool-overlap': persistentPoolOverlap,
};
