/** The one line a run prints before it sends its requests to a host that is not this machine. */
import type { RowPlan } from '../results/records.js';
import { isSequentialRow } from '../results/row-kinds.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * `--base-url` may name any host, by design; a run then sends every item's request once per
 * row and round (and once more for a sequential reference), which a person should see before
 * it starts. Undefined when the URL is the built-in server or on this machine.
 */
export function remoteNotice(baseUrl: string | undefined, items: number, plans: readonly RowPlan[], rounds: number): string | undefined {
  if (baseUrl === undefined) return undefined;
  let host: string;
  try {
    host = new URL(baseUrl.replace('{n}', '0')).hostname;
  } catch {
    return undefined; // not a URL: the built-in server, or a value the scenario rejects itself
  }
  if (LOOPBACK.test(host)) return undefined;
  const references = plans.some((plan) => isSequentialRow(plan)) ? 0 : new Set(plans.map((plan) => JSON.stringify(plan.params))).size;
  const requests = items * (plans.length * rounds + references);
  return `note: --base-url ${baseUrl} is not on this machine: this run will send ${items} items x ${plans.length} rows x ${rounds} rounds` +
    `${references > 0 ? ` (+ ${references} reference run)` : ''} = ${requests} requests to ${host}`;
}
