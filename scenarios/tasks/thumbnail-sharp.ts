/** The cpu scenario's task: one thumbnail with sharp. */
import sharp from 'sharp';
import { epochMs, lane } from './clock.js';
import { namingInput, upToDate, type ThumbnailJob, type ThumbnailResult } from './thumbnail-job.js';

export type { ThumbnailJob, ThumbnailResult } from './thumbnail-job.js';

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
