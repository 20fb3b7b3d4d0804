/** Ctrl-C and SIGTERM during a run: end the running trial, save what is done, exit 130. */
import { killGroup } from '../measure/process.js';

/** Handles Ctrl-C and SIGTERM: ends the running trial's group, saves, exits 130; a second signal ends at once. */
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
    process.on('SIGINT', this.#onSignal);
    process.on('SIGTERM', this.#onSignal);
  }
  dispose(): void {
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
  }
}

