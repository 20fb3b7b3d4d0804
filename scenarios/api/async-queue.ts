/** A first-in, first-out queue whose `get` waits: what the api arrangements' consumers block on. */
/**
 * The article's `Queue`: consumers block on `get` until a producer puts work (or a stop signal)
 * in.
 */
export class AsyncQueue<T> {
  readonly #items: T[] = [];
  readonly #takers: ((item: T) => void)[] = [];

  put(item: T): void {
    const taker = this.#takers.shift();
    if (taker === undefined) this.#items.push(item);
    else taker(item);
  }

  get(): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift() as T);
    return new Promise((resolve) => this.#takers.push(resolve));
  }
}
