/** The loopback server's deterministic draw of which answer gets which fault. */
import { createHash } from 'node:crypto';
import type { FaultRates } from './config.js';

/** What the server does with one answer on purpose. */
export type Fault = 'none' | 'error' | 'slow' | 'cut' | 'corrupt';

/**
 * A number in [0, 1) that depends only on its arguments: the same answer gets the same
 * fault and the same jitter in every trial, so strategies are compared on equal terms.
 */
export function draw(seed: number, item: number, attempt: number, purpose: string): number {
  const digest = createHash('sha256').update(`${seed}/${item}/${attempt}/${purpose}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The fault of answer `attempt` for `item`: one draw, split into bands by the rates. */
export function faultFor(rates: FaultRates, item: number, attempt: number): Fault {
  const u = draw(rates.seed, item, attempt, 'fault');
  let edge = rates.errorRate;
  if (u < edge) return 'error';
  edge += rates.cutRate;
  if (u < edge) return 'cut';
  edge += rates.corruptRate;
  if (u < edge) return 'corrupt';
  edge += rates.slowRate;
  if (u < edge) return 'slow';
  return 'none';
}
