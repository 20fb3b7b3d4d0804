/** The run's progress bar, on a terminal only. */
import cliProgress from 'cli-progress';
import { oneLine } from '../safe-text.js';

/** A progress bar on stderr, shown only when stderr is a terminal, so logs and pipes stay clean. */
export class Progress {
  readonly #bar: cliProgress.SingleBar | undefined;

  constructor(total: number, scenario: string, stream: NodeJS.WriteStream = process.stderr) {
    if (!stream.isTTY) return;
    this.#bar = new cliProgress.SingleBar(
      { stream, format: `${oneLine(scenario).replace(/[{}]/g, '')} [{bar}] {value}/{total} trials | {trial}`, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    this.#bar.start(total, 0, { trial: 'starting' });
  }

  /** Counts one trial and says which one runs now. */
  tick(trial: string): void {
    this.#bar?.increment(1, { trial: oneLine(trial) });
  }

  stop(): void {
    this.#bar?.stop();
  }
}
