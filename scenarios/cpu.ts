/** The `cpu` scenario: JPEG thumbnails with sharp, native work on libuv's threads. */
import { CPU_PHOTO } from './support/photos.js';
import { thumbnailScenario } from './support/thumbnails.js';

/** Documents 000 and 003: 128-px JPEG thumbnails with sharp (native, on libuv's thread pool). */
export const cpu = thumbnailScenario({
  name: 'cpu',
  summary: 'CPU-bound: 128-px JPEG thumbnails of ~1600x1200 photos with sharp (libvips on libuv threads)',
  task: { module: new URL('./tasks/thumbnail-sharp.js', import.meta.url).href, export: 'makeThumbnail' },
  photo: CPU_PHOTO,
  extension: '.jpg',
  items: { normal: 100, quick: 24, full: 1000 },
});
