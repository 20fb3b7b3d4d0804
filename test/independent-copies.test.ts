/** How the `independent` ceiling row's copies are planned and recorded: each copy's share of the items and its command, the start gate, one trial record from all copies. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { StartGate, type CopiesMeasurement } from '../harness/measure/copies.js';
import type { ProcessMeasurement } from '../harness/measure/process.js';
import type { TrialReport } from '../harness/trial/report.js';
import type { RowPlan } from '../harness/results/records.js';
import { copyRuns, copyShares, recordCopies } from '../harness/run/row-kinds/ceiling-copies.js';
import { combinedPerItemSeconds } from '../harness/run/row-kinds/ceiling.js';
import { cpuJs } from '../scenarios/cpu-js.js';
import type { Scenario, ScenarioOptions } from '../scenarios/scenario.js';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-independent-copies-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A copy that reported `items` items, each digest `digest`, in a work window of `work` seconds. */
function copy(work: number, items: number, digest: string, user: number, startMs = 1000): ProcessMeasurement<TrialReport> {
  return {
    threadSamples: [],
    window: { startSeconds: null, endSeconds: null },
    instruments: {},
    exitCode: 0,
    signal: null,
    realSeconds: work + 0.1,
    userSeconds: user,
    sysSeconds: 0.01,
    timeMethod: 'trial-self-report',
    peakRssBytes: 0,
    timeline: [],
    stderrTail: '',
    timedOut: false,
    harnessCpuSeconds: 0,
    harnessWindowCpuSeconds: null,
    report: {
      status: 'ok',
      bootSeconds: 0.03,
      prepareSeconds: 0.001,
      startupSeconds: 0,
      workSeconds: work,
      workUserSeconds: work * 0.9,
      workSysSeconds: work * 0.1,
      shutdownSeconds: 0,
      digestSeconds: 0,
      processUserSeconds: user,
      processSysSeconds: 0.01,
      childUserSeconds: 0,
      childSysSeconds: 0,
      maxRssKiB: 1,
      items,
      failures: [],
      counters: { skipped: 1 },
      boundSeconds: null,
      events: [],
      facts: {},
      digests: Array.from({ length: items }, () => digest),
      uvThreadpoolSize: '3',
      workWindowEpochMs: [startMs, startMs + work * 1000],
    },
  };
}

test("the row's items are split over the copies: contiguous shares as even as can be, together exactly the row's items", () => {
  assert.deepEqual(copyShares(60, 2), [{ firstItem: 0, items: 30 }, { firstItem: 30, items: 30 }]);
  assert.deepEqual(copyShares(7, 3), [{ firstItem: 0, items: 3 }, { firstItem: 3, items: 2 }, { firstItem: 5, items: 2 }], 'the first items % copies get one more');
  assert.deepEqual(copyShares(5, 1), [{ firstItem: 0, items: 5 }]);
  for (let items = 1; items <= 40; items += 1) {
    for (let copies = 1; copies <= items; copies += 1) {
      const shares = copyShares(items, copies);
      assert.equal(shares.length, copies);
      assert.equal(shares.reduce((sum, share) => sum + share.items, 0), items, `${items} items over ${copies} copies add up`);
      shares.forEach((share, i) => assert.equal(share.firstItem, i === 0 ? 0 : (shares[i - 1]?.firstItem ?? 0) + (shares[i - 1]?.items ?? 0), 'each starts where the last ended'));
      const sizes = shares.map((share) => share.items);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1 && Math.min(...sizes) >= 1, `even shares of ${items} over ${copies}: ${sizes.join(',')}`);
    }
  }
  assert.deepEqual(copyShares(2, 4), [{ firstItem: 0, items: 1 }, { firstItem: 1, items: 1 }], 'fewer items than copies: one copy per item, none idle');
  assert.throws(() => copyShares(0, 2), /no items to split over 2 copies/);
});

