/** A short burst of known libuv work before the work window: the threads whose CPU rose are libuv's pool. */
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { readThreads } from '../../measure/threads.js';

const pbkdf2Async = promisify(pbkdf2);

/** Iterations of one probe call: about a millisecond of SHA-256 on a current core. */
const PROBE_ITERATIONS = 1000;
/** A thread counts when its CPU rose by at least this share of the busiest thread's rise. */
const RISE_SHARE = 0.2;

/** libuv's pool size in this process: UV_THREADPOOL_SIZE, else its default of 4. */
export function libuvPoolSize(): number {
  const size = Number(process.env['UV_THREADPOOL_SIZE']);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/**
 * Runs four crypto.pbkdf2 calls per pool thread at once (each runs on libuv's pool) and returns
 * the ids of the threads, other than this one, whose CPU rose most (at most the pool's size): the pool's threads.
 */
export async function probeLibuvPool(): Promise<Set<number>> {
  const runtime = (): Map<number, number> => new Map(readThreads(process.pid, false).map((t) => [t.tid, t.runSeconds]));
  const before = runtime();
  await Promise.all(Array.from({ length: libuvPoolSize() * 4 }, () => pbkdf2Async('parabench', 'probe', PROBE_ITERATIONS, 32, 'sha256')));
  const rises = [...runtime()].filter(([tid]) => tid !== process.pid).map(([tid, seconds]) => [tid, seconds - (before.get(tid) ?? 0)] as const);
  const most = Math.max(0, ...rises.map(([, rise]) => rise));
  // Only the pool's threads ran the calls: a V8 helper busy compiling at the same time (another
  // process starting beside this one leaves fewer cores) must not join them, so at most as many
  // threads as the pool has count, the busiest first.
  const risen = rises.filter(([, rise]) => most > 0 && rise >= most * RISE_SHARE).sort((a, b) => b[1] - a[1]);
  return new Set(risen.slice(0, libuvPoolSize()).map(([tid]) => tid));
}
