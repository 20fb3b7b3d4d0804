import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json } from '../harness/exporters/json.js';
import { markdown } from '../harness/exporters/markdown.js';
import type { RunResults } from '../harness/results/records.js';
import { createExclusively } from '../harness/results/write.js';
import { claimBaseName } from '../harness/run/run-name.js';
import { UsageError } from '../harness/usage-error.js';
import { runBench } from '../harness/run/bench.js';
import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';
import { benchOptions, fakeLab } from './fixtures/fake-lab.js';
import { run } from './fixtures/results.js';

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-run-name-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const tiny = ['--scenario', 'cpu-js', '--items', '2', '--strategy', 'sequential', '--quick', '--iterations', '1', '--warmup', '0', '--sample-interval', '0'];

test('--name that is not one file name (a path, a separator, a hidden name) is refused before anything runs: exit 2, nothing written anywhere', async () => {
  const cwd = join(tmp, 'cwd');
  await mkdir(cwd);
  const says = (name: string): string => `--name ${JSON.stringify(name)} is not a file name: it takes letters, digits, '.', '_' and '-'`;
  // One through the command line, for its exit code; the others through runBench, in a lab that would record any trial.
  const r = await runCli(['bench', ...tiny, '--out', 'out', '--name=../../escaped/ESCAPED'], { cwd });
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(says('../../escaped/ESCAPED')), r.stderr);
  for (const name of ['a;b', 'a/b', '..', '.hidden', '-rf', 'a b']) {
    const lab = fakeLab();
    await assert.rejects(runBench(benchOptions(join(cwd, 'out'), { runName: name }), { print: () => undefined }, lab), (error: unknown) => error instanceof UsageError && error.message.includes(says(name)));
    assert.deepEqual([lab.trials, lab.guardLog], [[], []], `${name}: no trial, no reaper`);
  }
  assert.deepEqual(await readdir(cwd), [], 'no folder made, not even --out');
  assert.equal(existsSync(join(tmp, 'escaped')), false);
});

test('--name of results already in --out is refused before any trial (exit 2) and the earlier results stay as they were', async () => {
  const out = join(tmp, 'taken');
  await mkdir(out);
  await writeFile(join(out, 'head.json'), 'an earlier run');
  const lab = fakeLab();
  const refused = await runBench(benchOptions(out, { formats: ['json', 'markdown'], runName: 'head' }), { print: () => undefined }, lab).then(() => undefined, (error: unknown) => error);
  assert.ok(refused instanceof UsageError, 'a usage error: the CLI exits 2');
  assert.match(refused.message, /--name head: .*head\.json exists already \(another run's results, finished or still running\): choose another --name/);
  assert.deepEqual(lab.trials, [], 'no trial ran');
  assert.equal(await readFile(join(out, 'head.json'), 'utf8'), 'an earlier run');
  assert.deepEqual(await readdir(out), ['head.json'], 'nothing else written: the markdown file was not taken either');
});

test('two runs taking one name at once: exactly one gets it, the files hold the winner\'s content, the loser leaves nothing', async () => {
  const dir = join(tmp, 'race');
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const files = (who: string) => [{ path: join(dir, `r${attempt}.json`), content: who }, { path: join(dir, `r${attempt}.md`), content: who }];
    const [a, b] = await Promise.all([createExclusively(files('a')), createExclusively(files('b'))]);
    assert.equal([a, b].filter((taken) => taken === undefined).length, 1, `one winner: ${String(a)} ${String(b)}`);
    const winner = a === undefined ? 'a' : 'b';
    assert.equal(await readFile(join(dir, `r${attempt}.json`), 'utf8'), winner);
    assert.equal(await readFile(join(dir, `r${attempt}.md`), 'utf8'), winner);
  }
});

test('a run takes its name with its first files: a default name in use gets a suffix, a given one is refused', async () => {
  const out = join(tmp, 'claim');
  await mkdir(out);
  const results: RunResults = { ...run([]), interrupted: true };
  await writeFile(join(out, 'cpu-2026.json'), 'kept');
  assert.equal(await claimBaseName('cpu-2026', false, out, [json, markdown], results), 'cpu-2026-2');
  assert.deepEqual(JSON.parse(await readFile(join(out, 'cpu-2026-2.json'), 'utf8')), results, 'the claimed file holds the run so far');
  assert.ok((await readFile(join(out, 'cpu-2026-2.md'), 'utf8')).startsWith('# parabench report (interrupted'));
  assert.equal(await claimBaseName('cpu-2026', false, out, [json, markdown], results), 'cpu-2026-3');
  await assert.rejects(claimBaseName('cpu-2026', true, out, [json, markdown], results), (error: unknown) => error instanceof UsageError && /cpu-2026\.json exists already/.test(error.message));
  assert.equal(await readFile(join(out, 'cpu-2026.json'), 'utf8'), 'kept');
});

test('trial --row-key names a folder under --cache-dir: one that is not a file name is refused, exit 2', async () => {
  const r = await runHere(['trial', '--scenario', 'cpu-js', '--items', '1', '--incremental', '--row-key', '../../outside', '--cache-dir', join(tmp, 'cache')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--row-key "\.\.\/\.\.\/outside" is not a file name/);
});
