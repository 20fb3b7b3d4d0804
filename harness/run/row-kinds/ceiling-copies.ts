/** The `independent` ceiling row's trials: the row's items split over N sequential processes at once, each verified on its share, then combined. */
import { instrument as threadsInstrument, jsThreadsOf, libuvProbeSecondsOf, threadAccountOf } from '../../instruments/threads.js';
import type { InstrumentSlot } from '../../instrument.js';
import type { ScenarioOptions } from '../../../scenarios/scenario.js';
import { SEQUENTIAL } from '../../../strategies/sequential.js';
import type { CopiesMeasurement } from '../../measure/copies.js';
import { sumThreadAccounts } from '../../measure/thread-account.js';
import { trialRecord, type CopyRecord, type RowPlan, type TrialRecord } from '../../results/records.js';
import type { ItemFailure, TrialReport } from '../../trial/report.js';
import { seenFields, seenValue } from '../../settings/registry.js';
import type { CopyRun } from '../scheduled-row.js';
import { trialCommand, type TrialLimits } from '../trial-command.js';
import { shareProblem, type ItemShare, type Reference } from '../verify.js';

/**
 * The row's items split over `copies` processes: contiguous shares as even as can be (the first
 * items % copies one item longer), copy 1 from item 0, each next copy from where the last ended.
 * With fewer items than copies, only as many copies as items run, one item each: a process with
 * no item would only boot, as a pool of that size has work for only that many workers.
 */
export function copyShares(items: number, copies: number): ItemShare[] {
  if (items < 1) throw new Error(`no items to split over ${copies} copies`);
  const running = Math.min(items, copies);
  const base = Math.floor(items / running);
  const longer = items % running;
  const shares: ItemShare[] = [];
  let firstItem = 0;
  for (let copy = 0; copy < running; copy += 1) {
    const count = base + (copy < longer ? 1 : 0);
    shares.push({ firstItem, items: count });
    firstItem += count;
  }
  return shares;
}

/** What copy `copy` of an independent row runs: the sequential trial, with a row key of its own for incremental outputs. */
export function copyPlan(plan: RowPlan, copy: number): RowPlan {
  return { ...plan, key: `${plan.key}/copy${copy}`, strategy: SEQUENTIAL, workers: 1, concurrency: 1, parallelism: 1, usesWorkers: false, usesConcurrency: false };
}

