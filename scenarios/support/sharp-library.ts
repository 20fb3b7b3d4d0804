/** sharp, loaded on first use: commands that make no image (compare, merge, --help) never load libvips. */
import { createRequire } from 'node:module';
import type sharpModule from 'sharp';

type Sharp = typeof sharpModule;

const require = createRequire(import.meta.url);
let loaded: Sharp | undefined;

/** sharp's function, loading it (and libvips) the first time it is asked for. */
export function sharpLibrary(): Sharp {
  loaded ??= require('sharp') as Sharp;
  return loaded;
}
