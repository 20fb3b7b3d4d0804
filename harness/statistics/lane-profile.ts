/** Where a lane's work window went, read off its item events: late start, item time, waits between items, idle tail, warm-up. */
import { median as ssMedian } from 'simple-statistics';
import type { StageEvent } from '../../scenarios/scenario.js';

/** Items at the start of a lane whose excess over the lane's later pace counts as warm-up (JIT, heap growth). */
export const WARMUP_ITEMS = 5;

/** One lane (a pool worker, a copy) over one work window; every figure in seconds from the window's start. */
export interface LaneProfile {
  readonly lane: string;
  /** How long each item took, in the order the lane ran them. */
  readonly itemSeconds: readonly number[];
  /** When each item ended, in the order the lane ran them. */
  readonly itemEndSeconds: readonly number[];
  /** From the window's start to the lane's first item starting (importing the task, the first message). */
  readonly startSeconds: number;
  /** Summed waits between one item's end and the next one's start on the lane (dispatch, messages). */
  readonly betweenSeconds: number;
  /** From the lane's last item ending to the window's end: idle while another lane finished. */
  readonly tailSeconds: number;
}

const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);

/** The median (mean of the two middle values for an even count); 0 for none. */
const median = (values: readonly number[]): number => (values.length === 0 ? 0 : ssMedian([...values]));

/**
 * One profile per lane of a work window of `windowSeconds`, lanes in name order. Lanes whose
 * items overlap (several in flight on one event loop) have no such breakdown and are left out.
 */
export function laneProfiles(events: readonly StageEvent[], windowSeconds: number): LaneProfile[] {
  const byLane = new Map<string, StageEvent[]>();
  for (const event of events) byLane.set(event.lane, [...(byLane.get(event.lane) ?? []), event]);
  const profiles: LaneProfile[] = [];
  for (const [lane, laneEvents] of [...byLane].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...laneEvents].sort((a, b) => a.start - b.start);
    let betweenSeconds = 0;
    let overlapping = false;
    for (let i = 1; i < sorted.length; i += 1) {
      const wait = (sorted[i] as StageEvent).start - (sorted[i - 1] as StageEvent).end;
      if (wait < 0) overlapping = true;
      betweenSeconds += Math.max(0, wait);
    }
    if (overlapping) continue;
    const itemEndSeconds = sorted.map((e) => e.end);
    profiles.push({
      lane,
      itemSeconds: sorted.map((e) => e.end - e.start),
      itemEndSeconds,
      startSeconds: Math.max(0, (sorted[0] as StageEvent).start),
      betweenSeconds,
      tailSeconds: Math.max(0, windowSeconds - Math.max(...itemEndSeconds)),
    });
  }
  return profiles;
}

/**
 * What a lane's first WARMUP_ITEMS items took beyond as many at the pace of its items after
 * them (their mean, up to `through` items); null when fewer than WARMUP_ITEMS + 3 items.
 */
export function warmupSeconds(lane: LaneProfile, through = lane.itemSeconds.length): number | null {
  const later = lane.itemSeconds.slice(WARMUP_ITEMS, through);
  if (later.length < 3) return null;
  const pace = sum(later) / later.length;
  const first = lane.itemSeconds.slice(0, WARMUP_ITEMS);
  return Math.max(0, sum(first) - first.length * pace);
}

/** One work window: its stage events and its length in seconds (the trial's work window, or a copy's). */
export interface Window {
  readonly events: readonly StageEvent[];
  readonly workSeconds: number | null;
}

/** A pool's lanes over its trials: each figure the mean over a trial's lanes, then the median over trials (seconds). */
export interface PoolLanes {
  readonly trials: number;
  readonly lanes: number;
  readonly itemsPerLane: number;
  readonly windowSeconds: number;
  readonly startSeconds: number;
  /** Summed time of the lane's items. */
  readonly itemsSeconds: number;
  readonly betweenSeconds: number;
  readonly tailSeconds: number;
  readonly warmupSeconds: number | null;
}

