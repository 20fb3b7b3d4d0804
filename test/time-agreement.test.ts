import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { timeMethod } from '../harness/measure/child-times.js';
import { measureProcess } from '../harness/measure/process.js';

const fixture = fileURLToPath(new URL('./fixtures/burn-in-pool.js', import.meta.url));
const GNU_TIME = '/usr/bin/time';

// GNU time runs the fixture and writes its own account of it; the harness measures GNU time's
// process (which reaps the fixture). Both read the kernel's rusage, so they agree to the
// hundredth of a second GNU time prints, give or take one clock tick of rounding.
test('user and sys agree with GNU time on the same command', { skip: (process.platform !== 'linux' || !existsSync(GNU_TIME)) && 'needs Linux and GNU time' }, async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-time-'));
  try {
    const out = join(tmp, 'time.txt');
    const m = await measureProcess({
      command: [GNU_TIME, '-f', '%e %U %S', '-o', out, process.execPath, fixture, 'child-process'],
      timeMethod: timeMethod(),
      sampleIntervalMs: 0,
      timeoutSeconds: 60,
    });
    assert.equal(m.exitCode, 0, m.stderrTail);
    const [real, user, sys] = (await readFile(out, 'utf8')).trim().split(/\s+/).map(Number) as [number, number, number];
    assert.ok(Math.abs(m.userSeconds - user) <= 0.03, `harness user ${m.userSeconds} s vs GNU time ${user} s`);
    assert.ok(Math.abs(m.sysSeconds - sys) <= 0.03, `harness sys ${m.sysSeconds} s vs GNU time ${sys} s`);
    assert.ok(m.realSeconds >= real - 0.01, `harness real ${m.realSeconds} s includes GNU time's ${real} s`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
