/** A scenario's own `run` and `digest` are checked in every trial: one that returns too few outcomes or no real hashes fails its rows, never verifies them. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResults } from '../harness/results/records.js';
import { runCli } from './fixtures/cli.js';

const EXAMPLE = new URL('../../examples/scenarios/word-count.js', import.meta.url).href;
const quick = ['--items', '4', '--words', '50', '--strategy', 'sequential,worker-threads', '--workers', '2', '--iterations', '1', '--warmup', '0', '--sample-interval', '0', '--format', 'json'];
let tmp: string;

/** Each broken variant of the example scenario, and what its rows must say. */
const BROKEN: Readonly<Record<string, { readonly body: string; readonly says: RegExp }>> = {
  'digest-42': { body: 'async digest() { return 42; }', says: /digest\(\) returned number 42, where it must return one content hash/ },
  'one-hash': { body: "async digest() { return ['same']; }", says: /digest\(\) returned 1 hashes for 4 items/ },
  'number-hashes': { body: 'async digest(_p, outcomes) { return outcomes.map(() => 7); }', says: /digest\(\) gave item 0 number 7/ },
  'empty-run': { body: 'async run() { return []; }', says: /run\(\) returned 0 outcomes for 4 items/ },
};

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-contract-'));
  for (const [name, { body }] of Object.entries(BROKEN)) {
    await writeFile(join(tmp, `${name}.js`), `import base from '${EXAMPLE}';\nexport default { ...base, name: '${name}', ${body} };\n`);
  }
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

for (const [name, { says }] of Object.entries(BROKEN)) {
  test(`a scenario whose ${name} breaks the contract fails every row, saying what it returned`, async () => {
    const run = await runCli(['bench', '--scenario', join(tmp, `${name}.js`), ...quick, '--out', tmp, '--name', name], { cwd: tmp });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const results = JSON.parse(await readFile(join(tmp, `${name}.json`), 'utf8')) as RunResults;
    const rows = results.scenarios[0]?.rows ?? [];
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.state, 'failed', `${row.label} must fail`);
      assert.match(row.state === 'failed' ? row.failure : '', says);
      assert.match(row.state === 'failed' ? row.failure : '', new RegExp(`scenario ${name}`));
      assert.ok(row.trials.every((trial) => trial.verified !== true), `${row.label}: no trial is recorded verified`);
    }
  });
}
