/** The thumbnail scenarios' common shape: photos in, one thumbnail per photo out, verified by hash. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { sharpLibrary } from './sharp-library.js';
import type { Outcome, TaskRef } from '../../strategies/executor.js';
import { badInput, ensurePhotos, listImages, photoFolder, photoName, type PhotoSpec } from './photos.js';
import type { ItemDefaults, Scenario, ScenarioFacts, ScenarioOptions, StageEvent } from '../scenario.js';
import { epochMs } from '../tasks/clock.js';
import type { ThumbnailJob, ThumbnailResult } from '../tasks/thumbnail-job.js';

/** Longest side of every thumbnail, in pixels, as in document 003. */
export const THUMBNAIL_SIZE = 128;

/** What differs between the thumbnail scenarios: the task that makes one and the photos. */
export interface ThumbnailScenarioSpec {
  readonly name: string;
  readonly summary: string;
  readonly task: TaskRef;
  readonly photo: PhotoSpec;
  readonly items: ItemDefaults;
  /** File ending of the thumbnails the task writes, e.g. `.jpg`. */
  readonly extension: string;
}

interface Prepared {
  readonly jobs: readonly ThumbnailJob[];
  readonly outDir: string;
  readonly keepOutputs: boolean;
  /** When the work window began, in epoch milliseconds: the zero of the task timeline. */
  windowStartMs: number;
}

/** The trial's inputs: items firstItem .. firstItem + items - 1 of the generated photos or of the `--input` folder (sorted). */
async function sources(spec: ThumbnailScenarioSpec, options: ScenarioOptions): Promise<string[]> {
  const first = options.firstItem ?? 0;
  if (options.input !== undefined) return (await listImages(options.input)).slice(first, first + options.items);
  const folder = photoFolder(options.cacheDir, spec.photo);
  return Array.from({ length: options.items }, (_, i) => join(folder, photoName(first + i)));
}

/** sharp's and libvips' versions: they change every thumbnail's cost, so the run's context records them. */
export function libraryVersions(): { readonly sharp: string; readonly libvips: string } {
  return { sharp: sharpLibrary().versions.sharp ?? 'unknown', libvips: sharpLibrary().versions.vips };
}

function libraryFacts(): ScenarioFacts {
  return {
    sharpVersion: sharpLibrary().versions.sharp ?? 'unknown',
    libvipsVersion: sharpLibrary().versions.vips,
    sharpConcurrency: sharpLibrary().concurrency(),
    uvThreadpoolSize: process.env['UV_THREADPOOL_SIZE'] ?? '4 (default)',
  };
}

/**
 * One sha256 per item of the file it wrote, read back after the work window; null for a failed
 * item. A task that claims success but wrote nothing gets no digest, so verification fails it.
 */
export function digestTargets(jobs: readonly { readonly target: string }[], outcomes: readonly Outcome[]): Promise<(string | null)[]> {
  return Promise.all(
    jobs.map(async (job, i) => {
      if (outcomes[i]?.ok !== true) return null;
      const bytes = await readFile(job.target).catch(() => undefined);
      return bytes === undefined ? null : createHash('sha256').update(bytes).digest('hex');
    }),
  );
}

/** Builds a scenario that makes one thumbnail per image with the given task. */
export function thumbnailScenario(spec: ThumbnailScenarioSpec): Scenario<Prepared> {
  return {
    name: spec.name,
    summary: spec.summary,
    items: spec.items,
    contextFacts: libraryVersions,
    hasCeiling: true,

    async setup(options) {
      if (options.input === undefined) await ensurePhotos(options.cacheDir, spec.photo, options.items, options.firstItem ?? 0);
      const count = (await sources(spec, options)).length;
      if (count === 0) throw badInput(`--first-item ${String(options.firstItem)}: --input ${String(options.input)} holds no image from that position on; give a smaller --first-item`);
      return {
        inputs: options.input ?? `generated ${spec.photo.width}x${spec.photo.height} JPEG, quality ${spec.photo.quality}`,
        items: count,
        thumbnailSize: THUMBNAIL_SIZE,
        ...libraryFacts(),
      };
    },

    async prepare(options) {
      const keepOutputs = options.incremental;
      const outDir = keepOutputs
        ? join(options.cacheDir, 'thumbnails', spec.name, options.rowKey)
        : await mkdtemp(join(tmpdir(), `parabench-${spec.name}-`));
      await mkdir(outDir, { recursive: true });
      const jobs = (await sources(spec, options)).map((source, i) => ({
        source,
        target: join(outDir, `${String(i).padStart(5, '0')}-${basename(source).replace(/\.[^.]+$/, '')}${spec.extension}`),
        size: THUMBNAIL_SIZE,
        incremental: options.incremental,
      }));
      return { jobs, outDir, keepOutputs, windowStartMs: 0 };
    },

    tasks: () => [spec.task],

    run(executor, prepared, options) {
      prepared.windowStartMs = epochMs();
      return executor.mapSettled(spec.task, prepared.jobs, { chunkSize: options.chunkSize });
    },

    digest(prepared, outcomes) {
      return digestTargets(prepared.jobs, outcomes);
    },

    counters(outcomes: readonly Outcome[]) {
      const skipped = outcomes.filter((o) => o.ok && (o.value as ThumbnailResult).skipped).length;
      return { skipped };
    },

    // Each thumbnail's start and end on the lane that made it: document 001's per-task bar plot.
    events(prepared, outcomes) {
      return outcomes.flatMap((outcome, item): StageEvent[] => {
        const r = outcome.ok ? (outcome.value as Partial<ThumbnailResult>) : undefined;
        if (r?.startMs === undefined || r.endMs === undefined || r.lane === undefined) return [];
        const stage = r.skipped ? 'skip' : 'thumbnail';
        return [{ stage, item, lane: r.lane, start: (r.startMs - prepared.windowStartMs) / 1000, end: (r.endMs - prepared.windowStartMs) / 1000 }];
      });
    },

    async facts() {
      return libraryFacts();
    },

    async cleanup(prepared) {
      if (!prepared.keepOutputs) await rm(prepared.outDir, { recursive: true, force: true });
    },
  };
}
