import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CPU_PHOTO } from '../cpu.js';
import { ensurePhotos, listImages, photoFolder, photoName } from '../support/photos.js';
import type { ScenarioFacts, ScenarioOptions, ScenarioService } from '../scenario.js';
import { CALIBRATE_HEADER, INFO_PATH, isServerInfo, ITEMS_PATH, type BodySpec, type ServerConfig, type ServerInfo } from '../server/config.js';
import { startServer, type RunningServer } from '../server/process.js';
import { FetchError, fetchOnce } from './fetch-verified.js';
import { BUILT_IN, faultRates, fetchSpec, keepAlive, NO_FILE } from './flags.js';
import { bytes, wholeNumber } from '../support/flag-values.js';

/** Photos the built-in server serves in turn when no `--input` is given: the cpu scenario's first ones. */
export const SERVED_PHOTOS = 100;

/** An error in what the user gave: the CLI reports it as a usage error (exit 2). */
function badInput(message: string): Error {
  return Object.assign(new Error(message), { code: 'BAD_INPUT' });
}

type Params = Readonly<Record<string, string>>;

/** True when the user pointed the scenario at their own resources. */
export function usesOwnEndpoint(params: Params): boolean {
  return (params['base-url'] ?? BUILT_IN) !== BUILT_IN || (params['url-file'] ?? NO_FILE) !== NO_FILE;
}

/** Item n's URL under a base: `{n}` replaced, or `/n` appended. */
export function itemUrl(base: string, item: number): string {
  return base.includes('{n}') ? base.replace(/\{n\}/g, String(item)) : `${base.replace(/\/+$/, '')}/${item}`;
}

async function urlFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw badInput(`--url-file ${path}: cannot read it; give a file of URLs, one per line`);
  }
  const urls = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (urls.length === 0) throw badInput(`--url-file ${path}: no URLs in it (one per line; # starts a comment)`);
  for (const url of urls) {
    try {
      if (!['http:', 'https:'].includes(new URL(url).protocol)) throw new Error('not http');
    } catch {
      throw badInput(`--url-file ${path}: "${url}" is not an http:// or https:// URL`);
    }
  }
  return urls;
}

/** The images the built-in server serves: `--input`'s, or the cpu scenario's generated photos. */
async function servedFiles(options: ScenarioOptions): Promise<string[]> {
  if (options.input !== undefined) return listImages(options.input);
  const folder = photoFolder(options.cacheDir, CPU_PHOTO);
  return Array.from({ length: Math.min(options.items, SERVED_PHOTOS) }, (_, i) => join(folder, photoName(i)));
}

/** The built-in server's configuration, from the flags: the same in the harness and in a lone trial. */
export async function serverConfig(options: ScenarioOptions): Promise<ServerConfig> {
  const p = options.params;
  const body: BodySpec = (p['body'] ?? 'photos') === 'photos' ? { kind: 'files', files: await servedFiles(options) } : { kind: 'generated', bytes: bytes(p['body'] ?? '') };
  return {
    latencyMs: wholeNumber(p['latency-ms'] ?? '50'),
    jitterMs: wholeNumber(p['jitter-ms'] ?? '0'),
    body,
    keepAlive: keepAlive(p),
    maxConnections: wholeNumber(p['max-connections'] ?? '0'),
    faults: faultRates(p),
  };
}

/** The item count and the base URL or URL list the items come from. */
async function sources(options: ScenarioOptions): Promise<{ items: number; urls?: string[] }> {
  const p = options.params;
  if ((p['url-file'] ?? NO_FILE) !== NO_FILE) {
    if ((p['base-url'] ?? BUILT_IN) !== BUILT_IN) throw badInput('--base-url and --url-file both name the resources: give one');
    const urls = (await urlFile(p['url-file'] as string)).slice(0, options.items);
    return { items: urls.length, urls };
  }
  if (options.input !== undefined && !usesOwnEndpoint(p)) {
    return { items: Math.min(options.items, (await listImages(options.input)).length) };
  }
  return { items: options.items };
}

/** One request to see that the endpoint answers at all: a usage error naming it when it does not. */
async function probe(url: string, flag: string, value: string, timeoutMs: number): Promise<void> {
  try {
    // The calibrate header asks the built-in server for an answer with no latency and no fault.
    await fetchOnce(url, 1, Math.min(timeoutMs, 10_000), { [CALIBRATE_HEADER]: '1' });
  } catch (error) {
    if (error instanceof FetchError && ['UNREACHABLE', 'TIMEOUT', 'NETWORK'].includes(error.code)) {
      throw badInput(`${flag} ${value} is unreachable: ${error.message}; check the address, or leave ${flag} out to use the built-in loopback server`);
    }
    // Any answer, even an error status, shows the endpoint is there; items that fail are counted later.
  }
}

