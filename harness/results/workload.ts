/** What work a scenario's items were, as its facts record it: two results measure the same workload only where these agree. */
import type { ScenarioResult } from './records.js';

/**
 * Facts that say what the items are rather than how they ran: the task scenario's module, export
 * and inputs (`--task ./m.js#work --inputs 4` and `--task ./other.js#work --inputs data.json`
 * are both "work (4 items)"), a built-in scenario's task and generated inputs.
 */
export const WORKLOAD_FACTS = ['module', 'export', 'task', 'inputs'] as const;

/**
 * How two results of one scenario name and size differ in their workload, one line per fact
 * (`module: a.js vs b.js`); empty when they agree. A fact recorded on one side only (an older
 * file) cannot tell them apart and is passed over.
 */
export function workloadDifferences(a: Pick<ScenarioResult, 'facts'>, b: Pick<ScenarioResult, 'facts'>): string[] {
  return WORKLOAD_FACTS.flatMap((fact) => {
    const left = a.facts[fact];
    const right = b.facts[fact];
    return left === undefined || right === undefined || left === right ? [] : [`${fact}: ${String(left)} vs ${String(right)}`];
  });
}