/** Summarises a row's trials lane by lane; undefined when no trial has lanes that run one item at a time. */
export function poolLanes(trials: readonly Window[]): PoolLanes | undefined {
  const perTrial = trials.flatMap((trial) => {
    if (trial.workSeconds === null || trial.workSeconds <= 0) return [];
    const lanes = laneProfiles(trial.events, trial.workSeconds);
    if (lanes.length === 0) return [];
    const mean = (pick: (l: LaneProfile) => number): number => sum(lanes.map(pick)) / lanes.length;
    const warmups = lanes.map((l) => warmupSeconds(l));
    return [
      {
        lanes: lanes.length,
        itemsPerLane: mean((l) => l.itemSeconds.length),
        windowSeconds: trial.workSeconds,
        startSeconds: mean((l) => l.startSeconds),
        itemsSeconds: mean((l) => sum(l.itemSeconds)),
        betweenSeconds: mean((l) => l.betweenSeconds),
        tailSeconds: mean((l) => l.tailSeconds),
        warmupSeconds: warmups.some((w) => w === null) ? null : sum(warmups as number[]) / warmups.length,
      },
    ];
  });
  if (perTrial.length === 0) return undefined;
  const of = (pick: (t: (typeof perTrial)[number]) => number): number => median(perTrial.map(pick));
  const warmups = perTrial.flatMap((t) => (t.warmupSeconds === null ? [] : [t.warmupSeconds]));
  return {
    trials: perTrial.length,
    lanes: Math.max(...perTrial.map((t) => t.lanes)),
    itemsPerLane: of((t) => t.itemsPerLane),
    windowSeconds: of((t) => t.windowSeconds),
    startSeconds: of((t) => t.startSeconds),
    itemsSeconds: of((t) => t.itemsSeconds),
    betweenSeconds: of((t) => t.betweenSeconds),
    tailSeconds: of((t) => t.tailSeconds),
    warmupSeconds: warmups.length === 0 ? null : median(warmups),
  };
}

/**
 * The ceiling's copies cut at a pool's items per lane: what as many items cost a copy, medians over
 * copies (seconds). Copies that split the row's items run a lane's items each, so the cut is their
 * whole share; copies that each ran all the items (files written before the split) are cut at their first items.
 */
export interface CopiesAt {
  readonly copies: number;
  /** Items of a copy over its whole window. */
  readonly items: number;
  readonly windowSeconds: number;
  /** The items a copy ran first, as many as the pool's lanes ran. */
  readonly firstItems: number;
  /** Summed time of those first items. */
  readonly firstItemsSeconds: number;
  readonly startSeconds: number;
  /** Waits between those first items. */
  readonly betweenSeconds: number;
  /** What the first WARMUP_ITEMS took beyond the pace of the items after them, up to `firstItems`. */
  readonly warmupSeconds: number | null;
  /**
   * A copy's items per second over its first `firstItems` items (window start to that item's end)
   * over its items per second over its whole window: below 1 when a fixed cost (warm-up, the
   * task's import) is spread over fewer items than the copy ran. A pool whose lanes each run
   * `firstItems` items pays it per lane, so against copies that ran more items this is about the
   * most it can reach of the ceiling at this size; near 1 where the copies ran a lane's items.
   */
  readonly throughputAtFirstItems: number;
}

/** Each copy (one lane on its own window) cut at `firstItems` items; undefined when no copy ran that many. */
export function copiesAt(copies: readonly Window[], firstItems: number): CopiesAt | undefined {
  const n = Math.max(1, Math.round(firstItems));
  const cut = copies.flatMap((copy) => {
    if (copy.workSeconds === null || copy.workSeconds <= 0) return [];
    const lanes = laneProfiles(copy.events, copy.workSeconds);
    const lane = lanes[0];
    if (lanes.length !== 1 || lane === undefined || lane.itemSeconds.length < n) return [];
    const endOfFirst = lane.itemEndSeconds[n - 1] as number;
    const betweenFirst = endOfFirst - lane.startSeconds - sum(lane.itemSeconds.slice(0, n));
    return [
      {
        items: lane.itemSeconds.length,
        windowSeconds: copy.workSeconds,
        firstItemsSeconds: sum(lane.itemSeconds.slice(0, n)),
        startSeconds: lane.startSeconds,
        betweenSeconds: Math.max(0, betweenFirst),
        warmupSeconds: warmupSeconds(lane, n),
        throughputAtFirstItems: endOfFirst <= 0 ? 1 : n / endOfFirst / (lane.itemSeconds.length / copy.workSeconds),
      },
    ];
  });
  if (cut.length === 0) return undefined;
  const of = (pick: (c: (typeof cut)[number]) => number): number => median(cut.map(pick));
  const warmups = cut.flatMap((c) => (c.warmupSeconds === null ? [] : [c.warmupSeconds]));
  return {
    copies: cut.length,
    items: of((c) => c.items),
    windowSeconds: of((c) => c.windowSeconds),
    firstItems: n,
    firstItemsSeconds: of((c) => c.firstItemsSeconds),
    startSeconds: of((c) => c.startSeconds),
    betweenSeconds: of((c) => c.betweenSeconds),
    warmupSeconds: warmups.length === 0 ? null : median(warmups),
    throughputAtFirstItems: of((c) => c.throughputAtFirstItems),
  };
}
