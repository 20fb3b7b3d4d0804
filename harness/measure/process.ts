/** Runs one process in its own group and takes the operating system's account of it and its tree. */
import { spawn } from 'node:child_process';
import { readChildTimes, type ChildTimes, type TimeMethod } from './child-times.js';
import { TreeSampler, type TreeSample } from './tree-sampler.js';
import { GO, isReady } from '../trial/start-barrier.js';

/** The operating system's account of one trial process and everything it started; `Report` is what the process sent over IPC. */
export interface ProcessMeasurement<Report = unknown> {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Wall time from spawn to exit, as `time` reports real. */
  readonly realSeconds: number;
  /** User and sys CPU of the whole tree; see `timeMethod`. */
  readonly userSeconds: number;
  readonly sysSeconds: number;
  readonly timeMethod: TimeMethod;
  /** Largest summed RSS of the tree seen by pidusage, in bytes (0 when sampling was off). */
  readonly peakRssBytes: number;
  readonly timeline: readonly TreeSample[];
  /** The last message the process sent over IPC (the trial's report), when it got that far. */
  readonly report: Report | undefined;
  /** The last lines the trial wrote to stderr, for error messages. */
  readonly stderrTail: string;
  readonly timedOut: boolean;
  /**
   * CPU seconds the harness itself used while the trial ran (spawning it, pidusage sampling, IPC).
   * It runs beside the trial on the same cores, so it bounds how much measuring can slow a trial.
   */
  readonly harnessCpuSeconds: number;
}

/** How to run and observe one trial; `Report` is the type of the message it sends when done. */
export interface MeasureOptions<Report = unknown> {
  readonly command: readonly string[];
  readonly timeMethod: TimeMethod;
  readonly sampleIntervalMs: number;
  readonly timeoutSeconds: number;
  /** Environment of the process; this process's own when left out. */
  readonly env?: NodeJS.ProcessEnv;
  /** Called with the running trial's pid, so an interrupted harness can end its process group. */
  readonly onSpawn?: (pid: number) => void;
  /** The CPU the process says it and its children used, for `trial-self-report` where the kernel's account is missing. */
  readonly selfReportedCpu?: (report: Report) => ChildTimes;
  /** Called when the trial says it is ready for its work window (`--start-barrier`), with how to let it go. */
  readonly onReady?: (go: () => void) => void;
}

/**
 * Runs one command in a fresh process (its own process group) and measures it as `time`
 * does: real from spawn to exit, user and sys of the process and all it started.
 */
export function measureProcess<Report = unknown>(options: MeasureOptions<Report>): Promise<ProcessMeasurement<Report>> {
  const [file, ...args] = options.command;
  if (file === undefined) throw new Error('measureProcess: empty command');
  return new Promise((resolve, reject) => {
    const before = options.timeMethod === 'linux-proc-cutime' ? readChildTimes() : undefined;
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
    const sampler = new TreeSampler(pid, options.sampleIntervalMs);
    let report: Report | undefined;
    let stderr = '';
    let timedOut = false;
    child.on('message', (message) => {
      if (isReady(message)) options.onReady?.(() => child.connected && child.send(GO));
      else report = message as Report;
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
    }, options.timeoutSeconds * 1000);
    child.on('exit', (exitCode, signal) => {
      // Read the kernel's account first: the trial has just been reaped.
      const after = before === undefined ? undefined : readChildTimes();
      const realSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      const harnessCpu = process.cpuUsage(harnessCpuBefore);
      clearTimeout(timer);
      sampler.stop();
      killGroup(pid); // anything the trial left behind in its group goes with it
      const selfReport = report === undefined || options.selfReportedCpu === undefined ? { userSeconds: 0, sysSeconds: 0 } : options.selfReportedCpu(report);
      const measurement = {
        exitCode,
        signal,
        realSeconds,
        userSeconds: after && before ? after.userSeconds - before.userSeconds : selfReport.userSeconds,
        sysSeconds: after && before ? after.sysSeconds - before.sysSeconds : selfReport.sysSeconds,
        timeMethod: options.timeMethod,
        peakRssBytes: sampler.peakRssBytes,
        timeline: sampler.samples,
        report,
        timedOut,
        harnessCpuSeconds: (harnessCpu.user + harnessCpu.system) / 1e6,
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