/** One sequential trial per copy (`plan.workers` copies, or one per item when fewer), each over its share of `scenarioOptions.items`. */
export function copyRuns(scenario: string, plan: RowPlan, scenarioOptions: ScenarioOptions, limits: TrialLimits): CopyRun[] {
  return copyShares(scenarioOptions.items, plan.workers).map((share, i) => ({
    command: trialCommand(scenario, copyPlan(plan, i + 1), { ...scenarioOptions, items: share.items, firstItem: share.firstItem }, limits),
    share,
  }));
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** The largest value, or null when any copy did not report one. */
function longest(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : Math.max(...(values as number[]));
}

function total(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : sum(values as number[]);
}

/**
 * One trial of the ceiling row; `shares[i]` is what copy i + 1 ran. Each copy is verified against
 * its own share of the sequential reference. Combined: real, user and sys as `time` of the shell
 * running all copies; items summed (the row's items); the work window is the longest copy's, so
 * items / work window is the throughput all copies reached together (counting the slowest, as a
 * pool's window waits for its last item); work CPU summed. Each copy's own figures are kept in `copies`.
 */
export function recordCopies(
  round: number,
  warmup: boolean,
  m: CopiesMeasurement<TrialReport>,
  shares: readonly ItemShare[],
  reference: Reference | undefined,
  windowSampleIntervalMs = 0,
): TrialRecord {
  if (shares.length !== m.copies.length) throw new Error(`${m.copies.length} copies measured for ${shares.length} shares of the items`);
  const each = m.copies.map((copy, i) => {
    const problem = shareProblem(copy, shares[i] as ItemShare, reference);
    return trialRecord(round, warmup, copy, { problem, verified: problem === null && reference !== undefined }, windowSampleIntervalMs);
  });
  const windows = m.copies.map((copy) => copy.report?.workWindowEpochMs);
  const known = windows.filter((w): w is readonly [number, number] => w !== undefined);
  const firstStart = Math.min(...known.map((w) => w[0]));
  const overlap = known.length === windows.length && known.length > 0 ? overlapOf(known) : undefined;
  const failed = each.findIndex((t) => t.problem !== null);
  const first = each[0];
  const copies: CopyRecord[] = each.map((t, i) => ({
    copy: i + 1,
    firstItem: (shares[i] as ItemShare).firstItem,
    shareItems: (shares[i] as ItemShare).items,
    realSeconds: t.realSeconds,
    startupSeconds: t.startupSeconds,
    workSeconds: t.workSeconds,
    workStartSeconds: windows[i] === undefined ? null : ((windows[i] as readonly [number, number])[0] - firstStart) / 1000,
    workUserSeconds: t.workUserSeconds,
    workSysSeconds: t.workSysSeconds,
    items: t.items,
    verified: t.verified,
    problem: t.problem,
    events: t.events,
  }));
  const counters: Record<string, number> = {};
  for (const t of each) for (const [name, value] of Object.entries(t.counters)) counters[name] = (counters[name] ?? 0) + value;
  return {
    round,
    warmup,
    exitCode: each.find((t) => t.exitCode !== 0)?.exitCode ?? 0,
    signal: each.find((t) => t.signal !== null)?.signal ?? null,
    realSeconds: m.realSeconds,
    userSeconds: m.userSeconds,
    sysSeconds: m.sysSeconds,
    timeMethod: m.timeMethod,
    bootSeconds: longest(each.map((t) => t.bootSeconds)),
    prepareSeconds: longest(each.map((t) => t.prepareSeconds)),
    startupSeconds: longest(each.map((t) => t.startupSeconds)),
    workSeconds: longest(each.map((t) => t.workSeconds)),
    workUserSeconds: total(each.map((t) => t.workUserSeconds)),
    workSysSeconds: total(each.map((t) => t.workSysSeconds)),
    shutdownSeconds: longest(each.map((t) => t.shutdownSeconds)),
    peakRssBytes: each.every((t) => t.peakRssMethod.startsWith('sum of VmHWM')) ? sum(each.map((t) => t.peakRssBytes)) : m.peakRssBytes,
    peakRssMethod: each.every((t) => t.peakRssMethod.startsWith('sum of VmHWM'))
      ? "sum over the copies of each copy's VmHWM sum"
      : 'largest summed RSS of all copies at one sampling tick',
    harnessCpuSeconds: m.harnessCpuSeconds,
    harnessWindowCpuSeconds: longestWindow(each)?.harnessWindowCpuSeconds ?? null,
    items: total(each.map((t) => t.items)),
    // Each copy numbered its failed items from its own first: renumbered as items of the row.
    itemFailures: each.flatMap((t, i) => t.itemFailures.map((f): ItemFailure => ({ ...f, item: f.item + (shares[i] as ItemShare).firstItem }))),
    counters,
    boundSeconds: null,
    events: [],
    verified: each.length > 0 && each.every((t) => t.verified),
    problem: failed < 0 ? null : `copy ${failed + 1} of ${each.length}: ${String(each[failed]?.problem)}`,
    timeline: each.every((t) => t.timeline.length > 0) ? sumTimelines(each.map((t) => t.timeline)) : m.timeline,
    window: longestWindow(each)?.window ?? null,
    windowSampleIntervalMs,
    // The harness's instruments read around all the copies at once. Of the copies' own in-trial
    // readings only the threads are combined: each copy accounted for its own, summed kind by kind;
    // the copies probed libuv at once, each in its own process, so the longest is what real waited for.
    ...instrumentsOf(m.instruments, each),
    ...(first === undefined ? {} : seenFields((variable) => seenValue(first, variable))),
    copies,
    ...(overlap === undefined ? {} : { copiesOverlap: overlap }),
  };
}

/** The ceiling trial's instrument slots: the harness's, and the copies' threads combined where they were read. */
function instrumentsOf(harness: Readonly<Record<string, InstrumentSlot>>, each: readonly TrialRecord[]): { instruments?: Record<string, InstrumentSlot> } {
  const read = each.some((t) => threadAccountOf(t) !== null);
  const threads = read
    ? { [threadsInstrument.name]: { reading: { threads: sumThreadAccounts(each.map(threadAccountOf)), jsThreads: each.flatMap(jsThreadsOf), libuvProbeSeconds: longest(each.map(libuvProbeSecondsOf)) ?? 0 } } }
    : {};
  const instruments = { ...harness, ...threads };
  return Object.keys(instruments).length === 0 ? {} : { instruments };
}

/** The copy whose work window was longest (the one the combined window is), when any marked one. */
function longestWindow(each: readonly TrialRecord[]): TrialRecord | undefined {
  const marked = each.filter((t) => t.window?.startSeconds != null && t.window.endSeconds != null);
  const length = (t: TrialRecord): number => (t.window?.endSeconds ?? 0) - (t.window?.startSeconds ?? 0);
  return marked.reduce<TrialRecord | undefined>((longest, t) => (longest === undefined || length(t) > length(longest) ? t : longest), undefined);
}

/**
 * The copies' timelines added point by point, each stacked by its own kinds. Every copy is sampled
 * at the same periods from its spawn, and the copies are spawned together and start their windows
 * together (the start barrier), so points of one index cover about the same span.
 */
function sumTimelines(timelines: readonly TrialRecord['timeline'][]): TrialRecord['timeline'] {
  const length = Math.min(...timelines.map((t) => t.length));
  return Array.from({ length }, (_, i) => {
    const points = timelines.map((t) => t[i] as TrialRecord['timeline'][number]);
    const coresByKind: Record<string, number> = {};
    for (const point of points) for (const [kind, cores] of Object.entries(point.coresByKind ?? {})) coresByKind[kind] = (coresByKind[kind] ?? 0) + cores;
    return {
      seconds: Math.max(...points.map((p) => p.seconds)),
      cpuPercent: sum(points.map((p) => p.cpuPercent)),
      rssBytes: sum(points.map((p) => p.rssBytes)),
      processes: sum(points.map((p) => p.processes)),
      ...(points.every((p) => p.coresByKind !== undefined) ? { coresByKind } : {}),
    };
  });
}

/** The span every window covers over the span any covers: 1 when all ran exactly together, 0 when none overlapped. */
function overlapOf(windows: readonly (readonly [number, number])[]): number {
  const together = Math.min(...windows.map((w) => w[1])) - Math.max(...windows.map((w) => w[0]));
  const any = Math.max(...windows.map((w) => w[1])) - Math.min(...windows.map((w) => w[0]));
  return any <= 0 ? 1 : Math.max(0, together) / any;
}
