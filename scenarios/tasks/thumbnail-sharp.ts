/** The cpu scenario's task: one thumbnail with sharp. */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { epochMs, lane } from './clock.js';

/** One thumbnail to make: the document's job for one image. */
export interface ThumbnailJob {
  readonly source: string;
  readonly target: string;
  /** Longest side of the thumbnail, in pixels. */
  readonly size: number;
  /** Skip when the target is newer than the source (document 000's mtime check). */
  readonly incremental: boolean;
}

/** What making one thumbnail did, and when and where (epoch milliseconds, the lane that ran it). */
export interface ThumbnailResult {
  readonly skipped: boolean;
  readonly startMs: number;
  readonly endMs: number;
  readonly lane: string;
}

/** True when `target` exists and is newer than `source`. */
export async function upToDate(source: string, target: string): Promise<boolean> {
  try {
    const [from, to] = await Promise.all([stat(source), stat(target)]);
    return to.mtimeMs > from.mtimeMs;
  } catch {
    return false;
  }
}

/** Writes a JPEG thumbnail with sharp: native libvips work on libuv's thread pool. */
export async function makeThumbnail(job: ThumbnailJob): Promise<ThumbnailResult> {
  const startMs = epochMs();
  if (job.incremental && (await upToDate(job.source, job.target))) return { skipped: true, startMs, endMs: epochMs(), lane: lane() };
  try {
    await sharp(job.source)
      .rotate()
      .resize(job.size, job.size, { fit: 'inside' })
      .jpeg({ quality: 85 })
      .toFile(job.target);
  } catch (error) {
    throw namingInput(job.source, error);
  }
  return { skipped: false, startMs, endMs: epochMs(), lane: lane() };
}

/** The same error, its message starting with the input's name, so a report says which file was bad. */
export function namingInput(source: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`${basename(source)}: ${message}`), { code: 'BAD_ITEM' });
}
