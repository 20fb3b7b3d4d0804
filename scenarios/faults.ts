/** The `faults` scenario: items that throw, exit, hang or run out of heap, to see which strategies contain them. */
import type { TaskRef } from '../strategies/executor.js';
import type { Scenario, ScenarioFlag } from './scenario.js';
import type { FaultyInput } from './tasks/faulty.js';

const FAULTY: TaskRef = { module: new URL('./tasks/faulty.js', import.meta.url).href, export: 'faulty' };
const FAULTS = ['throw', 'exit', 'uncaught', 'kill', 'oom', 'hang'] as const;

const flags: readonly ScenarioFlag[] = [
  {
    name: 'fault',
    description: `faults: how the chosen item fails: ${FAULTS.join(', ')} (oom wants --worker-heap-mb, hang wants --task-timeout); a list makes rows`,
    defaultValue: 'throw',
    sweep: true,
    check: (v) => ((FAULTS as readonly string[]).includes(v) ? undefined : `choose one of ${FAULTS.join(', ')}`),
  },
  {
    name: 'fault-item',
    description: 'faults: index of the item that fails',
    defaultValue: '3',
    check: (v) => (/^\d+$/.test(v) ? undefined : 'give an item index (0, 1, 2, ...)'),
  },
];

interface Prepared {
  readonly inputs: readonly FaultyInput[];
}

/**
 * Built-in faults: one item throws, exits its worker, throws where nobody catches, is killed,
 * runs out of heap or hangs. The table shows which strategies contain each fault to that item.
 */
export const faults: Scenario<Prepared> = {
  name: 'faults',
  summary: 'one item fails (throws, exits, uncaught exception, SIGKILL, out of heap, hangs); the rest must complete',
  items: { normal: 8, quick: 8, full: 8 },
  diagnostic: true,
  flags,

  async setup(options) {
    return { fault: options.params['fault'] ?? 'throw', faultItem: Number(options.params['fault-item'] ?? 3) };
  },

  async prepare(options) {
    const fault = (options.params['fault'] ?? 'throw') as FaultyInput['fault'];
    const faultItem = Number(options.params['fault-item'] ?? 3);
    return { inputs: Array.from({ length: options.items }, (_, index) => ({ index, fault: index === faultItem ? fault : 'none' })) };
  },

  tasks: () => [FAULTY],

  run(executor, prepared, options) {
    return executor.mapSettled(FAULTY, prepared.inputs, { chunkSize: options.chunkSize });
  },

  async digest(_prepared, outcomes) {
    return outcomes.map((outcome) => (outcome.ok ? String(outcome.value) : null));
  },

  counters(outcomes) {
    return { failedItems: outcomes.filter((outcome) => !outcome.ok).length };
  },

  async facts() {
    return {};
  },

  async cleanup() {},
};
