// Example task that only waits: a 10 ms timer per input, as an API call would. Promise concurrency wins here.
// Run: npx parabench bench --task ./examples/tasks/sleep.js#sleep --inputs 100 --concurrency 50
import { setTimeout as wait } from 'node:timers/promises';

/** Waits `waitMs` (default 10) and answers; the input is a number n or `{ n, waitMs }`. */
export async function sleep(input) {
  const { n = input, waitMs = 10 } = typeof input === 'object' && input !== null ? input : {};
  await wait(waitMs);
  return { n, waitedMs: waitMs };
}