/**
 * Harness-side setup shared by `io` and `mixed`: checks the flags together, makes sure the
 * photos to serve exist, checks a user's endpoint answers, and describes the source of items.
 */
export async function endpointSetup(options: ScenarioOptions): Promise<ScenarioFacts> {
  const p = options.params;
  const rates = faultRates(p);
  const sum = rates.errorRate + rates.slowRate + rates.cutRate + rates.corruptRate;
  if (sum > 1 + 1e-9) throw badInput(`--error-rate, --slow-rate, --cut-rate and --corrupt-rate add up to ${sum.toFixed(3)}: together at most 1`);
  const { items, urls } = await sources(options);
  const client = fetchSpec('', p);
  const clientFacts = { retries: client.retries, backoffMs: client.backoffMs, timeoutMs: client.timeoutMs };
  if (urls !== undefined) {
    await probe(urls[0] as string, '--url-file', `${p['url-file'] ?? ''} (its first URL)`, client.timeoutMs);
    return { items, endpoint: `your URLs from ${p['url-file'] ?? ''} (server flags do not apply)`, ...clientFacts };
  }
  const base = p['base-url'] ?? BUILT_IN;
  if (base !== BUILT_IN) {
    await probe(itemUrl(base, 0), '--base-url', base, client.timeoutMs);
    return { items, endpoint: `your endpoint ${base} (server flags do not apply)`, ...clientFacts };
  }
  if ((p['body'] ?? 'photos') === 'photos' && options.input === undefined) {
    await ensurePhotos(options.cacheDir, CPU_PHOTO, Math.min(items, SERVED_PHOTOS));
  }
  const config = await serverConfig({ ...options, items });
  return { items, endpoint: 'built-in loopback server (127.0.0.1)', ...serverFacts(config, options), ...clientFacts };
}

/** The server's settings as report facts: every default is printed. */
function serverFacts(config: ServerConfig, options: ScenarioOptions): ScenarioFacts {
  const body =
    config.body.kind === 'generated'
      ? `${config.body.bytes} generated bytes`
      : options.input === undefined
        ? `cpu scenario photos ${CPU_PHOTO.width}x${CPU_PHOTO.height} (${config.body.files.length}, in turn)`
        : `images of ${options.input} (${config.body.files.length}, in turn)`;
  const f = config.faults;
  return {
    latencyMs: config.latencyMs,
    jitterMs: config.jitterMs,
    body,
    keepAlive: config.keepAlive,
    maxConnections: config.maxConnections === 0 ? 'no limit' : config.maxConnections,
    faults: `503 ${f.errorRate}, slow ${f.slowRate} (${f.slowMs} ms), cut mid-body ${f.cutRate}, corrupt ${f.corruptRate}; seed ${f.seed}`,
  };
}

/** Harness-side service: the built-in server in its own process, or nothing for the user's endpoint. */
export async function endpointService(options: ScenarioOptions): Promise<ScenarioService> {
  if (usesOwnEndpoint(options.params)) return { params: {}, stop: async () => ({}) };
  const server = await startServer(await serverConfig(options));
  return {
    params: { 'base-url': `${server.origin}${ITEMS_PATH}` },
    async stop() {
      const report = await server.stop();
      if (report === undefined) return { pid: server.pid, stopped: 'it had already exited' };
      const a = report.stats.answers;
      return {
        pid: server.pid,
        userSeconds: report.userSeconds,
        sysSeconds: report.sysSeconds,
        requests: report.stats.requests,
        injected: `503 ${a.error}, slow ${a.slow}, cut ${a.cut}, corrupt ${a.corrupt} of ${a.none + a.error + a.slow + a.cut + a.corrupt} item answers`,
        ...(report.stats.peakWaiting > 0 ? { peakWaiting: report.stats.peakWaiting } : {}),
      };
    },
  };
}

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

/** How a row is sized, as far as requests in flight go. */
export interface FetchShape {
  readonly strategy: string;
  readonly workers: number;
  readonly concurrency: number;
}

/** Requests a row can have in flight: workers x per-worker (promise: its limit), capped by the server. */
export function requestsInFlight(shape: FetchShape, info: ServerInfo): number {
  const allowed = shape.strategy === 'sequential' ? 1 : shape.strategy === 'promise' ? shape.concurrency : shape.workers * shape.concurrency;
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
