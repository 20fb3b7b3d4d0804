/** The `child-process` strategy: a pool of forked processes over IPC. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkSizes } from './pool/batching.js';
import type { StrategyDefinition } from './executor.js';
import { outOfHeap, WorkerPool, type SpawnWorker } from './pool/pool.js';
import { inheritedNodeFlags } from './pool/inherited-flags.js';

const entry = fileURLToPath(new URL('./pool/worker/process-entry.js', import.meta.url));

const spawnProcess = (heapMb: number | undefined): SpawnWorker => (_index, events) => {
  // 'advanced' serialisation is the structured clone algorithm, as for worker_threads.
  const child = fork(entry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The trial's own Node flags (a row's --node-flags), so worker processes run as the trial does.
    execArgv: [...inheritedNodeFlags(), ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`])],
  });
  child.on('message', events.message);
  child.on('error', () => undefined); // followed by 'exit' when the process is gone
  child.on('exit', (code, signal) => events.exit(code, signal, outOfHeap(signal, heapMb)));
  return {
    pid: child.pid,
    send: (message) => {
      child.send(message);
    },
    kill: () => void child.kill('SIGKILL'),
  };
};

/** A pool of persistent child_process.fork workers over IPC. */
export const childProcess: StrategyDefinition = {
  name: 'child-process',
  summary: 'a pool of --workers persistent child_process.fork workers over IPC',
  usesWorkers: true,
  usesConcurrency: false,
  create(options) {
    checkSizes('child-process', options);
    return new WorkerPool('child-process', spawnProcess(options.workerHeapMb), options.workers, options.concurrency, true, options.taskTimeoutMs);
  },
};
