/** Every scenario by name: one line per scenario. */
import { api } from './api.js';
import { cpuJs } from './cpu-js.js';
import { cpu } from './cpu.js';
import { disk } from './disk.js';
import { faults } from './faults.js';
import { io } from './io.js';
import { mixed } from './mixed.js';
import { overhead } from './overhead.js';
import type { Scenario } from './scenario.js';

/**
 * Every scenario, by name. To add one, write `scenarios/<name>.ts` exporting a `Scenario`
 * and add one line here.
 */
export const scenarios: Readonly<Record<string, Scenario<unknown>>> = {
  cpu,
  'cpu-js': cpuJs,
  io,
  disk,
  mixed,
  overhead,
  faults,
  api,
};
