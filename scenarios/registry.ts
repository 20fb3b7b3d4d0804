import { api } from './api.js';
import { cpuJs } from './cpu-js.js';
import { cpu } from './cpu.js';
import type { Scenario } from './scenario.js';

/**
 * Every scenario, by name. To add one, write `scenarios/<name>.ts` exporting a `Scenario`
 * and add one line here.
 */
export const scenarios: Readonly<Record<string, Scenario<unknown>>> = {
  cpu,
  'cpu-js': cpuJs,
  api,
};
