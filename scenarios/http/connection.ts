/** The trial side of the HTTP scenarios: every item's URL, what the server says of itself, a calibrated transfer. */
import { CALIBRATE_HEADER, INFO_PATH, isServerInfo, ITEMS_PATH, type ServerInfo } from '../server/config.js';
import { startServer, type RunningServer } from '../server/process.js';
import type { ScenarioOptions } from '../scenario.js';
import { fetchOnce } from './fetch-verified.js';
import { BUILT_IN, fetchSpec } from './flags.js';
import { itemUrl, sources } from './item-sources.js';
import { serverConfig } from './server-service.js';

/** Where a trial fetches from, and what it knows about the server there. */
export interface Endpoint {
  /** One URL per item. */
  readonly urls: readonly string[];
  /** The built-in server's self-description; undefined for someone else's endpoint. */
  readonly info: ServerInfo | undefined;
  /** Shortest time one request took with no latency, in seconds: the transfer a perfect run still pays. */
  readonly transferSeconds: number | undefined;
  /** Stops the server this trial started itself, if it did. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Asks a loopback endpoint whether it is parabench's server; someone else's is not asked. */
async function serverInfoAt(url: string): Promise<ServerInfo | undefined> {
  const parsed = new URL(url);
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  try {
    const response = await fetch(`${parsed.origin}${INFO_PATH}`, { signal: AbortSignal.timeout(5_000) });
    const info: unknown = response.ok ? await response.json() : undefined;
    return isServerInfo(info) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Times a few requests without latency and keeps the fastest: a lower bound on one request's transfer. */
async function calibrate(urls: readonly string[], timeoutMs: number): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round += 1) {
    for (const url of urls.slice(0, 3)) {
      const start = performance.now();
      await fetchOnce(url, 1, timeoutMs, { [CALIBRATE_HEADER]: '1' });
      fastest = Math.min(fastest, (performance.now() - start) / 1000);
    }
  }
  return fastest;
}

/**
 * Trial-side: the URL of every item. A lone trial (`parabench trial` with no --base-url)
 * starts its own server; its CPU then counts in that trial, unlike under `bench`.
 */
export async function openEndpoint(options: ScenarioOptions): Promise<Endpoint> {
  const p = options.params;
  const { items, urls: listed } = await sources(options);
  let own: RunningServer | undefined;
  let base = p['base-url'] ?? BUILT_IN;
  if (listed === undefined && base === BUILT_IN) {
    own = await startServer(await serverConfig({ ...options, items }));
    base = `${own.origin}${ITEMS_PATH}`;
  }
  const urls = listed ?? Array.from({ length: items }, (_, n) => itemUrl(base, n));
  try {
    const info = urls.length > 0 ? await serverInfoAt(urls[0] as string) : undefined;
    const transferSeconds = info === undefined ? undefined : await calibrate(urls, fetchSpec('', p).timeoutMs);
    return { urls, info, transferSeconds, close: async () => void (await own?.stop()) };
  } catch (error) {
    await own?.stop();
    throw error;
  }
}

