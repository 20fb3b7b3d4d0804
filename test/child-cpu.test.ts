import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { timeMethod } from '../harness/measure/child-times.js';
import { measureProcess } from '../harness/measure/process.js';

const fixture = fileURLToPath(new URL('./fixtures/burn-in-pool.js', import.meta.url));
const linux = process.platform === 'linux';

test('timeMethod reads the kernel account of children on Linux', () => {
  const method = timeMethod();
  if (linux) assert.equal(method, 'linux-proc-cutime');
  else assert.equal(method, 'trial-self-report');
});

// 0.8 s of CPU is burnt in the pool's workers, none in the measured process's main thread.
for (const strategy of ['worker-threads', 'child-process', 'cluster']) {
  test(`CPU burnt in ${strategy} workers shows in the measured user + sys time`, { skip: !linux && 'needs /proc cutime' }, async () => {
    const method = timeMethod();
    const m = await measureProcess({ command: [process.execPath, fixture, strategy], timeMethod: method, sampleIntervalMs: 0, timeoutSeconds: 60 });
    assert.equal(m.timedOut, false);
    assert.equal(m.exitCode, 0, `fixture failed: ${m.stderrTail}`);
    assert.equal(m.timeMethod, 'linux-proc-cutime');
    assert.ok(m.realSeconds > 0, `realSeconds ${m.realSeconds}`);
    const cpu = m.userSeconds + m.sysSeconds;
    assert.ok(cpu >= 0.7, `user ${m.userSeconds} s + sys ${m.sysSeconds} s = ${cpu} s, expected at least 0.7 s of the 0.8 s burnt`);
  });
}
