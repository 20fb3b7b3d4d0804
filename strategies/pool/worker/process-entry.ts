/** The entry point of a process worker (child-process, cluster). */
import type { FromWorker, ToWorker } from '../protocol.js';
import { serveWorker } from './worker-side.js';
import { watchGc } from './vitals.js';

// Entry of child-process and cluster workers. A worker whose parent is gone must not linger.
process.on('disconnect', () => process.exit(0));

if (process.send === undefined) throw new Error('process-entry.js must be started with an IPC channel');
const send = process.send.bind(process);

/** How long a dying worker waits for its last words to be written before it exits anyway (milliseconds). */
const LAST_WORDS_MS = 1_000;

// A task's exception nobody caught (or rejection nobody handled) ends this worker, as it ends a
// worker thread; but a process's goes to stderr, so the pool is told the error's own message
// first, to give it to the item that was running.
process.on('uncaughtException', (error, origin) => {
  const what = origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception';
  const reason = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  const exit = (): never => process.exit(1);
  setTimeout(exit, LAST_WORDS_MS).unref();
  try {
    send({ type: 'fatal', reason } satisfies FromWorker, undefined, {}, exit);
  } catch {
    exit();
  }
});

watchGc();
serveWorker({
  post: (message: FromWorker) => {
    send(message);
  },
  onMessage: (handler) => process.on('message', (message) => handler(message as ToWorker)),
  // Disconnect only once the last message is written, or it could be dropped.
  leave: (last) => {
    process.send?.(last, undefined, {}, () => process.disconnect());
  },
});
