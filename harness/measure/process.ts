/** Runs one process in its own group and takes the operating system's account of it and its tree. */
import { spawn } from 'node:child_process';
import { readChildTimes, type ChildTimes, type TimeMethod } from './child-times.js';
import { ThreadSampler, type ThreadSample } from './thread-sampler.js';
import { TreeSampler, type TreeSample } from './tree-sampler.js';
import { GO, isReady } from './start-barrier.js';
import { collectHarnessGarbage } from './quiet-harness.js';
import type { HarnessProbe, InstrumentSlot, TrialAccount } from '../instrument.js';

/** The operating system's account of one trial process and everything it started; `R` is what the process reports. */
export interface ProcessMeasurement<R = unknown> {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Wall time from spawn to exit, as `time` reports real. */
  readonly realSeconds: number;
  /** User and sys CPU of the whole tree; see `timeMethod`. */
  readonly userSeconds: number;
  readonly sysSeconds: number;
  readonly timeMethod: TimeMethod;
  /** Largest summed RSS of the tree seen while sampling, in bytes (0 when sampling was off). */
  readonly peakRssBytes: number;
  /** pidusage samples, where threads cannot be read (not Linux). */
  readonly timeline: readonly TreeSample[];
  /** Per-thread samples of the tree (Linux). */
  readonly threadSamples: readonly ThreadSample[];
  /** When the process said its work window started and ended, in seconds since spawn. */
  readonly window: { readonly startSeconds: number | null; readonly endSeconds: number | null };
  /** The readings of the instruments' harness probes, by name (see `probes`); empty when none was given. */
  readonly instruments: Readonly<Record<string, InstrumentSlot>>;
  /** What the process said about itself, when it got that far. */
  readonly report: R | undefined;
  /** The last lines the trial wrote to stderr, for error messages. */
  readonly stderrTail: string;
  readonly timedOut: boolean;
  /**
   * CPU seconds the harness itself used while the trial ran (spawning it, pidusage sampling, IPC).
   * It runs beside the trial on the same cores, so it bounds how much measuring can slow a trial.
   */
  readonly harnessCpuSeconds: number;
  /** The part of `harnessCpuSeconds` used inside the work window (mostly sampling); null when no window was marked. */
  readonly harnessWindowCpuSeconds: number | null;
}

/** What a message from the measured process means to the measurement. */
export type MessageMeaning<R> = { readonly report: R } | { readonly window: 'start' | 'end' } | undefined;

/** How to run and observe one trial. */
export interface MeasureOptions<R = unknown> {
  readonly command: readonly string[];
  readonly timeMethod: TimeMethod;
  /** Sampling period outside the work window in milliseconds; 0 = no sampling at all. */
  readonly sampleIntervalMs: number;
  /** Sampling period inside the work window, once the process marks it; the outside period when left out. */
  readonly windowSampleIntervalMs?: number;
  /** Reads a message of the process: its report, or a mark of its work window. Without it, no message counts. */
  readonly readMessage?: (message: unknown) => MessageMeaning<R>;
  /** The process's own account of its CPU, for systems where the kernel's cannot be read. */
  readonly selfReportedCpu?: (report: R) => ChildTimes;
  readonly timeoutSeconds: number;
  /** Environment of the process; this process's own when left out. */
  readonly env?: NodeJS.ProcessEnv;
  /** Called with the running trial's pid, so an interrupted harness can end its process group. */
  readonly onSpawn?: (pid: number) => void;
  /** Called when the trial says it is ready for its work window (`--start-barrier`), with how to let it go. */
  readonly onReady?: (go: () => void) => void;
  /** Collect the harness's garbage before the spawn (default); off where the caller did it once for several processes. */
  readonly collectGarbageFirst?: boolean;
  /** Instruments that read in the harness around the process, by name: begun just before the spawn, ended just after the exit. */
  readonly probes?: readonly (readonly [string, HarnessProbe])[];
}

/** Begins each probe; one that throws keeps why, in place of its probe. */
export function beginProbes(probes: readonly (readonly [string, HarnessProbe])[]): (readonly [string, HarnessProbe | string])[] {
  return probes.map(([name, probe]) => {
    try {
      probe.begin();
      return [name, probe] as const;
    } catch (error) {
      return [name, error instanceof Error ? error.message : String(error)] as const;
    }
  });
}

/** Ends each begun probe, at once: the probes then read from the trial's account (`probeReadings`). */
export function endProbes(begun: (readonly [string, HarnessProbe | string])[]): void {
  for (const [index, [name, probe]] of begun.entries()) {
    if (typeof probe === 'string') continue;
    try {
      probe.end();
    } catch (error) {
      begun[index] = [name, error instanceof Error ? error.message : String(error)];
    }
  }
}

