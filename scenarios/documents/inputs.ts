/** Input folders a reproduction prepares: links to cached photos, a tenth of them made newer, a broken image. */
import { copyFile, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CPU_PHOTO, ensurePhotos, photoName } from '../../scenarios/support/photos.js';

/**
 * A fresh folder of `count` links to the cpu scenario's cached photos (generated when missing):
 * the same images as the cpu scenario, in a folder the reproduction may change.
 */
export async function linkPhotos(cacheDir: string, folder: string, count: number): Promise<void> {
  const source = await ensurePhotos(cacheDir, CPU_PHOTO, count);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i += 1) await symlink(join(source, photoName(i)), join(folder, photoName(i)));
}

/** Replaces every `every`-th image of the folder by a fresh copy, so it is newer than its thumbnail. */
export async function renewEvery(folder: string, every: number): Promise<number> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.jpg')).sort();
  let renewed = 0;
  for (const [i, name] of names.entries()) {
    if (i % every !== 0) continue;
    const path = join(folder, name);
    const temporary = `${path}.tmp`;
    await copyFile(path, temporary);
    await rename(temporary, path);
    renewed += 1;
  }
  return renewed;
}

/** Adds an image that is not one: bytes no decoder accepts, as a corrupted upload would be. */
export async function addBrokenImage(folder: string, name: string): Promise<void> {
  await writeFile(join(folder, name), 'this is not a JPEG: a corrupted product photo\n');
}
