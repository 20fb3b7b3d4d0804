/** Ctrl-C, SIGTERM and SIGHUP (the terminal closed) during a run: end the running trial, save what is done, exit 130. */
import { killGroup } from '../measure/process.js';

/** The signals that interrupt a run, each handled alike: a closed terminal (SIGHUP) loses no completed row either. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Handles Ctrl-C, SIGTERM and SIGHUP: ends the running trial's group, saves, exits 130; a second signal ends at once. */
export class Interruption {
  runningPid: number | undefined;
  /** Trial processes running beside it: the copies of an `independent` trial, each in its own group. */
  readonly alsoRunning = new Set<number>();
  interrupted = false;
  #onSignal = (): void => {
    if (this.interrupted) process.exit(130);
    this.interrupted = true;
    if (this.runningPid !== undefined) killGroup(this.runningPid);
    for (const pid of this.alsoRunning) killGroup(pid);
  };
  constructor() {
    for (const signal of SIGNALS) process.on(signal, this.#onSignal);
  }
  dispose(): void {
    for (const signal of SIGNALS) process.off(signal, this.#onSignal);
  }
}

