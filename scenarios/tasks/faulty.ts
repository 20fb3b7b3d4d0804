/** One item of the faults scenario: its index, and the fault it must cause (on one item only). */
export interface FaultyInput {
  readonly index: number;
  readonly fault: 'none' | 'throw' | 'exit' | 'uncaught' | 'kill' | 'oom' | 'hang';
}

function exhaustHeap(): never {
  const hoard: number[][] = [];
  for (;;) hoard.push(Array.from({ length: 1_000_000 }, (_, i) => i));
}

/**
 * Doubles its index, unless it is the item chosen to fail, which then fails in the way asked:
 * the ways a task really fails in production, each contained (or not) by a strategy.
 */
export function faulty(input: FaultyInput): number | Promise<number> {
  switch (input.fault) {
    case 'none':
      return input.index * 2;
    case 'throw':
      throw new Error(`injected fault: item ${input.index} threw`);
    case 'exit':
      process.exit(3);
    case 'uncaught':
      // Thrown outside the task's own call stack, as a bug in a callback would be.
      setTimeout(() => {
        throw new Error(`injected fault: uncaught exception after item ${input.index}`);
      }, 0);
      return new Promise<number>(() => undefined);
    case 'kill':
      process.kill(process.pid, 'SIGKILL');
      return new Promise<number>(() => undefined);
    case 'oom':
      return exhaustHeap();
    case 'hang':
      for (;;) {
        // a task that never ends: only a task or trial timeout stops it
      }
  }
}
