/** parabench's own stdout and stderr: a reader that closes them early, and the end of the process once its output is out. */

type OutputStream = NodeJS.WritableStream & { readonly destroyed?: boolean; readonly writableEnded?: boolean };

/**
 * Lets a command go on when the reader of stdout or stderr goes away (`parabench reproduce all |
 * head -3`): the run keeps going to its end and writes every file, and what it prints after is
 * dropped. Without a listener, a write after the reader left (EPIPE) becomes an uncaught 'error'
 * whenever console's own one-off guard is not in place, and ends the run with a stack. Any other
 * error of the stream stays fatal.
 */
export function keepGoingWhenOutputCloses(streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

/** Resolves once everything written to the stream so far is handed to the system, or at once when the stream is closed. */
function flushed(stream: OutputStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed === true || stream.writableEnded === true) return resolve();
    stream.write('', () => resolve());
  });
}

/**
 * Ends the process with the command's exit code once stdout and stderr are flushed. The harness
 * imports a user's module (a task, a scenario, a strategy) once to check it, and a trial imports its
 * task, so a timer, a server or another handle its top-level code left would otherwise keep
 * parabench alive after its results are written, or add a wait to a trial's real time.
 */
export async function endProcess(exitCode: number): Promise<void> {
  process.exitCode = exitCode;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(exitCode);
}
