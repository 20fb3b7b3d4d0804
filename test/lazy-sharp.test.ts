/** Commands that make no image never load sharp's native library, libvips (checked with glibc's LD_DEBUG). */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CLI } from './fixtures/cli.js';

const run = promisify(execFile);

/** The lines in which the dynamic loader says it looked for libvips, for `args` run by Node with LD_DEBUG=libs. */
async function libvipsLookups(args: readonly string[]): Promise<string[]> {
  const { stderr } = await run(process.execPath, [...args], { env: { ...process.env, LD_DEBUG: 'libs' }, maxBuffer: 64 * 2 ** 20 });
  return stderr.split('\n').filter((line) => /find library=libvips/.test(line));
}

const linuxGlibc = process.platform === 'linux' && (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime !== undefined;

test('compare, merge, list and --help load no libvips; loading sharp does', { skip: linuxGlibc ? false : 'LD_DEBUG is glibc\'s' }, async () => {
  // The control: the detector sees libvips when sharp is loaded.
  assert.ok((await libvipsLookups(['-e', "require('sharp')"])).length > 0, 'loading sharp looks up libvips');
  for (const args of [['--help'], ['bench', '--help'], ['compare', '--help'], ['merge', '--help'], ['list']]) {
    assert.deepEqual(await libvipsLookups([CLI, ...args]), [], `parabench ${args.join(' ')} loaded libvips`);
  }
});