test("each copy's command runs its own share: --items of the share, --first-item where it does not start at 0", () => {
  const plan: RowPlan = { key: 'independent/w3', label: 'independent x3', strategy: 'independent', workers: 3, concurrency: 1, chunkSize: 1, sampleIntervalMs: 100, params: {} };
  const options = { items: 7, input: undefined, incremental: false, chunkSize: 1, cacheDir: '/tmp/cache', rowKey: 'reference', params: {} };
  const runs = copyRuns('cpu-js', plan, options, {});
  const flag = (command: readonly string[], name: string): string | undefined => {
    const at = command.indexOf(name);
    return at < 0 ? undefined : command[at + 1];
  };
  assert.deepEqual(runs.map((run) => [flag(run.command, '--strategy'), flag(run.command, '--items'), flag(run.command, '--first-item')]), [
    ['sequential', '3', undefined],
    ['sequential', '2', '3'],
    ['sequential', '2', '5'],
  ]);
  assert.deepEqual(runs.map((run) => run.share), copyShares(7, 3));
});

test('a thumbnail trial from --first-item n makes and takes inputs n to n + items - 1, generated or from --input', async () => {
  const scenario = cpuJs as Scenario<unknown>;
  const options = { items: 2, firstItem: 3, input: undefined, incremental: false, chunkSize: 1, cacheDir: join(tmp, 'first-item-cache'), rowKey: 'r', params: {} };
  const facts = await scenario.setup(options);
  assert.equal(facts['items'], 2);
  const folder = join(options.cacheDir, 'photos');
  const [generated] = await readdir(folder);
  assert.deepEqual((await readdir(join(folder, generated ?? ''))).sort(), ['photo-00003.jpg', 'photo-00004.jpg'], 'only the photos of its items are generated');
  const sourcesOf = async (o: ScenarioOptions): Promise<string[]> => {
    const prepared = await scenario.prepare(o);
    await scenario.cleanup(prepared);
    return (prepared as { jobs: { source: string }[] }).jobs.map((job) => basename(job.source));
  };
  assert.deepEqual(await sourcesOf(options), ['photo-00003.jpg', 'photo-00004.jpg']);
  const input = join(tmp, 'four-images');
  await mkdir(input, { recursive: true });
  for (const name of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']) await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toFile(join(input, name));
  assert.deepEqual(await sourcesOf({ ...options, input, firstItem: 1 }), ['b.jpg', 'c.jpg'], 'the sorted folder, sliced the same way');
  assert.deepEqual(await sourcesOf({ ...options, input, firstItem: 3 }), ['d.jpg'], 'as far as the folder goes');
  await assert.rejects(scenario.setup({ ...options, input, firstItem: 4 }), (error: Error & { code?: string }) => error.code === 'BAD_INPUT' && /--first-item 4: --input .* holds no image from that position on/.test(error.message));
});

/** Two copies over a four-item row: copy 1 items 0-1, copy 2 items 2-3. */
const HALVES = copyShares(4, 2);

test('recordCopies counts every copy: items summed to the row\'s, work window the longest, each copy verified against its own share', () => {
  const m: CopiesMeasurement<TrialReport> = {
    instruments: {},
    realSeconds: 1.5,
    userSeconds: 2.2,
    sysSeconds: 0.3,
    timeMethod: 'linux-proc-cutime',
    peakRssBytes: 3,
    timeline: [],
    harnessCpuSeconds: 0.01,
    copies: [copy(1, 2, 'a', 1.1), copy(1.25, 2, 'b', 1.1, 1250)],
  };
  const record = recordCopies(2, false, m, HALVES, ['a', 'a', 'b', 'b']);
  assert.equal(record.problem, null);
  assert.equal(record.verified, true);
  assert.equal(record.items, 4, "the copies together ran the row's items");
  assert.equal(record.workSeconds, 1.25);
  assert.equal(record.realSeconds, 1.5, 'real from the first spawn to the last exit');
  assert.equal(record.userSeconds, 2.2, 'user of all copies, as the kernel counted it');
  assert.ok(Math.abs((record.workUserSeconds ?? 0) - 2.025) < 1e-9, 'work CPU summed over copies');
  assert.deepEqual(record.counters, { skipped: 2 });
  assert.equal(record.uvThreadpoolSize, '3');
  assert.deepEqual(
    record.copies?.map((c) => [c.copy, c.firstItem, c.shareItems, c.workSeconds, c.workStartSeconds, c.items, c.verified]),
    [[1, 0, 2, 1, 0, 2, true], [2, 2, 2, 1.25, 0.25, 2, true]],
  );
  // Windows 1.0-2.0 s and 1.25-2.5 s: together 0.75 s of a 1.5 s span.
  assert.equal(record.copiesOverlap, 0.5);
  // The ceiling is the copies' combined rate, each over its own window: 2 / 1 + 2 / 1.25 = 3.6 items/s,
  // where the longest window alone gives 4 / 1.25 = 3.2 (the first copy idle for its last 0.25 s).
  assert.ok(Math.abs((combinedPerItemSeconds(record) ?? 0) - 1 / 3.6) < 1e-12, String(combinedPerItemSeconds(record)));
  assert.equal(combinedPerItemSeconds({ ...record, copies: [] }), undefined, 'a trial without copies has no combined rate');

  // The reference's second half differs from what copy 2 made: copy 2 is the problem, at the row's item 2.
  const secondHalf = recordCopies(2, false, m, HALVES, ['a', 'a', 'c', 'c']);
  assert.match(secondHalf.problem ?? '', /^copy 2 of 2: output of item 2 differs from the sequential run's/);
  assert.equal(secondHalf.verified, false);
  assert.deepEqual(secondHalf.copies?.map((c) => c.verified), [true, false]);
  // Every copy verified against the whole reference (as before the split) would fail both here; against its share, only the first.
  const firstHalf = recordCopies(2, false, m, HALVES, ['c', 'a', 'b', 'b']);
  assert.match(firstHalf.problem ?? '', /^copy 1 of 2: output of item 0 differs/);
  assert.deepEqual(firstHalf.copies?.map((c) => c.verified), [false, true]);
  // A copy that ran more or fewer items than its share is a problem too.
  const short = recordCopies(2, false, { ...m, copies: [copy(1, 2, 'a', 1), copy(1, 1, 'b', 1)] }, HALVES, ['a', 'a', 'b', 'b']);
  assert.match(short.problem ?? '', /^copy 2 of 2: produced 1 outputs for 2 items \(items 2 to 3\)/);
  assert.throws(() => recordCopies(2, false, m, copyShares(4, 1), ['a', 'a', 'b', 'b']), /2 copies measured for 1 shares/);
});

test("the copies' failed items are the row's: each renumbered from its copy's first item", () => {
  const failing = (digest: string): ProcessMeasurement<TrialReport> => {
    const base = copy(1, 2, digest, 1);
    const report = base.report as TrialReport;
    return { ...base, report: { ...report, digests: [digest, null], failures: [{ item: 1, code: 'BAD', message: 'bad input' }] } };
  };
  const m: CopiesMeasurement<TrialReport> = {
    instruments: {}, realSeconds: 1, userSeconds: 1, sysSeconds: 0, timeMethod: 'linux-proc-cutime', peakRssBytes: 0, timeline: [], harnessCpuSeconds: 0,
    copies: [failing('a'), failing('b')],
  };
  // The sequential run failed items 1 and 3 too: no problem, and the failures name the row's items.
  const record = recordCopies(0, false, m, HALVES, ['a', null, 'b', null]);
  assert.equal(record.problem, null);
  assert.deepEqual(record.itemFailures.map((f) => f.item), [1, 3]);
});

test('the start gate lets copies work once all are ready, and a copy that ended early does not hold the others', () => {
  const released: number[] = [];
  const gate = new StartGate(3);
  gate.ready(0, () => released.push(0));
  gate.ready(2, () => released.push(2));
  assert.deepEqual(released, [], 'copy 1 is still starting');
  gate.ended(1);
  assert.deepEqual(released, [0, 2]);
  gate.ended(0);
  gate.ended(2);
  assert.deepEqual(released, [0, 2], 'each copy is let go once');
});
