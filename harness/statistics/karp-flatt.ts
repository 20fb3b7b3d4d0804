/** Karp-Flatt's serial fraction: a pure function of a speedup and a processor count. */
/**
 * Karp-Flatt's experimentally determined serial fraction: e = (1/S - 1/p) / (1 - 1/p) for a
 * speedup S on p processors. Constant e as p grows points at an inherently serial part; growing e
 * points at overhead that grows with the pool.
 */
export function karpFlatt(speedup: number, processors: number): number {
  if (!(processors > 1)) throw new Error('karpFlatt: needs more than one processor');
  if (!(speedup > 0)) throw new Error('karpFlatt: needs a positive speedup');
  return (1 / speedup - 1 / processors) / (1 - 1 / processors);
}
