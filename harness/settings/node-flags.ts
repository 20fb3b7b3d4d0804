/** `--node-flags`: Node and V8 flags a row's trials start with (and its worker processes inherit), so a runtime setting's share of a gap can be measured. */
import { spawnSync } from 'node:child_process';
import { isInheritable } from '../../strategies/pool/inherited-flags.js';
import { distinctValues, type RuntimeSetting } from './runtime-setting.js';

/** The value that runs a row with no flags of its own: the other half of an A/B. */
export const NO_FLAGS = 'none';

/** A row's flags as command-line arguments: none for `none`, else the value split at spaces. */
export function nodeFlagArgs(value: string | undefined): string[] {
  if (value === undefined || value === NO_FLAGS) return [];
  return value.split(/\s+/).filter((flag) => flag !== '');
}

/**
 * Says what is wrong with one `--node-flags` value, or undefined when Node starts with it: every
 * word must be a flag, and this Node must accept them (it is started once with them, to run nothing).
 */
export function nodeFlagsProblem(value: string): string | undefined {
  if (value === NO_FLAGS) return undefined;
  const args = nodeFlagArgs(value);
  // One word per flag (--name or --name=value), as worker processes inherit only such flags.
  const notFlag = args.find((arg) => !/^--[A-Za-z0-9][A-Za-z0-9_-]*(=\S*)?$/.test(arg));
  if (args.length === 0 || notFlag !== undefined) {
    return `--node-flags takes "${NO_FLAGS}" or Node/V8 flags written --name or --name=value, such as --single-threaded-gc (several in one value are separated by spaces, values by commas), got "${value}"`;
  }
  const refused = args.find((arg) => !isInheritable(arg));
  if (refused !== undefined) {
    return `--node-flags cannot take ${refused}: it would run or load other code, debug, test or watch instead of measuring the trial, and worker processes would not get it; leave it out`;
  }
  const run = spawnSync(process.execPath, [...args, '-e', '0'], { encoding: 'utf8', timeout: 30_000 });
  if (run.status === 0) return undefined;
  if (run.signal !== null) return `--node-flags "${value}": Node ${process.version} did not start and exit with it within 30 s; leave it out`;
  const said = (run.stderr || run.stdout || '').trim().split('\n').find((line) => line.trim() !== '') ?? `exit ${String(run.status ?? run.signal)}`;
  return `--node-flags "${value}": Node ${process.version} will not start with it (${said.trim()})`;
}

/** Node and V8 flags a row's trials start with: `none`, or flags separated by spaces. */
export const NODE_FLAGS: RuntimeSetting<'nodeFlags', string, 'nodeFlagSets'> = {
  field: 'nodeFlags',
  sweepField: 'nodeFlagSets',
  flag: '--node-flags',
  help: 'Node/V8 flags every trial starts with (worker processes inherit them): "none" or flags separated by spaces, e.g. "none,--single-threaded-gc"',
  unset: NO_FLAGS,
  example: `${NO_FLAGS},--single-threaded-gc`,
  parse: (list) => distinctValues(list, (part) => part.trim().replace(/\s+/g, ' '), nodeFlagsProblem),
  keyPart: (flags) => `n-${flags.replace(/^-+/, '').replace(/[^A-Za-z0-9_=.]+/g, '-')}`,
  labelPart: (flags) => `node ${flags}`,
  setPerRow: 'set per row',
  nodeArgs: nodeFlagArgs,
  asItIs: NO_FLAGS,
  schema: { type: 'string' },
  measures: { symptom: 'blockedThreads', cause: "V8's garbage-collection helper threads are behind it" },
};
