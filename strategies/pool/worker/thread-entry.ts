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
  leave: (last) => {
    port.postMessage(last);
    port.close();
  },
});
