/** The cpu-js scenario's task: a thumbnail decoded and shrunk in pure JavaScript. */
import { readFile, writeFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { epochMs, lane } from './clock.js';
import { namingInput, upToDate, type ThumbnailJob, type ThumbnailResult } from './thumbnail-job.js';

/** Shrinks RGBA pixels so the longest side is `size`, averaging every source pixel of each box. */
export function areaAverage(
  source: Uint8Array,
  width: number,
  height: number,
  size: number,
): { data: Uint8Array; width: number; height: number } {
  const scale = Math.max(width, height) / size;
  const outWidth = Math.max(1, Math.round(width / scale));
  const outHeight = Math.max(1, Math.round(height / scale));
  const out = new Uint8Array(outWidth * outHeight * 4);
  for (let oy = 0; oy < outHeight; oy += 1) {
    const y0 = Math.floor((oy * height) / outHeight);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * height) / outHeight));
    for (let ox = 0; ox < outWidth; ox += 1) {
      const x0 = Math.floor((ox * width) / outWidth);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * width) / outWidth));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y < y1; y += 1) {
        let i = (y * width + x0) * 4;
        for (let x = x0; x < x1; x += 1, i += 4) {
          r += source[i] as number;
          g += source[i + 1] as number;
          b += source[i + 2] as number;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (oy * outWidth + ox) * 4;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
      out[o + 3] = 255;
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

/** A binary PPM (P6) of RGBA pixels: written without an encoder, so the task's time is decode and shrink. */
export function toPpm(rgba: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.from(`P6\n${width} ${height}\n255\n`, 'ascii');
  const body = Buffer.alloc(width * height * 3);
  for (let p = 0, o = 0; p < rgba.length; p += 4, o += 3) {
    body[o] = rgba[p] as number;
    body[o + 1] = rgba[p + 1] as number;
    body[o + 2] = rgba[p + 2] as number;
  }
  return Buffer.concat([header, body]);
}

/**
 * The same thumbnail in pure JavaScript: decode with jpeg-js, then area-average.
 * All of it runs on the calling thread, so one event loop can use only one core.
 * (jpeg-js's encoder rebuilds its tables on every call, so the thumbnail is written as PPM.)
 */
export async function makeThumbnailJs(job: ThumbnailJob): Promise<ThumbnailResult> {
  const startMs = epochMs();
  if (job.incremental && (await upToDate(job.source, job.target))) return { skipped: true, startMs, endMs: epochMs(), lane: lane() };
  let decoded: { data: Uint8Array; width: number; height: number };
  try {
    decoded = jpeg.decode(await readFile(job.source), { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  } catch (error) {
    throw namingInput(job.source, error);
  }
  const thumbnail = areaAverage(decoded.data, decoded.width, decoded.height, job.size);
  await writeFile(job.target, toPpm(thumbnail.data, thumbnail.width, thumbnail.height));
  return { skipped: false, startMs, endMs: epochMs(), lane: lane() };
}
