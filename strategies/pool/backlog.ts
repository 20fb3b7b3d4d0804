/** The batches waiting for a worker: whole maps, cut into batches only as workers take them. */
import type { TaskRef } from '../executor.js';
import type { TransferListItem } from 'node:worker_threads';
import { Fifo } from './fifo.js';
import type { Settlement } from './settlement.js';
import type { Job } from './types.js';

/** A map (or one submitted batch) whose inputs from `next` on have not been handed out yet. */
export interface Pending {
  readonly task: TaskRef;
  readonly source: readonly unknown[];
  readonly chunkSize: number;
  readonly settlement: Settlement;
  /** The buffers a one-batch entry moves; a map's come from `transferOf`. */
  readonly transfer: readonly TransferListItem[];
  readonly transferOf: ((input: unknown) => readonly TransferListItem[]) | undefined;
  next: number;
}

/**
 * A map of 100,000 items is one entry here, not 100,000 batches made up front: a batch object
 * exists only from when a worker takes it until it is settled, so it dies young, and the main
 * thread's garbage collector does not copy a queue of them (measured in the overhead scenario).
 */
export class Backlog {
  readonly #pending = new Fifo<Pending>();
  /** Batches given back by a worker that died holding them: they go first, in their order. */
  #returned: Job[] = [];
  #length = 0;
  #nextId = 1;

  /** Batches waiting. */
  get length(): number {
    return this.#length;
  }

  push(pending: Pending): void {
    const batches = Math.ceil((pending.source.length - pending.next) / pending.chunkSize);
    if (batches === 0) return;
    this.#pending.push(pending);
    this.#length += batches;
  }

  /** The next batch, cut from the oldest map; undefined when none waits. */
  shift(): Job | undefined {
    const returned = this.#returned.shift();
    if (returned !== undefined) {
      this.#length -= 1;
      return returned;
    }
    const pending = this.#pending.peek();
    if (pending === undefined) return undefined;
    const first = pending.next;
    const size = Math.min(pending.chunkSize, pending.source.length - first);
    pending.next += size;
    if (pending.next >= pending.source.length) this.#pending.shift();
    this.#length -= 1;
    const transfer = pending.transferOf === undefined ? pending.transfer : pending.source.slice(first, first + size).flatMap(pending.transferOf);
    return { id: this.#nextId++, task: pending.task, source: pending.source, first, size, transfer, settlement: pending.settlement };
  }

  /** Puts batches back at the front, in their order, ahead of everything waiting. */
  unshiftAll(jobs: readonly Job[]): void {
    this.#returned = [...jobs, ...this.#returned];
    this.#length += jobs.length;
  }

  /** Removes and returns every waiting batch, in order. */
  drain(): Job[] {
    const jobs: Job[] = [];
    for (let job = this.shift(); job !== undefined; job = this.shift()) jobs.push(job);
    return jobs;
  }
}
