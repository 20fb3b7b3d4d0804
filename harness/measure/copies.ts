/** Measures N copies of a trial started at once, as `time` measures a shell that runs them in parallel. */
import { readChildTimes } from './child-times.js';
import { collectHarnessGarbage } from './quiet-harness.js';
import { beginProbes, endProbes, measureProcess, probeReadings, type MeasureOptions, type ProcessMeasurement } from './process.js';
import { stackSamples } from './cpu-timeline.js';
import type { TreeSample } from './tree-sampler.js';

/** The figures a measurement of several processes at once shares with one process's (ProcessMeasurement). */
type SharedFigures = 'realSeconds' | 'userSeconds' | 'sysSeconds' | 'timeMethod' | 'peakRssBytes' | 'timeline' | 'harnessCpuSeconds' | 'instruments';

/**
 * The operating system's account of several trial processes run side by side, and each one's own.
 * The shared figures cover all copies together: real time from the first spawn to the last exit;
 * user and sys of every copy and all they started; peak RSS as the largest sum of all copies' trees
 * at one sampling tick; the timeline as the copies' samples summed tick by tick (they start together
 * and sample at the same period); the instruments' harness probes around all the copies at once.
 */
export interface CopiesMeasurement<R = unknown> extends Pick<ProcessMeasurement<R>, SharedFigures> {
  /** Each copy as measured alone: its own real time, report and problems (user/sys from its own report). */
  readonly copies: readonly ProcessMeasurement<R>[];
}

/**
 * Starts one process per command at once and waits for all. Commands with `--start-barrier` say
 * when they are ready for their work window and start it when every copy is ready (or has ended),
 * so copies that booted at different speeds still work at the same time. On Linux user and sys
 * come from the kernel's account of reaped children read once before the first spawn and once
 * after the last exit, so they cover every copy exactly once; elsewhere they are the copies' own
 * reports summed.
 */
export async function measureCopies<R>(commands: readonly (readonly string[])[], allOptions: Omit<MeasureOptions<R>, 'command'>): Promise<CopiesMeasurement<R>> {
  const { probes: harnessProbes = [], ...options } = allOptions; // around all the copies, not each
  collectHarnessGarbage(); // once for all copies: they start together
  const kernel = options.timeMethod === 'linux-proc-cutime';
  const before = kernel ? readChildTimes() : undefined;
  const probes = beginProbes(harnessProbes);
  const harnessBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const gate = new StartGate(commands.length);
  // Each copy reports its own times (no cutime window of its own: the windows overlap).
  const copies = await Promise.all(
    commands.map(async (command, copy) => {
      const measured = await measureProcess({ ...options, command, timeMethod: 'trial-self-report', collectGarbageFirst: false, onReady: (go) => gate.ready(copy, go) });
      gate.ended(copy);
      return measured;
    }),
  );
  const realSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const after = kernel ? readChildTimes() : undefined;
  endProbes(probes);
  const harness = process.cpuUsage(harnessBefore);
  // On Linux each copy's timeline is its per-thread samples, unstacked (the copies' kinds are their own).
  const timeline = sumTimelines(copies.map((copy) => (copy.threadSamples.length > 0 ? stackSamples(copy.threadSamples) : copy.timeline)));
  const userSeconds = before && after ? after.userSeconds - before.userSeconds : sum(copies.map((c) => c.userSeconds));
  const sysSeconds = before && after ? after.sysSeconds - before.sysSeconds : sum(copies.map((c) => c.sysSeconds));
  const harnessCpuSeconds = (harness.user + harness.system) / 1e6;
  return {
    realSeconds,
    userSeconds,
    sysSeconds,
    instruments: probeReadings(probes, { realSeconds, userSeconds, sysSeconds, harnessCpuSeconds }),
    timeMethod: options.timeMethod,
    peakRssBytes: timeline.reduce((peak, sample) => Math.max(peak, sample.rssBytes), 0),
    timeline,
    harnessCpuSeconds,
    copies,
  };
}

/** Holds ready copies until every copy is ready or gone: one that fails before its work window must not hold the others. */
export class StartGate {
  readonly #waiting = new Map<number, () => void>();
  readonly #settled = new Set<number>();
  constructor(private readonly copies: number) {}

  ready(copy: number, go: () => void): void {
    this.#waiting.set(copy, go);
    this.#settle(copy);
  }

  ended(copy: number): void {
    this.#settle(copy);
  }

  #settle(copy: number): void {
    this.#settled.add(copy);
    if (this.#settled.size < this.copies) return;
    for (const go of this.#waiting.values()) go();
    this.#waiting.clear();
  }
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** Adds timelines sample by sample, as far as all of them reach while any copy still runs. */
function sumTimelines(timelines: readonly (readonly TreeSample[])[]): TreeSample[] {
  const length = Math.max(0, ...timelines.map((t) => t.length));
  return Array.from({ length }, (_, i) => {
    const samples = timelines.map((t) => t[i]).filter((s): s is TreeSample => s !== undefined);
    return {
      seconds: Math.max(...samples.map((s) => s.seconds)),
      cpuPercent: sum(samples.map((s) => s.cpuPercent)),
      rssBytes: sum(samples.map((s) => s.rssBytes)),
      processes: sum(samples.map((s) => s.processes)),
    };
  });
}
