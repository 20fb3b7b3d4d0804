/** The CPU time of a pool's worker processes, live and exited. */
import { addUsage, ZERO_USAGE, type CpuUsage } from '../executor.js';
import type { Slot } from './types.js';

/** How long a worker may take to answer a CPU-usage question (milliseconds). */
const USAGE_TIMEOUT_MS = 5_000;

/**
 * The CPU time of a pool's worker processes: what live workers answer when asked, plus what
 * stopped or dead workers last reported, so the total never goes down when a worker dies.
 */
export class UsageLedger {
  readonly #waiters = new Map<number, (usage: CpuUsage) => void>();
  #retired: CpuUsage = ZERO_USAGE;
  #nextId = 1;

  /** The total over `slots` (asking the live ones) and every retired worker. */
  async total(slots: Iterable<Slot>): Promise<CpuUsage> {
    // A worker being ended cannot answer: its last report stands for it until it is gone.
    const answers = [...slots]
      .filter((slot) => !slot.exited && (slot.ready || slot.ending))
      .map((slot) => (slot.ending ? Promise.resolve(slot.lastUsage) : this.#ask(slot)));
    return (await Promise.all(answers)).reduce(addUsage, this.#retired);
  }

  /** A worker answered question `id`. */
  answered(slot: Slot, id: number, usage: CpuUsage): void {
    slot.lastUsage = usage;
    slot.pendingUsage.delete(id);
    this.#waiters.get(id)?.(usage);
    this.#waiters.delete(id);
  }

  /** A worker stopped politely and sent its final usage. */
  stopped(slot: Slot, usage: CpuUsage): void {
    slot.lastUsage = ZERO_USAGE; // counted here, not again when it exits
    this.#retired = addUsage(this.#retired, usage);
  }

  /** A worker is gone: its last report counts; its unanswered questions get zero. */
  retire(slot: Slot): void {
    this.#retired = addUsage(this.#retired, slot.lastUsage);
    for (const id of slot.pendingUsage) {
      this.#waiters.get(id)?.(ZERO_USAGE);
      this.#waiters.delete(id);
    }
  }

  #ask(slot: Slot): Promise<CpuUsage> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(id);
        resolve(ZERO_USAGE);
      }, USAGE_TIMEOUT_MS);
      timer.unref();
      slot.pendingUsage.add(id);
      this.#waiters.set(id, (usage) => {
        clearTimeout(timer);
        resolve(usage);
      });
      try {
        slot.handle.send({ type: 'usage', id });
      } catch {
        clearTimeout(timer);
        resolve(ZERO_USAGE);
      }
    });
  }
}
