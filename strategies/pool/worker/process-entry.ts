/** The entry point of a process worker (child-process, cluster). */
import type { FromWorker, ToWorker } from '../protocol.js';
import { serveWorker } from './worker-side.js';
import { watchGc } from './vitals.js';

// Entry of child-process and cluster workers. A worker whose parent is gone must not linger.
process.on('disconnect', () => process.exit(0));

if (process.send === undefined) throw new Error('process-entry.js must be started with an IPC channel');
const send = process.send.bind(process);
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
