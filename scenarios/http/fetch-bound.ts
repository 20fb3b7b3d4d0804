/** The HTTP scenarios' lower bound on the work window: rounds of requests in flight, each latency plus transfer. */
import type { RunShape } from '../scenario.js';
import type { ServerInfo } from '../server/config.js';
import type { Endpoint } from './connection.js';

/** How a row is sized, as far as requests in flight go. */
export type FetchShape = Pick<RunShape, 'usesWorkers' | 'usesConcurrency' | 'workers' | 'concurrency'>;

/** Requests a row can have in flight: a pool's workers x per-worker, a limit's limit, else one; capped by the server. */
export function requestsInFlight(shape: FetchShape, info: ServerInfo): number {
  const allowed = shape.usesWorkers ? shape.workers * shape.concurrency : shape.usesConcurrency ? shape.concurrency : 1;
  return info.maxConnections > 0 ? Math.min(allowed, info.maxConnections) : allowed;
}

/**
 * The fastest a perfect strategy of this shape could fetch `items` from the built-in server:
 * with C requests in flight, some lane makes at least ceil(items / C) requests one after
 * another, each waiting the latency and taking at least the calibrated transfer.
 */
export function fetchBound(endpoint: Endpoint, items: number, shape: FetchShape): number | undefined {
  if (endpoint.info === undefined || endpoint.transferSeconds === undefined || items === 0) return undefined;
  const rounds = Math.ceil(items / requestsInFlight(shape, endpoint.info));
  return rounds * (endpoint.info.latencyMs / 1000 + endpoint.transferSeconds);
}