/** Every ended probe's slot, by name: its reading of the trial's account, or why it has none. */
export function probeReadings(ended: readonly (readonly [string, HarnessProbe | string])[], account: TrialAccount): Record<string, InstrumentSlot> {
  const slots: Record<string, InstrumentSlot> = {};
  for (const [name, probe] of ended) {
    if (typeof probe === 'string') {
      slots[name] = { error: probe };
      continue;
    }
    try {
      slots[name] = { reading: probe.reading(account) ?? null };
    } catch (error) {
      slots[name] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return slots;
}

/**
 * Runs one command in a fresh process (its own process group) and measures it as `time`
 * does: real from spawn to exit, user and sys of the process and all it started.
 */
export function measureProcess<R = unknown>(options: MeasureOptions<R>): Promise<ProcessMeasurement<R>> {
  const [file, ...args] = options.command;
  if (file === undefined) throw new Error('measureProcess: empty command');
  if (options.collectGarbageFirst !== false) collectHarnessGarbage();
  return new Promise((resolve, reject) => {
    const before = options.timeMethod === 'linux-proc-cutime' ? readChildTimes() : undefined;
    const probes = beginProbes(options.probes ?? []);
    const start = process.hrtime.bigint();
    const harnessCpuBefore = process.cpuUsage();
    const child = spawn(file, args, {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      detached: true,
      serialization: 'advanced',
      env: options.env ?? process.env,
    });
    const pid = child.pid;
    if (pid === undefined) {
      reject(new Error(`could not start ${file}`));
      return;
    }
    options.onSpawn?.(pid);
    const linux = process.platform === 'linux';
    const threads = linux ? new ThreadSampler(pid, options.sampleIntervalMs) : undefined;
    const sampler = new TreeSampler(pid, linux ? 0 : options.sampleIntervalMs);
    const window: { startSeconds: number | null; endSeconds: number | null } = { startSeconds: null, endSeconds: null };
    let harnessAtWindow: NodeJS.CpuUsage | undefined;
    let harnessWindowCpuSeconds: number | null = null;
    let report: R | undefined;
    let stderr = '';
    let timedOut = false;
    child.on('message', (message) => {
      if (isReady(message)) {
        options.onReady?.(() => child.connected && child.send(GO));
        return;
      }
      const meaning = options.readMessage?.(message);
      if (meaning === undefined) return;
      if ('report' in meaning) report = meaning.report;
      else if (meaning.window === 'start') {
        harnessAtWindow = process.cpuUsage();
        window.startSeconds = threads?.now() ?? null;
        if (options.sampleIntervalMs > 0) threads?.setInterval(options.windowSampleIntervalMs ?? options.sampleIntervalMs);
      } else {
        window.endSeconds = threads?.now() ?? null;
        threads?.setInterval(options.sampleIntervalMs);
        if (harnessAtWindow !== undefined) {
          const used = process.cpuUsage(harnessAtWindow);
          harnessWindowCpuSeconds = (used.user + used.system) / 1e6;
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
    }, options.timeoutSeconds * 1000);
    child.on('exit', (exitCode, signal) => {
      // Read the kernel's account first: the trial has just been reaped.
      const after = before === undefined ? undefined : readChildTimes();
      endProbes(probes);
      const realSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      const harnessCpu = process.cpuUsage(harnessCpuBefore);
      clearTimeout(timer);
      sampler.stop();
      threads?.stop();
      killGroup(pid); // anything the trial left behind in its group goes with it
      const selfReport = report === undefined || options.selfReportedCpu === undefined ? { userSeconds: 0, sysSeconds: 0 } : options.selfReportedCpu(report);
      const userSeconds = after && before ? after.userSeconds - before.userSeconds : selfReport.userSeconds;
      const sysSeconds = after && before ? after.sysSeconds - before.sysSeconds : selfReport.sysSeconds;
      const harnessCpuSeconds = (harnessCpu.user + harnessCpu.system) / 1e6;
      const measurement = {
        exitCode,
        signal,
        realSeconds,
        userSeconds,
        sysSeconds,
        timeMethod: options.timeMethod,
        peakRssBytes: threads?.peakRssBytes ?? sampler.peakRssBytes,
        timeline: sampler.samples,
        threadSamples: threads?.samples ?? [],
        window,
        instruments: probeReadings(probes, { realSeconds, userSeconds, sysSeconds, harnessCpuSeconds }),
        report,
        timedOut,
        harnessCpuSeconds,
        harnessWindowCpuSeconds,
      };
      // stderr may still be draining: wait for the pipe to close, briefly.
      const finish = (): void => resolve({ ...measurement, stderrTail: stderr.trim() });
      if (child.stderr === null || child.stderr.readableEnded) finish();
      else {
        const fallback = setTimeout(finish, 500);
        child.stderr.once('close', () => {
          clearTimeout(fallback);
          finish();
        });
      }
    });
    child.on('error', reject);
  });
}

/** Ends a trial's whole process group; a group already gone is fine. */
export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // no such process group: nothing left to end
  }
}
