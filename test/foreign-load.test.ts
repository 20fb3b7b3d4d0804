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
    for (const t of trials) assert.ok((t.foreignLoadCores ?? 0) > floor, `foreign load ${t.foreignLoadCores} (floor ${floor})`);
    const notes = results.scenarios[0] === undefined ? [] : scenarioNotesOf(results.scenarios[0], noteOptions(results.parameters));
    assert.ok(notes.some((n) => n.startsWith('WARNING: foreign load')), notes.join('\n'));
    assert.match(await readFile(join(tmp, 'busy.md'), 'utf8'), /UNRELIABLE \(other processes took cores while these rows ran: sequential/);
  } finally {
    busy.kill('SIGKILL');
    await rm(tmp, { recursive: true, force: true });
  }
});
