/** Commands that make no image never load sharp's native library, libvips (checked with glibc's LD_DEBUG). */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CLI } from './fixtures/cli.js';

const run = promisify(execFile);

/** The lines in which the dynamic loader says it looked for libvips, for `args` run by Node with LD_DEBUG=libs. */
async function libvipsLookups(args: readonly string[]): Promise<string[]> {
  return (await loaderLines(args)).filter((line) => /find library=libvips/.test(line));
}

/** What the dynamic loader said of the harness process itself (its trials' stderr is the harness's to keep). */
async function loaderLines(args: readonly string[]): Promise<string[]> {
  const { stderr } = await run(process.execPath, [...args], { env: { ...process.env, LD_DEBUG: 'libs' }, maxBuffer: 64 * 2 ** 20 });
  return stderr.split('\n');
}

const linuxGlibc = process.platform === 'linux' && (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime !== undefined;

test('compare, merge, list and --help load no libvips; loading sharp does', { skip: linuxGlibc ? false : 'LD_DEBUG is glibc\'s' }, async () => {
  // The control: the detector sees libvips when sharp is loaded.
  assert.ok((await libvipsLookups(['-e', "require('sharp')"])).length > 0, 'loading sharp looks up libvips');
  for (const args of [['--help'], ['bench', '--help'], ['compare', '--help'], ['merge', '--help'], ['report', '--help'], ['list']]) {
    assert.deepEqual(await libvipsLookups([CLI, ...args]), [], `parabench ${args.join(' ')} loaded libvips`);
  }
});

test('a run whose scenarios make no image loads no libvips, records no sharp version and no prose; report renders it without libvips', { skip: linuxGlibc ? false : 'LD_DEBUG is glibc\'s' }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'parabench-lazy-'));
  try {
    const args = [CLI, 'bench', '--scenario', 'overhead', '--strategy', 'sequential', '--items', '20', '--iterations', '1', '--warmup', '0', '--out', out, '--name', 'lazy', '--format', 'json'];
    const lines = await loaderLines(args);
    assert.ok(lines.some((line) => /find library=/.test(line)), 'the loader reported its look-ups (the detector works here)');
    assert.deepEqual(lines.filter((line) => /find library=libvips/.test(line)), [], 'bench --scenario overhead loaded libvips');
    const results = JSON.parse(await readFile(join(out, 'lazy.json'), 'utf8')) as { context: Record<string, unknown>; scenarios: object[] };
    assert.equal('sharp' in results.context, false, 'no sharp version recorded for a run that used none');
    assert.equal('libvips' in results.context, false);
    assert.equal('notes' in results, false, 'a results file stores measurements, not prose: notes are read off them by the report');
    assert.equal(results.scenarios.some((scenario) => 'notes' in scenario), false);
    assert.deepEqual((await loaderLines([CLI, 'report', join(out, 'lazy.json'), '--format', 'terminal'])).filter((line) => /find library=libvips/.test(line)), [], 'report loaded libvips');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
