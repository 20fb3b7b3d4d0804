/** The foreign-load instrument: read in the harness around every trial by default, kept in its slot, read back from older files too. */
import { foreignLoadOf, instrument } from '../harness/instruments/foreign-load.js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResults } from '../harness/results/records.js';
import { runCli } from './fixtures/cli.js';
import { noteOptions, scenarioNotesOf } from '../harness/report/notes.js';

// A busy loop in a separate process during the trials: every trial must see it as foreign load,
// the notes must warn, and the decision matrix must call the verdict unreliable.
test('a busy process beside the trials is reported as foreign load, with a warning', { skip: process.platform !== 'linux' && 'reads /proc/stat' }, async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-foreign-'));
  const busy = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
  try {
    const cli = await runCli(
      ['bench', '--scenario', 'cpu-js', '--items', '4', '--strategy', 'sequential', '--iterations', '2', '--warmup', '0', '--foreign-load-warn', '0.25', '--out', tmp, '--name', 'busy'],
      { cwd: tmp },
    );
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    const results = JSON.parse(await readFile(join(tmp, 'busy.json'), 'utf8')) as RunResults;
    const trials = results.scenarios[0]?.rows[0]?.trials ?? [];
    // The loop takes one of the cores for the whole trial; half of that is a generous floor. Under a
    // CPU quota below two CPUs the loop and the trial share the quota's time (about half each).
    const quota = results.context.cpuQuota;
    const floor = quota !== undefined && quota < 2 ? quota / 4 : 0.5;
    for (const t of trials) assert.ok((foreignLoadOf(t) ?? 0) > floor, `foreign load ${foreignLoadOf(t)} (floor ${floor})`);
    // Read by default, in the instrument's own slot of each record; the run names it among the instruments that ran.
    for (const t of trials) assert.ok(t.instruments?.['foreign-load'] !== undefined && t.foreignLoadCores === undefined, JSON.stringify(t.instruments));
    assert.deepEqual(results.parameters['instruments'], ['foreign-load']);
    const notes = results.scenarios[0] === undefined ? [] : scenarioNotesOf(results.scenarios[0], noteOptions(results.parameters));
    assert.ok(notes.some((n) => n.startsWith('WARNING: foreign load')), notes.join('\n'));
    assert.match(await readFile(join(tmp, 'busy.md'), 'utf8'), /UNRELIABLE \(other processes took cores while these rows ran: sequential/);
  } finally {
    busy.kill('SIGKILL');
    await rm(tmp, { recursive: true, force: true });
  }
});

test("the probe reads the machine's busy time around the trial and leaves out the trial's and the harness's own CPU", { skip: process.platform !== 'linux' && 'reads /proc/stat' }, () => {
  const probe = instrument.inHarness();
  assert.ok(probe !== undefined && instrument.byDefault && !('inTrial' in instrument), 'a harness-side instrument of the default set');
  probe.begin();
  const until = Date.now() + 200;
  while (Date.now() < until); // this process keeps one core busy: counted as the harness's own CPU below, so not foreign
  probe.end();
  const own = process.cpuUsage();
  const reading = probe.reading({ realSeconds: 0.2, userSeconds: 0, sysSeconds: 0, harnessCpuSeconds: (own.user + own.system) / 1e6 }) as { cores: number };
  assert.ok(reading.cores >= 0 && Number.isFinite(reading.cores), JSON.stringify(reading));
  const counted = probe.reading({ realSeconds: 0.2, userSeconds: 0, sysSeconds: 0, harnessCpuSeconds: 0 }) as { cores: number };
  assert.ok(counted.cores >= reading.cores, 'the same busy time not credited to the harness reads as more foreign load');
});

test('foreignLoadOf reads the slot, else the field of files written before instruments, else null', () => {
  assert.equal(foreignLoadOf({ instruments: { 'foreign-load': { reading: { cores: 0.75 } } } }), 0.75);
  assert.equal(foreignLoadOf({ instruments: { 'foreign-load': { reading: null } } }), null);
  assert.equal(foreignLoadOf({ instruments: { 'foreign-load': { error: 'no /proc/stat' } }, foreignLoadCores: 0.4 }), 0.4);
  assert.equal(foreignLoadOf({ foreignLoadCores: 0.3 }), 0.3);
  assert.equal(foreignLoadOf({}), null);
});
