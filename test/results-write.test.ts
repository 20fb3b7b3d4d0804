import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeAtomically } from '../harness/results/write.js';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-write-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

test('writeAtomically writes the content and leaves no temporary file', async () => {
  const target = join(tmp, 'run.json');
  await writeAtomically(target, '{"a":1}\n');
  assert.equal(await readFile(target, 'utf8'), '{"a":1}\n');
  await writeAtomically(target, 'replaced');
  assert.equal(await readFile(target, 'utf8'), 'replaced');
  assert.deepEqual(await readdir(tmp), ['run.json']);
});

test('writeAtomically creates missing folders', async () => {
  const target = join(tmp, 'deep', 'er', 'report.md');
  await writeAtomically(target, '# report\n');
  assert.equal(await readFile(target, 'utf8'), '# report\n');
  assert.deepEqual(await readdir(join(tmp, 'deep', 'er')), ['report.md']);
});

test('writeAtomically rejects when the folder cannot be made (its parent is a file) and writes nothing', async () => {
  const dir = join(tmp, 'blocked');
  await mkdir(dir);
  const file = join(dir, 'not-a-folder');
  await writeFile(file, 'keep me');
  await assert.rejects(writeAtomically(join(file, 'run.json'), 'content'), (error: NodeJS.ErrnoException) => {
    assert.ok(['ENOTDIR', 'EEXIST'].includes(error.code ?? ''), `unexpected error ${error.code ?? String(error)}`);
    return true;
  });
  assert.deepEqual(await readdir(dir), ['not-a-folder']);
  assert.equal(await readFile(file, 'utf8'), 'keep me');
});

test('writeAtomically rejects when the target cannot be replaced and removes its temporary file', async () => {
  const dir = join(tmp, 'occupied');
  const target = join(dir, 'run.json');
  await mkdir(join(target, 'inside'), { recursive: true }); // a non-empty folder where the file should go
  await assert.rejects(writeAtomically(target, 'content'));
  assert.deepEqual(await readdir(dir), ['run.json'], 'nothing partial, no temporary file');
  assert.deepEqual(await readdir(target), ['inside']);
});
