/** The `cluster` strategy: a pool of node:cluster workers. */
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { checkSizes } from './pool/batching.js';
import type { StrategyDefinition } from './executor.js';
import { outOfHeap, WorkerPool, type SpawnWorker } from './pool/pool.js';
import { inheritedNodeFlags } from './pool/inherited-flags.js';

const entry = fileURLToPath(new URL('./pool/worker/process-entry.js', import.meta.url));

const spawnClusterWorker = (heapMb: number | undefined): SpawnWorker => (_index, events) => {
  cluster.setupPrimary({
    exec: entry,
    args: [],
    // The trial's own Node flags (a row's --node-flags), so worker processes run as the trial does.
    execArgv: [...inheritedNodeFlags(), ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`])],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const worker = cluster.fork();
  worker.on('message', events.message);
  worker.on('error', () => undefined);
  worker.on('exit', (code, signal) => events.exit(code, signal, outOfHeap(signal, heapMb)));
  return {
    pid: worker.process.pid,
    send: (message) => {
      worker.send(message);
    },
    kill: () => void worker.process.kill('SIGKILL'),
  };
};

/** A pool of node:cluster workers: forked processes managed by the cluster module. */
export const clusterStrategy: StrategyDefinition = {
  name: 'cluster',
  summary: 'a pool of --workers node:cluster worker processes',
  usesWorkers: true,
  usesConcurrency: false,
  create(options) {
    if (!cluster.isPrimary) throw new Error('cluster: the strategy can only run in a primary process');
    checkSizes('cluster', options);
    return new WorkerPool('cluster', spawnClusterWorker(options.workerHeapMb), options.workers, options.concurrency, true, options.taskTimeoutMs);
  },
};
