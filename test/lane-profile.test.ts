// Lane profiles of item events (start, waits, tail, warm-up) and the notes that set a pool's lanes against the ceiling's copies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StageEvent } from '../scenarios/scenario.js';
import { copiesAt, laneProfiles, poolLanes, warmupSeconds } from '../harness/statistics/lane-profile.js';
import { laneNotes } from '../harness/report/lane-notes.js';
import type { Row } from '../harness/results/records.js';
import { accountThreads, sumThreadAccounts, type KindAccount, type ThreadAccount } from '../harness/measure/thread-account.js';
import type { ThreadSnapshot } from '../harness/measure/threads.js';
import type { ThreadKind } from '../harness/measure/thread-kinds.js';
import { completedRow } from './fixtures/results.js';

/** Items one after another on `lane`: the first takes `firstSeconds`, the rest `itemSeconds`, with `waitSeconds` between. */
function lane(name: string, items: number, opts: { startSeconds: number; firstSeconds: number; itemSeconds: number; waitSeconds: number }): StageEvent[] {
  const events: StageEvent[] = [];
  let at = opts.startSeconds;
  for (let i = 0; i < items; i += 1) {
    const end = at + (i === 0 ? opts.firstSeconds : opts.itemSeconds);
    events.push({ stage: 'thumbnail', item: i, lane: name, start: at, end });
    at = end + opts.waitSeconds;
  }
  return events;
}

