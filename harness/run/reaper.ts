/** Starts the reaper process that ends the running trial's group if the harness dies (see reaper-process.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REAPER = fileURLToPath(new URL('./reaper-process.js', import.meta.url));

/**
 * Guards trial process groups against the harness's own death: a SIGKILLed harness cannot end its
 * trials, and a trial whose main thread is busy cannot notice, so a separate small process does.
 */
export class Reaper {
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  /** Starts the reaper and waits until it listens. */
  static async start(): Promise<Reaper> {
    // Its own process group, so a signal to the harness's whole group (kill -9 -- -PGID) spares it to do its job.
    const child = spawn(process.execPath, [REAPER], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the reaper process exited at start (code ${String(code)})`)));
      child.stdout?.once('data', () => resolve());
    });
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // It must never keep the harness alive on its own.
    child.unref();
    (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return new Reaper(child);
  }

  /** From now on, the group of this trial (its pid: trials lead their own group) dies with the harness. */
  guard(pgid: number): void {
    this.#child.stdin?.write(`+${pgid}\n`);
  }

  /** The trial's group has ended: forget it, so a reused pid is never hit. */
  release(pgid: number): void {
    this.#child.stdin?.write(`-${pgid}\n`);
  }

  /** Closes the pipe: the reaper ends what it still guards (nothing, after a clean run) and exits. */
  close(): void {
    this.#child.stdin?.end();
  }
}
