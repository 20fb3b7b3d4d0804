/** Where the outcomes of a map's batches go: one array, handed over once every batch has settled. */
import type { ErrorInfo, Outcome } from '../executor.js';

export class Settlement {
  /** One outcome per input of the map (or of the submitted batch), in input order. */
  readonly outcomes: Outcome[];
  #batchesLeft: number;

  constructor(
    items: number,
    batches: number,
    private readonly resolve: (outcomes: Outcome[]) => void,
  ) {
    this.outcomes = new Array<Outcome>(items);
    this.#batchesLeft = batches;
    if (batches === 0) resolve(this.outcomes);
  }

  /** Records the outcome of input number `at`. */
  put(at: number, outcome: Outcome): void {
    this.outcomes[at] = outcome;
  }

  /** Fails `size` inputs from `first` with one error, and counts their batch settled. */
  fail(first: number, size: number, error: ErrorInfo): void {
    for (let at = first; at < first + size; at += 1) this.outcomes[at] = { ok: false, error };
    this.batchSettled();
  }

  /** One batch has all its outcomes; the last one hands the array over. */
  batchSettled(): void {
    this.#batchesLeft -= 1;
    if (this.#batchesLeft === 0) this.resolve(this.outcomes);
  }
}