const near = (actual: number | null | undefined, expected: number, what: string): void =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: ${String(actual)} != ${expected}`);

test('a lane profile reads the start, the waits between items, the idle tail and the warm-up off the events', () => {
  const events = [
    ...lane('thread 2', 10, { startSeconds: 0.01, firstSeconds: 0.3, itemSeconds: 0.1, waitSeconds: 0.001 }),
    ...lane('thread 1', 8, { startSeconds: 0.02, firstSeconds: 0.1, itemSeconds: 0.1, waitSeconds: 0 }),
  ];
  const [one, two] = laneProfiles(events, 1.25);
  assert.equal(one?.lane, 'thread 1', 'lanes in name order');
  assert.equal(one?.itemSeconds.length, 8);
  near(one?.startSeconds, 0.02, 'start');
  near(one?.betweenSeconds, 0, 'no waits');
  near(one?.tailSeconds, 1.25 - 0.82, 'tail');
  near(one === undefined ? null : warmupSeconds(one), 0, 'no warm-up at an even pace');
  near(two?.startSeconds, 0.01, 'start');
  near(two?.betweenSeconds, 0.009, 'nine waits of 1 ms');
  near(two?.tailSeconds, 1.25 - (0.01 + 1.2 + 0.009), 'tail');
  near(two === undefined ? null : warmupSeconds(two), 0.2, 'first five took 0.7 s against 0.5 s at the later pace');
  assert.equal(one === undefined ? 'missing' : warmupSeconds(one, 7), null, 'too few items after the first five');
});

test('lanes with items in flight together (one event loop, several at once) have no profile', () => {
  const overlapping: StageEvent[] = [
    { stage: 's', item: 0, lane: 'main', start: 0, end: 0.5 },
    { stage: 's', item: 1, lane: 'main', start: 0.1, end: 0.6 },
  ];
  assert.deepEqual(laneProfiles(overlapping, 1), []);
  assert.equal(poolLanes([{ events: overlapping, workSeconds: 1 }]), undefined);
});

test("copies cut at a pool's items per lane: their first items, and the throughput those first items reach", () => {
  // 20 items: 0.3 s then 0.1 s each, a 2.2 s window: 9.09 items/s overall, 10 / 1.2 s = 8.33 over the first 10.
  const copy = { events: lane('pid 1', 20, { startSeconds: 0, firstSeconds: 0.3, itemSeconds: 0.1, waitSeconds: 0 }), workSeconds: 2.2 };
  const cut = copiesAt([copy, { ...copy, events: copy.events.map((e) => ({ ...e, lane: 'pid 2' })) }], 10);
  assert.equal(cut?.copies, 2);
  assert.equal(cut?.items, 20);
  near(cut?.firstItemsSeconds, 1.2, 'first ten items');
  near(cut?.warmupSeconds, 0.2, 'warm-up up to the tenth item');
  near(cut?.throughputAtFirstItems, 10 / 1.2 / (20 / 2.2), 'throughput over the first ten against all');
  assert.equal(copiesAt([copy], 21), undefined, 'no copy ran 21 items');
});

/** A ceiling row of two copies, each with the given events on its own clock, and a two-lane pool row against it. */
function rows(): Row[] {
  const copyEvents = (pid: number): StageEvent[] => lane(`pid ${pid}`, 20, { startSeconds: 0.004, firstSeconds: 0.3, itemSeconds: 0.1, waitSeconds: 0 });
  const ceilingBase = completedRow({ strategy: 'independent', key: 'independent/w2', label: 'independent x2', workers: 2, reals: [2.5, 2.5, 2.5], works: [2.204, 2.204, 2.204] });
  const ceiling = {
    ...ceilingBase,
    parallelism: 2,
    trials: ceilingBase.trials.map((t) => ({
      ...t,
      copies: [1, 2].map((copy) => ({ copy, realSeconds: 2.5, startupSeconds: null, workSeconds: 2.204, workUserSeconds: null, workSysSeconds: null, items: 20, verified: true, problem: null, events: copyEvents(copy) })),
    })),
  };
  const poolEvents = [
    ...lane('thread 1', 10, { startSeconds: 0.01, firstSeconds: 0.3, itemSeconds: 0.1, waitSeconds: 0.001 }),
    ...lane('thread 2', 10, { startSeconds: 0.01, firstSeconds: 0.3, itemSeconds: 0.1, waitSeconds: 0.001 }),
  ];
  const poolBase = completedRow({ strategy: 'worker-threads', key: 'worker-threads/w2', label: 'worker-threads x2', workers: 2, reals: [1.5, 1.5, 1.5], works: [1.23, 1.23, 1.23], events: poolEvents });
  if (poolBase.state !== 'completed') throw new Error('completedRow');
  const pool: Row = { ...poolBase, parallelism: 2, summary: { ...poolBase.summary, ofCeiling: { value: 0.89, error: 0.01 } } };
  return [ceiling, pool];
}

test("lane notes set a pool's lanes against the copies' same first items, and say what the copies' warm-up leaves of the ceiling", () => {
  const notes = laneNotes(rows());
  assert.equal(notes.length, 2);
  assert.equal(
    notes[0],
    'worker-threads x2 per lane (10 items; means over lanes, medians over trials) against the first 10 items of each copy of independent x2: ' +
      "its items took 1.20 s, the copies' 1.20 s (+0.0%); its first item started after 10.0 ms (0.8% of its 1.23 s window; copies 4.00 ms); " +
      'waits between items 9.00 ms (0.7%; copies 0 s); idle at the end while other lanes finished 11.0 ms (0.9%); ' +
      "its first 5 items took 200 ms beyond its later pace (copies 200 ms). Against the copies' throughput over their first 10 items it reached about 97%.",
  );
  // First ten items end at 1.204 s: 10 / 1.204 over 20 / 2.204 is 91.5%; the row's 89% of the ceiling is 97% of that.
  assert.match(notes[1] ?? '', /^independent x2: over their first 10 items the copies made 92% of the items per second they made over all 20 /);
  assert.match(notes[1] ?? '', /about 92% of this ceiling is what lanes at the copies' own pace can reach at this size/);
});

/** The same pool against a ceiling whose two copies split the row's 20 items: 10 each, at the copies' pace of `rows`. */
function splitRows(): Row[] {
  const [ceiling, pool] = rows() as [Row, Row];
  const half = (pid: number): StageEvent[] => lane(`pid ${pid}`, 10, { startSeconds: 0.004, firstSeconds: 0.3, itemSeconds: 0.1, waitSeconds: 0 });
  const split = {
    ...ceiling,
    trials: ceiling.trials.map((t) => ({
      ...t,
      workSeconds: 1.204,
      copies: (t.copies ?? []).map((c) => ({ ...c, firstItem: (c.copy - 1) * 10, shareItems: 10, items: 10, workSeconds: 1.204, events: half(c.copy) })),
    })),
  };
  return [split, pool];
}

test("against copies that split the row's items, lanes are set against each copy's whole share, and no warm-up note claims the copies amortised more", () => {
  const notes = laneNotes(splitRows());
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.equal(
    notes[0],
    'worker-threads x2 per lane (10 items; means over lanes, medians over trials) against each copy of independent x2 (its 10 items): ' +
      "its items took 1.20 s, the copies' 1.20 s (+0.0%); its first item started after 10.0 ms (0.8% of its 1.23 s window; copies 4.00 ms); " +
      'waits between items 9.00 ms (0.7%; copies 0 s); idle at the end while other lanes finished 11.0 ms (0.9%); ' +
      'its first 5 items took 200 ms beyond its later pace (copies 200 ms).',
  );
  const [older] = rows() as [Row, Row];
  assert.match(laneNotes(rows())[1] ?? '', /each copy ran all the row's items, as copies did before they split them/, 'the older ceiling is named as such');
  assert.equal(older.trials[0]?.copies?.[0]?.firstItem, undefined);
});

test('no lane notes without item events in the copies (results written before copies kept them)', () => {
  const [ceiling, pool] = rows() as [Row, Row];
  const bare = { ...ceiling, trials: ceiling.trials.map((t) => ({ ...t, copies: (t.copies ?? []).map(({ events: _events, ...c }) => c) })) };
  assert.deepEqual(laneNotes([bare, pool]), []);
});

/** A per-thread account of one kind over a 1.2 s window: CPU split into user and sys, minor faults when given. */
function jsAccount(kind: ThreadKind, threads: number, userSeconds: number, sysSeconds: number, minorFaults: number | undefined): ThreadAccount {
  const account: KindAccount = {
    threads,
    cpuSeconds: userSeconds + sysSeconds,
    userSeconds,
    sysSeconds,
    waitSeconds: 0,
    voluntarySwitches: 0,
    involuntarySwitches: 0,
    ...(minorFaults === undefined ? {} : { minorFaults }),
  };
  return { available: true, method: 'hand-built', windowSeconds: 1.2, kinds: { [kind]: account }, nativeNames: [], unseenCpuSeconds: 0 };
}

/** The lane rows with the copies' items 10% faster (0.27 s, then 0.09 s each) and hand-built thread accounts on both rows. */
function slowerRows(poolFaults: number | undefined, copiesFaults: number | undefined): Row[] {
  const [ceiling, pool] = rows() as [Row, Row];
  const faster = (pid: number): StageEvent[] => lane(`pid ${pid}`, 20, { startSeconds: 0.004, firstSeconds: 0.27, itemSeconds: 0.09, waitSeconds: 0 });
  // Two copies' main threads, 40 items in all: 2.2 s on a core (3.5% sys), 0.2 s of 2 x 1.2 s blocked.
  const copies = ceiling.trials.map((t) => ({
    ...t,
    copies: (t.copies ?? []).map((c) => ({ ...c, events: faster(c.copy) })),
    items: 40,
    threads: jsAccount('main-js', 2, 2.2 * 0.965, 2.2 * 0.035, copiesFaults),
  }));
  // Two worker threads, 20 items in all: 2.2 s on a core (6.7% of it sys), 0.2 s blocked.
  const threads = pool.trials.map((t) => ({ ...t, items: 20, threads: jsAccount('worker-js', 2, 2.2 * 0.933, 2.2 * 0.067, poolFaults) }));
  return [{ ...ceiling, trials: copies }, { ...pool, trials: threads }];
}

test("lanes slower than the copies' items: the note states the JavaScript threads' kernel share, blocked share and minor faults per item", () => {
  // 48,000 faults over 20 items against 12,000 over the copies' 40: 2,400 against 300 per item.
  const note = laneNotes(slowerRows(48_000, 12_000))[0] ?? '';
  assert.match(
    note,
    /its items took 1\.20 s, the copies' 1\.08 s \(\+11\.1%\); its JavaScript threads spent 6\.7% of their CPU in the kernel against 3\.5% for the copies' and were blocked 8\.3% of the window against 8\.3%, and took 2,400 minor page faults per item against 300 \(the copies' over their 20 items each, a lane's over 10\) \(`--malloc default,retain` measures whether glibc trimming its heaps is behind them\); /,
  );
});

test('a way to measure the faults is named only when they are clearly higher per item and per thread, and faults are left out where a file did not record them', () => {
  const alike = laneNotes(slowerRows(12_000, 24_000))[0] ?? '';
  assert.match(alike, /took 600 minor page faults per item against 600 \(the copies' over their 20 items each, a lane's over 10\); /);
  assert.doesNotMatch(alike, /--malloc/);
  // Twice the faults per item, but each lane ran half the items: the same faults per thread, a cost paid once per heap.
  const perThreadAlike = laneNotes(slowerRows(24_000, 24_000))[0] ?? '';
  assert.match(perThreadAlike, /took 1,200 minor page faults per item against 600 /);
  assert.doesNotMatch(perThreadAlike, /--malloc/);
  const older = laneNotes(slowerRows(undefined, 12_000))[0] ?? '';
  assert.match(older, /6\.7% of their CPU in the kernel against 3\.5% for the copies' and were blocked 8\.3% of the window against 8\.3%; its first item/);
  assert.doesNotMatch(older, /minor page faults/);
  // Lanes as fast as the copies' items: nothing to explain.
  const [ceiling, pool] = slowerRows(48_000, 12_000) as [Row, Row];
  const even = { ...ceiling, trials: ceiling.trials.map((t, i) => ({ ...t, copies: (rows()[0] as Row).trials[i]?.copies ?? [] })) };
  const evenNote = laneNotes([even, pool])[0] ?? '';
  assert.match(evenNote, /\(\+0\.0%\)/);
  assert.doesNotMatch(evenNote, /kernel/);
});

test("minor faults are counted over the window per kind, and summed over a ceiling's copies only when every copy recorded them", () => {
  const snapshot = (tid: number, minorFaults: number): ThreadSnapshot => ({
    pid: 1, tid, name: 'node', userSeconds: 0, sysSeconds: 0, runSeconds: 0, waitSeconds: 0, voluntarySwitches: 0, involuntarySwitches: 0, minorFaults, blockedIn: null,
  });
  const kindOf = (t: ThreadSnapshot): ThreadKind => (t.tid === 1 ? 'main-js' : 'worker-js');
  // Thread 2 was there at the start (100 faults then); thread 3 was born in the window: all of its count.
  const { kinds } = accountThreads([snapshot(1, 50), snapshot(2, 100)], [snapshot(1, 80), snapshot(2, 1100), snapshot(3, 400)], kindOf);
  assert.equal(kinds['main-js']?.minorFaults, 30);
  assert.equal(kinds['worker-js']?.minorFaults, 1400);
  const recorded = jsAccount('main-js', 1, 1, 0, 300);
  const summed = sumThreadAccounts([recorded, recorded]);
  assert.equal(summed?.available === true ? summed.kinds['main-js']?.minorFaults : 'missing', 600);
  const mixed = sumThreadAccounts([recorded, jsAccount('main-js', 1, 1, 0, undefined)]);
  assert.ok(mixed?.available === true && mixed.kinds['main-js'] !== undefined && !('minorFaults' in mixed.kinds['main-js']), 'no partial sum');
});
