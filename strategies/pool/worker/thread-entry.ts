/** The entry point of a worker thread. */
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from '../protocol.js';
import { serveWorker } from './worker-side.js';
import { answerVitalsQuestions } from './vitals.js';

if (parentPort === null) throw new Error('thread-entry.js must run inside a worker thread');
const port = parentPort;
answerVitalsQuestions();
serveWorker({
  post: (message) => port.postMessage(message),
  onMessage: (handler) => port.on('message', (message: ToWorker) => handler(message)),
  // The thread ends itself once its last message is posted (a message posted before exit reaches the
  // pool): a timer or server a task's module left running would otherwise keep it alive until the
  // pool's grace runs out, inside the trial's real time.
  leave: (last) => {
    port.postMessage(last);
    process.exit(0);
  },
});
