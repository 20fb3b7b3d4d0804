/** Generated photos (deterministic, cached) and the user's own images. */
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sharpLibrary } from './sharp-library.js';

/** Size and quality of generated photos. */
export interface PhotoSpec {
  readonly width: number;
  readonly height: number;
  /** JPEG quality, 1..100. */
  readonly quality: number;
}

/** The photos of the cpu scenario, which the loopback server also serves (`io`, `mixed`). */
export const CPU_PHOTO: PhotoSpec = { width: 1600, height: 1200, quality: 85 };

/** A small fast deterministic PRNG (mulberry32), so photo number i is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function colour(next: () => number): string {
  const channel = () => Math.floor(next() * 256).toString(16).padStart(2, '0');
  return `#${channel()}${channel()}${channel()}`;
}

/** An SVG scene: a gradient sky, a glow and a few dozen overlapping shapes. */
function scene(index: number, spec: PhotoSpec): string {
  const next = random(index + 1);
  const { width: w, height: h } = spec;
  const shapes: string[] = [];
  for (let s = 0; s < 40; s += 1) {
    const x = Math.floor(next() * w);
    const y = Math.floor(next() * h);
    const size = Math.floor(20 + next() * w * 0.2);
    const fill = `fill="${colour(next)}" fill-opacity="${(0.3 + next() * 0.6).toFixed(2)}"`;
    shapes.push(
      next() < 0.5
        ? `<ellipse cx="${x}" cy="${y}" rx="${size}" ry="${Math.floor(size * (0.4 + next()))}" ${fill}/>`
        : `<rect x="${x}" y="${y}" width="${size}" height="${Math.floor(size * (0.4 + next()))}" transform="rotate(${Math.floor(next() * 90)} ${x} ${y})" ${fill}/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="${next().toFixed(2)}" y2="1">
<stop offset="0" stop-color="${colour(next)}"/><stop offset="1" stop-color="${colour(next)}"/></linearGradient>
<radialGradient id="glow"><stop offset="0" stop-color="${colour(next)}" stop-opacity="0.9"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient></defs>
<rect width="${w}" height="${h}" fill="url(#sky)"/>
<circle cx="${Math.floor(next() * w)}" cy="${Math.floor(next() * h)}" r="${Math.floor(h * 0.6)}" fill="url(#glow)"/>
${shapes.join('\n')}
</svg>`;
}

/** Renders photo number `index` as JPEG bytes: the scene plus sensor-like noise. */
export async function renderPhoto(index: number, spec: PhotoSpec): Promise<Buffer> {
  const { data, info } = await sharpLibrary()(Buffer.from(scene(index, spec))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const next = random(0x5eed + index);
  for (let i = 0; i < data.length; i += 1) {
    const noise = (next() + next() + next() - 1.5) * 24;
    data[i] = Math.max(0, Math.min(255, (data[i] as number) + noise));
  }
  return sharpLibrary()(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: spec.quality })
    .toBuffer();
}

/** The folder generated photos of this spec are cached in; the key includes libvips' version. */
export function photoFolder(cacheDir: string, spec: PhotoSpec): string {
  return join(cacheDir, 'photos', `${spec.width}x${spec.height}-q${spec.quality}-vips${sharpLibrary().versions.vips}`);
}

export function photoName(index: number): string {
  return `photo-${String(index).padStart(5, '0')}.jpg`;
}

/** Makes sure photos first..first+count-1 exist in the cache; generates only the missing ones. */
export async function ensurePhotos(cacheDir: string, spec: PhotoSpec, count: number, first = 0): Promise<string> {
  const folder = photoFolder(cacheDir, spec);
  await mkdir(folder, { recursive: true });
  const present = new Set(await readdir(folder));
  const missing = Array.from({ length: count }, (_, i) => first + i).filter((i) => !present.has(photoName(i)));
  const parallel = 2;
  for (let i = 0; i < missing.length; i += parallel) {
    await Promise.all(
      missing.slice(i, i + parallel).map(async (index) => {
        const target = join(folder, photoName(index));
        const temporary = `${target}.${process.pid}.tmp`;
        await sharpLibrary()(await renderPhoto(index, spec)).toFile(temporary);
        await rename(temporary, target); // a half-written photo is never cached
      }),
    );
  }
  return folder;
}

/** Image file endings sharp reads and the scenarios accept in `--input`. */
const IMAGE_ENDINGS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'];

/** An error in what the user gave us: the CLI reports it as a usage error (exit 2). */
export function badInput(message: string): Error {
  return Object.assign(new Error(message), { code: 'BAD_INPUT' });
}

/** Lists the image files of a folder, sorted, or throws an error that says what to do. */
export async function listImages(folder: string): Promise<string[]> {
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw badInput(`--input ${folder}: no such folder; give a folder of images`);
  }
  if (!info.isDirectory()) throw badInput(`--input ${folder}: not a folder; give a folder of images`);
  const names = (await readdir(folder)).filter((name) => IMAGE_ENDINGS.some((end) => name.toLowerCase().endsWith(end)));
  if (names.length === 0) {
    throw badInput(`--input ${folder}: no images found (looked for ${IMAGE_ENDINGS.join(' ')})`);
  }
  return names.sort().map((name) => join(folder, name));
}
