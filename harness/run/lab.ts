/** The lab a bench runs in: everything `runBench` and `runScenario` ask of the operating system, behind one seam. */
// The harness's own behaviour (exit codes, verification, checkpoints, notes, the decision) is thus
// tested with a scripted lab and no processes. `realLab` is what every run uses.
import { bareNodeStart, bareNodeStartWithoutSlowEnv } from '../measure/bare-start.js';
import { timeMethod, type TimeMethod } from '../measure/child-times.js';
import { measureCopies } from '../measure/copies.js';
import { measureProcess } from '../measure/process.js';
import { primeSampler } from '../measure/tree-sampler.js';
import { readTrialMessage, reportedCpu, type TrialReport } from '../trial/report.js';
import type { Interruption } from './interruption.js';
import { Reaper } from './reaper.js';
import type { MeasureTrial } from './rounds.js';
import { trialEnv } from './trial-command.js';
import type { HarnessProbe } from '../instrument.js';

/** What guards running trials' process groups against the harness's death (see reaper.ts). */
export type TrialGuard = Pick<Reaper, 'guard' | 'release' | 'close'>;

/** What one scenario's trials are measured with. */
export interface TrialRun {
  readonly method: TimeMethod;
  /** `--trial-timeout`, in seconds. */
  readonly timeoutSeconds: number;
  /** Told each running trial's pid, so Ctrl-C can end it. */
  readonly interruption: Interruption;
  /** Flags the scenario's service supplies (a server's port), added to every trial's command. */
  readonly serviceFlags: readonly string[];
  readonly guard: TrialGuard | undefined;
  /** The instruments that read in the harness around each trial, a fresh probe each per trial; none when left out. */
  readonly harnessProbes?: () => readonly (readonly [string, HarnessProbe])[];
}

/** Everything a bench run does to the operating system, in the order it does it. */
export interface Lab {
  /** How a trial's CPU time is read on this system. */
  timeMethod(): TimeMethod;
  /** Readies the process-tree sampler, so no trial pays for its first use. */
  primeSampler(): Promise<void>;
  /** Real seconds of bare `node -e 0` starts: the fixed cost of a runtime. */
  bareNodeStart(method: TimeMethod): Promise<number[]>;
  /** The same without the start-up variables that slow Node down; undefined where none is set. */
  bareNodeStartWithoutSlowEnv(method: TimeMethod): Promise<number[] | undefined>;
  /** Starts the guard of trial process groups; closed when the run ends. */
  startGuard(): Promise<TrialGuard>;
  /** How one scenario's trials are run and measured. */
  measureTrials(run: TrialRun): MeasureTrial;
}

/** The operating system itself: trials are processes, measured by the kernel's account. */
export const realLab: Lab = {
  timeMethod,
  primeSampler,
  bareNodeStart,
  bareNodeStartWithoutSlowEnv,
  startGuard: () => Reaper.start(),
  measureTrials,
};

/**
 * The real measurement: each trial a fresh process reporting over IPC, with the flags a service
 * supplies and the row's UV_THREADPOOL_SIZE, its pid known to the interruption handler and its
 * group to the reaper (which ends it should the harness die). A ceiling row's trial is its copies
 * started at once, each waiting at the start barrier so their work windows line up.
 */
function measureTrials({ method, timeoutSeconds, interruption, serviceFlags, guard: reaper, harnessProbes }: TrialRun): MeasureTrial {
  return async (command, trial, copies) => {
    const common = {
      probes: harnessProbes?.() ?? [],
      timeMethod: method,
      sampleIntervalMs: trial.sampleIntervalMs,
      windowSampleIntervalMs: trial.windowSampleIntervalMs ?? trial.sampleIntervalMs,
      timeoutSeconds,
      env: trialEnv(trial),
      readMessage: readTrialMessage,
      selfReportedCpu: reportedCpu,
    };
    if (copies !== undefined) {
      try {
        return await measureCopies<TrialReport>(
          copies.map((copy) => [...copy, ...serviceFlags, '--report-ipc', '--start-barrier']),
          {
            ...common,
            onSpawn: (pid) => {
              interruption.alsoRunning.add(pid);
              reaper?.guard(pid);
            },
          },
        );
      } finally {
        for (const pid of interruption.alsoRunning) reaper?.release(pid);
        interruption.alsoRunning.clear();
      }
    }
    let spawned: number | undefined;
    try {
      return await measureProcess<TrialReport>({
        ...common,
        command: [...command, ...serviceFlags, '--report-ipc'],
        onSpawn: (pid) => {
          spawned = pid;
          interruption.runningPid = pid;
          reaper?.guard(pid);
        },
      });
    } finally {
      interruption.runningPid = undefined;
      if (spawned !== undefined) reaper?.release(spawned); // measureProcess has ended the group by now
    }
  };
}
