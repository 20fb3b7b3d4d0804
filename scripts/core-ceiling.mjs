#!/usr/bin/env node
// How well does this machine run N copies of the cpu-js work at once, with no pool at all?
// Starts N independent Node processes, each making the same thumbnails in pure JavaScript, and
// compares their wall time with one process alone. The ratio is the ceiling any strategy's
// speedup can reach here: if N copies are slower than one, memory bandwidth, shared caches,
// turbo or a noisy neighbour cost that much, whatever the pool does.
// Usage: node scripts/core-ceiling.mjs [copies=2] [items=60]   (after `npm run build` and one cpu-js bench)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const copies = Number(process.argv[2] ?? 2);
const items = Number(process.argv[3] ?? 60);
const root = fileURLToPath(new URL('..', import.meta.url));
const photos = join(root, 'results', '.cache', 'photos');
const folder = readdirSync(photos).find((name) => name.startsWith('800x600'));
if (folder === undefined) throw new Error('no cached cpu-js photos: run `npm run bench -- --scenario cpu-js --quick` once first');

const worker = `
  const { makeThumbnailJs } = await import(${JSON.stringify(join(root, 'dist/scenarios/tasks/thumbnail-js.js'))});
  const { readdirSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = ${JSON.stringify(join(photos, folder))};
  const out = mkdtempSync(tmpdir() + '/ceiling-');
  const files = readdirSync(dir).sort().slice(0, ${items});
  const t = performance.now();
  for (const [i, f] of files.entries()) await makeThumbnailJs({ source: dir + '/' + f, target: out + '/' + i + '.ppm', size: 128, incremental: false });
  console.log((performance.now() - t) / 1000);
  rmSync(out, { recursive: true });
`;

function run(n) {
  return Promise.all(
    Array.from({ length: n }, () => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', worker], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('exit', (code) => (code === 0 ? resolve(Number(text)) : reject(new Error(`copy exited with ${code}`))));
    })),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const alone = [];
const together = [];
for (let round = 0; round < 5; round += 1) {
  alone.push(...(await run(1)));
  together.push(Math.max(...(await run(copies))));
}
const a = median(alone);
const t = median(together);
console.log(`one copy alone: ${a.toFixed(3)} s (median of 5)`);
console.log(`${copies} copies at once: ${t.toFixed(3)} s until the last finished (median of 5)`);
console.log(`throughput ceiling: ${((copies * a) / t).toFixed(2)}x with ${copies} copies (ideal ${copies}x)`);
