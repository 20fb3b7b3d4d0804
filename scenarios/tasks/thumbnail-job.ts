/** What both thumbnail tasks share, kept apart from sharp so the pure-JavaScript task never loads libvips. */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';

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

/** The same error, its message starting with the input's name, so a report says which file was bad. */
export function namingInput(source: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`${basename(source)}: ${message}`), { code: 'BAD_ITEM' });
}
