/** The `cpu-js` scenario: thumbnails decoded and shrunk in pure JavaScript. */
import { thumbnailScenario } from './support/thumbnails.js';

/** The GIL-bound case in Node's terms: the same thumbnails, decoded and shrunk in pure JavaScript. */
export const cpuJs = thumbnailScenario({
  name: 'cpu-js',
  summary: 'CPU-bound on the event loop: the same thumbnails with jpeg-js and a JS area-average shrink',
  task: { module: new URL('./tasks/thumbnail-js.js', import.meta.url).href, export: 'makeThumbnailJs' },
  photo: { width: 800, height: 600, quality: 85 },
  extension: '.ppm',
  items: { normal: 60, quick: 16, full: 1000 },
});
