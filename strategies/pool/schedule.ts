/** Which worker gets the next batches, and how many a busy one may hold. */
import type { Slot } from './types.js';

/**
 * Work goes to a worker when it has a free runner, as in the documents' pools (multiprocessing's
 * Pool, concurrent.futures): no batch waits behind a busy worker while another could take it.
 * The one exception is batches known to be short, by the moving average of their measured run
 * time: under PREFETCH_BUDGET_MS the round trip, not the work, is the cost, so a worker is sent as
 * many as run in about that budget beyond those it runs at once (at most PREFETCH_MAX), and the
 * imbalance they can cause stays near the budget. Before any batch has finished, and whenever
 * batches average PREFETCH_BUDGET_MS or more, nothing is sent ahead.
 */
export const PREFETCH_BUDGET_MS = 2;
const PREFETCH_MAX = 256;

/**
 * Batches a worker is sent beyond those it runs at once, given the measured average run time of a
 * batch (milliseconds; undefined before any has finished): none unless batches are known short.
 */
export function sentAhead(averageRunMs: number | undefined): number {
  if (averageRunMs === undefined || !(averageRunMs < PREFETCH_BUDGET_MS)) return 0;
  return Math.min(PREFETCH_MAX, Math.floor(PREFETCH_BUDGET_MS / averageRunMs));
}

/** A pool's dispatch policy: first free worker, batches sent ahead only while known short. */
export class Schedule {
  /** Moving average of how long batches run in workers; unknown until the first answer, and then nothing is sent ahead. */
  #averageRunMs: number | undefined;

  constructor(
    /** Batches a worker runs at once (`--per-worker`). */
    private readonly perWorker: number,
    /** With a task timeout, a batch's clock starts when it is sent: nothing may wait behind another. */
    private readonly timed: boolean,
  ) {}

  /**
   * Moves the moving average of batch run times by `count` batches of `meanMs` each (a message's
   * batches, whose total run time is what a worker reports): each batch weighs a tenth.
   */
  ran(meanMs: number, count: number): void {
    const kept = 0.9 ** count;
    this.#averageRunMs = (this.#averageRunMs ?? meanMs) * kept + meanMs * (1 - kept);
  }

  /** Batches a worker may hold: those it runs at once plus those sent ahead. */
  capacity(): number {
    return this.timed ? this.perWorker : this.perWorker + sentAhead(this.#averageRunMs);
  }

  /**
   * The ready worker holding fewest batches, among those worth a message now: one with a free
   * runner, or whose batches sent ahead have run down to half. Topping a worker up one batch at
   * a time would cost a message per batch, and tiny batches are the ones sent far ahead.
   */
  nextSlot(slots: Iterable<Slot>): Slot | undefined {
    const capacity = this.capacity();
    const refillBelow = this.perWorker + Math.ceil((capacity - this.perWorker) / 2);
    let best: Slot | undefined;
    for (const slot of slots) {
      if (!slot.ready || slot.jobs.size >= refillBelow) continue;
      if (best === undefined || slot.jobs.size < best.jobs.size) best = slot;
    }
    return best;
  }
}
