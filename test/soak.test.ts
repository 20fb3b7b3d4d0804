import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { leftovers } from './fixtures/processes.js';
import { fileURLToPath } from 'node:url';
import { timeMethod } from '../harness/measure/child-times.js';
import { measureProcess } from '../harness/measure/process.js';
import { PIDUSAGE_MAXAGE_MS } from '../harness/measure/tree-sampler.js';
import { readTrialMessage, type TrialReport } from '../harness/trial/report.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
const linux = process.platform === 'linux';

const openFds = (): number => readdirSync('/proc/self/fd').length;


// 50 trials in a row through the harness's own measuring code, each with a pool of two child
// processes: the harness must not grow in open files or memory, and no worker may outlive its trial.
test('soak: 50 trials leave no worker behind and do not grow the harness', { skip: !linux && 'reads /proc' }, async () => {
  const command = [process.execPath, CLI, 'trial', '--scenario', 'overhead', '--strategy', 'child-process', '--workers', '2', '--items', '20', '--report-ipc'];
  const run = async (): Promise<void> => {
    const m = await measureProcess<TrialReport>({ command, timeMethod: timeMethod(), sampleIntervalMs: 20, timeoutSeconds: 60, readMessage: readTrialMessage });
    assert.equal(m.exitCode, 0, m.stderrTail);
    assert.equal(m.report?.status, 'ok');
  };
  for (let i = 0; i < 5; i += 1) await run(); // settle lazily opened files and caches first
  const fdsBefore = openFds();
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < 45; i += 1) await run();
  // pidusage closes the /proc files of ended processes when their history expires.
  await new Promise((resolve) => setTimeout(resolve, PIDUSAGE_MAXAGE_MS * 2));
  const fdsAfter = openFds();
  const rssGrowthMiB = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  assert.ok(fdsAfter <= fdsBefore + 2, `open file descriptors grew from ${fdsBefore} to ${fdsAfter}`);
  assert.ok(rssGrowthMiB < 64, `the harness grew by ${rssGrowthMiB.toFixed(1)} MiB over 45 trials`);
  assert.deepEqual(await leftovers(), []);
});
