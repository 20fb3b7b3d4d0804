/** The CPU timeline of a trial from its thread samples: each point the cores used since the one before, stacked by thread kind. */
import type { ThreadSample } from './thread-sampler.js';

/** One point of the CPU timeline, stacked by thread kind where the kinds are known. */
export interface StackedSample {
  readonly seconds: number;
  /** CPU of the whole tree over the interval ending here, 100 = one core. */
  readonly cpuPercent: number;
  readonly rssBytes: number;
  readonly processes: number;
  /** Cores busy over the interval ending here, per thread kind (absent when kinds are unknown). */
  readonly coresByKind?: Readonly<Record<string, number>>;
}

/**
 * The timeline from raw samples: each point is the CPU used since the previous one, so a thread
 * first seen in an interval counts all it used since it was born there.
 */
export function stackSamples(samples: readonly ThreadSample[], kindOf?: (tid: number) => string | undefined): StackedSample[] {
  const points: StackedSample[] = [];
  for (let i = 1; i < samples.length; i += 1) {
    const previous = samples[i - 1] as ThreadSample;
    const current = samples[i] as ThreadSample;
    const span = current.seconds - previous.seconds;
    if (span <= 0) continue;
    const byKind: Record<string, number> = {};
    let total = 0;
    for (const [tid, run] of current.runSecondsByTid) {
      const used = Math.max(0, run - (previous.runSecondsByTid.get(tid) ?? 0)) / span;
      total += used;
      const kind = kindOf?.(tid) ?? 'other';
      byKind[kind] = (byKind[kind] ?? 0) + used;
    }
    points.push({
      seconds: current.seconds,
      cpuPercent: total * 100,
      rssBytes: current.rssBytes,
      processes: current.processes,
      ...(kindOf === undefined ? {} : { coresByKind: byKind }),
    });
  }
  return points;
}
