import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { RunResults } from '../harness/results/records.js';

const bench = (args: readonly string[]) => runCli(['bench', ...args], { cwd: tmp });
/** The same in this process, for usage errors: they stop before any trial. */
const benchHere = (args: readonly string[]) => runHere(['bench', ...args], { cwd: tmp });
let tmp: string;

/** A PNG whose header claims 30000 x 30000 pixels: past sharp's limit before anything is decoded. */
function hugePng(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(30_000, 0);
  header.writeUInt32BE(30_000, 4);
  header[8] = 8;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(100))), chunk('IEND', Buffer.alloc(0))]);
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-bad-input-'));
  const dir = join(tmp, 'images');
  await mkdir(dir);
  const base = sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 200, g: 100, b: 50 } } });
  await base.clone().jpeg().toFile(join(dir, 'a-ok.jpg'));
  const good = await readFile(join(dir, 'a-ok.jpg'));
  await writeFile(join(dir, 'b-corrupt.jpg'), good.subarray(0, 200));
  await writeFile(join(dir, 'c-empty.jpg'), Buffer.alloc(0));
  await writeFile(join(dir, 'd-text.jpg'), 'not an image\n');
  await writeFile(join(dir, 'e-huge.png'), hugePng());
  await base.clone().png().toFile(join(dir, 'f-image.png'));
  await base.clone().webp().toFile(join(dir, 'g-image.webp'));
  await base.clone().tiff().toFile(join(dir, 'h-image.tiff'));
  await base.clone().grayscale().jpeg().toFile(join(dir, 'i-gray.jpg'));
  await base.clone().toColourspace('cmyk').jpeg().toFile(join(dir, 'j-cmyk.jpg'));
  await base.clone().toColourspace('rgb16').png().toFile(join(dir, 'k-sixteen.png'));
  await base.clone().withMetadata({ orientation: 6 }).jpeg().toFile(join(dir, 'l-exif-rotated.jpg'));
  await mkdir(join(tmp, 'empty'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});


const quick = ['--strategy', 'sequential,worker-threads', '--workers', '2', '--iterations', '1', '--warmup', '0', '--sample-interval', '0'];

test('bad images in --input fail alone and are listed; PNG, WebP, TIFF, grayscale, CMYK, 16-bit and EXIF-rotated images work', async () => {
  const run = await bench(['--scenario', 'cpu', '--input', join(tmp, 'images'), ...quick, '--out', tmp, '--name', 'bad']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const results = JSON.parse(await readFile(join(tmp, 'bad.json'), 'utf8')) as RunResults;
  for (const row of results.scenarios[0]?.rows ?? []) {
    assert.equal(row.state, 'completed', row.label);
    const failed = row.trials[0]?.itemFailures.map((f) => f.item) ?? [];
    assert.deepEqual(failed, [1, 2, 3, 4], `${row.label}: only the corrupt, empty, text and huge files fail`);
  }
  assert.match(run.stdout, /4 item\(s\) failed in every strategy/);
  for (const name of ['b-corrupt.jpg', 'c-empty.jpg', 'd-text.jpg', 'e-huge.png: Input image exceeds pixel limit']) assert.ok(run.stdout.includes(name), name);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
});

test('an empty or missing --input folder is a usage error that says what to do (in this process)', async () => {
  const empty = await benchHere(['--scenario', 'cpu', '--input', join(tmp, 'empty'), ...quick, '--out', tmp]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--input .*empty: no images found/);
  const missing = await benchHere(['--scenario', 'cpu', '--input', join(tmp, 'nope'), ...quick, '--out', tmp]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--input .*nope: no such folder; give a folder of images/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});

test('an --out that cannot be written is refused before any trial, with exit 2 (in this process)', async () => {
  const file = join(tmp, 'a-file');
  await writeFile(file, 'x');
  const run = await benchHere(['--scenario', 'cpu', '--items', '2', ...quick, '--out', join(file, 'results')]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--out .*a-file\/results: cannot write results there/);
});
