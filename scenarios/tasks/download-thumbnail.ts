/** The mixed scenario's task: download one image, then write its thumbnail. */
import sharp from 'sharp';
import { fetchVerified, type FetchSpec } from '../http/fetch-verified.js';
import { epochMs, lane } from './clock.js';

/** Document 000's whole job for one image: download it, then write its thumbnail. */
export interface DownloadThumbnailJob {
  readonly fetch: FetchSpec;
  readonly target: string;
  /** Longest side of the thumbnail, in pixels. */
  readonly size: number;
}

/** What the job did and when; the thumbnail itself is on disk. */
export interface DownloadThumbnailResult {
  readonly attempts: number;
  /** Bytes downloaded. */
  readonly bytes: number;
  /** Download start, download end (body verified) and thumbnail written, in epoch milliseconds. */
  readonly startMs: number;
  readonly downloadedMs: number;
  readonly endMs: number;
  readonly lane: string;
}

/** Downloads one full-size image (verified, retried), then writes its JPEG thumbnail with sharp. */
export async function downloadThumbnail(job: DownloadThumbnailJob): Promise<DownloadThumbnailResult> {
  const startMs = epochMs();
  const body = await fetchVerified(job.fetch);
  const downloadedMs = epochMs();
  await sharp(body.bytes).rotate().resize(job.size, job.size, { fit: 'inside' }).jpeg({ quality: 85 }).toFile(job.target);
  return { attempts: body.attempts, bytes: body.bytes.length, startMs, downloadedMs, endMs: epochMs(), lane: lane() };
}
