/** The instrument contract's own plumbing: the registry, the slots in a results file and how a report treats them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instrumentChoice, instrumentNames, loadInstruments } from '../harness/instrument-registry.js';
import { validateResults } from '../harness/results/schema.js';
import { instrumentParts } from '../harness/report/instrument-tables.js';
import { renderMarkdown } from '../harness/report/markdown.js';
import { InstrumentProbes } from '../harness/trial/instrument-probes.js';
import { UsageError } from '../harness/usage-error.js';
import type { Row } from '../harness/results/records.js';
import type { InstrumentSlot } from '../harness/trial/instrument-probes.js';
import { runHere } from './fixtures/command-line.js';
import { fourApproaches, run, scenarioResult } from './fixtures/results.js';

/** The four hand-built rows with every measured trial carrying `slot` under `name`. */
function rowsWith(name: string, slot: InstrumentSlot): Row[] {
  return fourApproaches().map((row) => ({ ...row, trials: row.trials.map((t) => ({ ...t, instruments: { [name]: slot } })) }));
}

test('every instrument in harness/instruments loads by its name and keeps to the contract', async () => {
  const names = instrumentNames();
  const loaded = await loadInstruments(names);
  assert.deepEqual(loaded.map((i) => i.name), names);
  for (const instrument of loaded) {
    assert.ok(instrument.measures.length > 0, `${instrument.name} says what it measures`);
    assert.equal(typeof instrument.schema, 'object');
  }
});

test('--instruments names known instruments; an unknown one is a usage error naming those there are', async () => {
  assert.deepEqual(instrumentChoice(undefined), []);
  assert.deepEqual(instrumentChoice('all'), instrumentNames());
  assert.throws(() => instrumentChoice('no-such-thing'), (error: unknown) => error instanceof UsageError && /no instrument "no-such-thing"; there are: /.test(error.message));
  const cli = await runHere(['bench', '--scenario', 'overhead', '--instruments', 'no-such-thing']);
  assert.equal(cli.code, 2, cli.stderr);
  assert.match(cli.stderr, /--instruments: there is no instrument "no-such-thing"/);
});

test('a trial asked for no instrument reports no slots', async () => {
  const probes = await InstrumentProbes.open([]);
  const pool = {} as never;
  await probes.begin(pool);
  assert.equal(await probes.end(pool, { seconds: 1, cpuSeconds: 1 }), undefined);
});

test("a results file keeps each instrument's slot: a reading or why there is none; anything else is refused", () => {
  const good = run([scenarioResult(rowsWith('some-instrument', { reading: { any: [1, 2] } }))]);
  assert.deepEqual(validateResults(JSON.parse(JSON.stringify(good))), []);
  const failed = run([scenarioResult(rowsWith('some-instrument', { error: 'could not read /proc' }))]);
  assert.deepEqual(validateResults(JSON.parse(JSON.stringify(failed))), []);
  const neither = run([scenarioResult(rowsWith('some-instrument', { figure: 3 } as never))]);
  assert.notDeepEqual(validateResults(JSON.parse(JSON.stringify(neither))), []);
  const badName = run([scenarioResult(rowsWith('Not A Name', { reading: 1 }))]);
  assert.notDeepEqual(validateResults(JSON.parse(JSON.stringify(badName))), []);
});

test('a report names an instrument this parabench does not have, and renders nothing of its readings', () => {
  const result = scenarioResult(rowsWith('from-a-later-version', { reading: { secret: 42 } }));
  const [part] = instrumentParts(result);
  assert.equal(part?.table, undefined);
  assert.match(part?.notes[0] ?? '', /from-a-later-version: recorded in this file, but this parabench does not have it/);
  const markdown = renderMarkdown(run([result]));
  assert.match(markdown, /### Instrument `from-a-later-version`/);
  assert.doesNotMatch(markdown, /secret|42/);
});
