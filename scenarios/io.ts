/** The `io` scenario: fetch N resources from a loopback server with a set latency, verifying every body. */
import type { Outcome, TaskRef } from '../strategies/executor.js';
import { openEndpoint, type Endpoint } from './http/connection.js';
import { fetchBound } from './http/fetch-bound.js';
import { endpointService, endpointSetup } from './http/server-service.js';
import { clientFlags, endpointFlags, fetchSpec, serverFlags } from './http/flags.js';
import { fetchCounters, fetchEvents } from './http/outcomes.js';
import type { FetchSpec } from './http/fetch-verified.js';
import type { Scenario } from './scenario.js';
import type { FetchResult } from './tasks/fetch-resource.js';

const FETCH: TaskRef = { module: new URL('./tasks/fetch-resource.js', import.meta.url).href, export: 'fetchResource' };

interface Prepared {
  readonly endpoint: Endpoint;
  readonly jobs: readonly FetchSpec[];
  /** When the work window started, in epoch milliseconds, for stage events. */
  windowStartMs: number;
}

/**
 * Document 001's API calls: fetch N resources with Node's fetch from a loopback server that
 * answers after a set latency, verifying every body. The work waits, so concurrency, not
 * cores, is what shortens it.
 */
export const io: Scenario<Prepared> = {
  name: 'io',
  summary: 'I/O-bound: fetch resources from a loopback HTTP server (latency per request) with fetch, every body verified',
  items: { normal: 200, quick: 50, full: 1000 },
  focus: ['efficiency'],
  flags: [...serverFlags, ...clientFlags, ...endpointFlags],

  setup: endpointSetup,
  service: endpointService,

  async prepare(options) {
    const endpoint = await openEndpoint(options);
    return { endpoint, jobs: endpoint.urls.map((url) => fetchSpec(url, options.params)), windowStartMs: 0 };
  },

  tasks: () => [FETCH],

  run(executor, prepared, options) {
    prepared.windowStartMs = performance.timeOrigin + performance.now();
    return executor.mapSettled(FETCH, prepared.jobs, { chunkSize: options.chunkSize });
  },

  async digest(_prepared, outcomes) {
    // The hash of the body as the task received it: a dropped or corrupted item cannot match.
    return outcomes.map((o) => (o.ok && typeof (o.value as Partial<FetchResult>).sha256 === 'string' ? (o.value as FetchResult).sha256 : null));
  },

  counters: (outcomes: readonly Outcome[]) => fetchCounters(outcomes),

  bound: (prepared, _outcomes, shape) => fetchBound(prepared.endpoint, prepared.jobs.length, shape),

  events: (prepared, outcomes) => fetchEvents(outcomes, prepared.windowStartMs, 'fetch'),

  async facts(prepared) {
    const { info, transferSeconds } = prepared.endpoint;
    return info === undefined ? { bound: 'none: not the built-in server' } : { latencyMs: info.latencyMs, calibratedTransferSeconds: transferSeconds ?? 0 };
  },

  cleanup: (prepared) => prepared.endpoint.close(),
};
