/** Requests in flight and the HTTP scenarios' bound follow the strategy's definition, not its name. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchBound, requestsInFlight, type FetchShape } from '../scenarios/http/fetch-bound.js';
import type { ServerInfo } from '../scenarios/server/config.js';

const info = (maxConnections = 0): ServerInfo => ({
  server: 'parabench',
  latencyMs: 50,
  jitterMs: 0,
  keepAlive: true,
  maxConnections,
  faults: { errorRate: 0, slowRate: 0, cutRate: 0, corruptRate: 0, slowMs: 0, seed: 1 },
});
const shape = (changes: Partial<FetchShape>): FetchShape => ({ usesWorkers: false, usesConcurrency: false, workers: 4, concurrency: 8, ...changes });

test('a pool has workers x per-worker requests in flight, a limit its limit, anything else one; the server caps them', () => {
  assert.equal(requestsInFlight(shape({ usesWorkers: true }), info()), 32);
  assert.equal(requestsInFlight(shape({ usesConcurrency: true }), info()), 8);
  assert.equal(requestsInFlight(shape({}), info()), 1, 'a new one-at-a-time strategy, whatever its name');
  assert.equal(requestsInFlight(shape({ usesWorkers: true }), info(6)), 6);
});

test('the bound is rounds of latency plus transfer', () => {
  const endpoint = { urls: [], info: info(), transferSeconds: 0.01, close: async () => undefined };
  assert.equal(fetchBound(endpoint, 20, shape({ usesConcurrency: true })), 3 * (0.05 + 0.01));
  assert.equal(fetchBound({ ...endpoint, info: undefined }, 20, shape({})), undefined, "someone else's endpoint has no bound");
});
