/** One worker's slot in a pool: its handle, its promises of being ready and of having exited. */
import { ZERO_USAGE } from '../executor.js';
import { isFromWorker } from './protocol.js';
import type { Slot, SpawnWorker } from './types.js';

/** What a pool hears of a slot's worker. */
export interface SlotEvents {
  message(raw: unknown): void;
  exit(code: number | null, signal: string | null, reason?: string): void;
  /** The error its `readyPromise` rejects with when the worker exits before it is ready: `how` it exited, what it `said`. */
  startFailed(how: string, said: string | undefined): Error;
}

/** Spawns worker number `index` into a new slot, wired to `events`. */
export function spawnSlot(index: number, spawn: SpawnWorker, events: SlotEvents): Slot {
  let markExited!: () => void;
  let markReady!: () => void;
  let failStart!: (error: Error) => void;
  const exitedPromise = new Promise<void>((resolve) => (markExited = resolve));
  const readyPromise = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failStart = reject;
  });
  readyPromise.catch(() => undefined); // a replacement's failed start is handled by the pool's exit handler
  const slot: Slot = {
    index,
    ready: false,
    importing: false,
    ending: false,
    exited: false,
    jobs: new Map(),
    knownTasks: new Set(),
    lastUsage: ZERO_USAGE,
    pendingUsage: new Set(),
    exitedPromise,
    readyPromise,
    handle: spawn(index, {
      message: (message) => {
        if (isFromWorker(message) && message.type === 'configured') markReady();
        events.message(message);
      },
      exit: (code, signal, reason) => {
        const how = signal === null ? `code ${String(code)}` : `signal ${signal}`;
        failStart(events.startFailed(how, reason ?? slot.lastWords));
        markExited();
        events.exit(code, signal, reason);
      },
    }),
  };
  return slot;
}

/** A worker as errors name it: its number, and its pid where it is a process. */
export function workerLabel(slot: Slot): string {
  return slot.handle.pid === undefined ? `worker ${slot.index}` : `worker ${slot.index} (pid ${slot.handle.pid})`;
}
