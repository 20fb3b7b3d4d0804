/** The `mixed` scenario: download each image from the loopback server, then write its thumbnail. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outcome, TaskRef } from '../strategies/executor.js';
import { openEndpoint, type Endpoint } from './http/connection.js';
import { usesOwnEndpoint } from './http/item-sources.js';
import { endpointService, endpointSetup } from './http/server-service.js';
import { clientFlags, endpointFlags, fetchSpec, serverFlags } from './http/flags.js';
import { fetchCounters } from './http/outcomes.js';
import type { Scenario, StageEvent } from './scenario.js';
import type { DownloadThumbnailJob, DownloadThumbnailResult } from './tasks/download-thumbnail.js';
import { digestTargets, THUMBNAIL_SIZE } from './support/thumbnails.js';

const DOWNLOAD_THUMBNAIL: TaskRef = { module: new URL('./tasks/download-thumbnail.js', import.meta.url).href, export: 'downloadThumbnail' };

interface Prepared {
  readonly endpoint: Endpoint;
  readonly jobs: readonly DownloadThumbnailJob[];
  readonly outDir: string;
  /** When the work window started, in epoch milliseconds, for stage events. */
  windowStartMs: number;
}

const isResult = (value: unknown): value is DownloadThumbnailResult => typeof (value as Partial<DownloadThumbnailResult> | null)?.downloadedMs === 'number';

/**
 * Document 000's rebranding job end to end: download each full-size product image from the
 * loopback server, then write its thumbnail. Part waiting, part CPU: the strategy that wins
 * must overlap the two.
 */
export const mixed: Scenario<Prepared> = {
  name: 'mixed',
  summary: 'I/O then CPU: download each full-size photo from the loopback server, then write its 128-px thumbnail with sharp',
  items: { normal: 100, quick: 24, full: 1000 },
  flags: [...serverFlags, ...clientFlags, ...endpointFlags],

  async setup(options) {
    if (!usesOwnEndpoint(options.params) && options.params['body'] !== 'photos') {
      throw Object.assign(new Error(`--body ${options.params['body'] ?? ''}: mixed makes thumbnails, so the server must serve images: leave --body at photos`), { code: 'BAD_INPUT' });
    }
    return { ...(await endpointSetup(options)), thumbnailSize: THUMBNAIL_SIZE };
  },
  service: endpointService,

  async prepare(options) {
    const endpoint = await openEndpoint(options);
    try {
      const outDir = await mkdtemp(join(tmpdir(), 'parabench-mixed-'));
      const jobs = endpoint.urls.map((url, i) => ({
        fetch: fetchSpec(url, options.params),
        target: join(outDir, `${String(i).padStart(5, '0')}.jpg`),
        size: THUMBNAIL_SIZE,
      }));
      return { endpoint, jobs, outDir, windowStartMs: 0 };
    } catch (error) {
      await endpoint.close();
      throw error;
    }
  },

  tasks: () => [DOWNLOAD_THUMBNAIL],

  run(executor, prepared, options) {
    prepared.windowStartMs = performance.timeOrigin + performance.now();
    return executor.mapSettled(DOWNLOAD_THUMBNAIL, prepared.jobs, { chunkSize: options.chunkSize });
  },

  digest(prepared, outcomes) {
    return digestTargets(prepared.jobs, outcomes);
  },

  counters: (outcomes: readonly Outcome[]) => fetchCounters(outcomes),

  events(prepared, outcomes) {
    const at = (ms: number): number => (ms - prepared.windowStartMs) / 1000;
    const events: StageEvent[] = [];
    outcomes.forEach((outcome, item) => {
      if (!outcome.ok || !isResult(outcome.value)) return;
      const r = outcome.value;
      events.push({ stage: 'download', item, lane: r.lane, start: at(r.startMs), end: at(r.downloadedMs) });
      events.push({ stage: 'thumbnail', item, lane: r.lane, start: at(r.downloadedMs), end: at(r.endMs) });
    });
    return events;
  },

  async facts(prepared) {
    const info = prepared.endpoint.info;
    return info === undefined ? {} : { latencyMs: info.latencyMs };
  },

  async cleanup(prepared) {
    await rm(prepared.outDir, { recursive: true, force: true });
    await prepared.endpoint.close();
  },
};
