/** The machine and software a run happened on, read once before the first trial. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { TimeMethod } from './child-times.js';
import { cpuQuota } from './cpu-quota.js';

/**
 * Versions of the native libraries the run's scenarios used, from their context facts: present
 * only where a scenario of the run gave them (a run without images records no sharp, and loads none).
 */
export interface LibraryVersions {
  readonly sharp?: string;
  readonly libvips?: string;
}

/** The machine and software a run happened on: every report opens with it. */
export interface Context extends LibraryVersions {
  /** A name for the machine in cross-machine tables (`--machine-name`, else the host name). */
  readonly machine: string;
  readonly cpuModel: string;
  /** `os.availableParallelism()`: the cores this process may use (it follows `taskset`'s affinity). */
  readonly cores: number;
  /** The CPUs the run was allowed on, as Linux lists them (`0-1`, `0`); absent elsewhere and in older files. */
  readonly affinity?: string;
  /** CPUs of time a control group's quota allows this process tree (a container's `--cpus`); absent where none is set, and in older files. */
  readonly cpuQuota?: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly arch: string;
  readonly node: string;
  readonly v8: string;
  readonly gitCommit: string | null;
  /** ISO 8601 time the run started. */
  readonly startedAt: string;
  readonly timeMethod: TimeMethod;
  /** Only allow-listed variables that change outcomes; never the whole environment. */
  readonly env: Readonly<Record<string, string>>;
}

/** The cores' worth of CPU time a run could use: its cores, or fewer where a control group's quota allows less. */
export function usableCores(context: Pick<Context, 'cores' | 'cpuQuota'>): number {
  return Math.min(context.cores, context.cpuQuota ?? Number.POSITIVE_INFINITY);
}

/**
 * The most `parallelism` workers can speed up one process where `usable` cores' worth of CPU time
 * can be used: the workers capped at it, over what one process gets (under a quota below one CPU
 * the sequential run is held back too). Two workers: 2 on two cores, 1.5 under a 1.5-CPU quota,
 * 1 under a 0.5-CPU one.
 */
export function processorsFor(parallelism: number, usable: number): number {
  return Math.min(parallelism, usable) / Math.min(1, usable);
}

/** Environment variables worth recording: they change how fast Node and libuv run. */
export const ENV_ALLOW_LIST = [
  'UV_THREADPOOL_SIZE',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'VIPS_CONCURRENCY',
  'GLIBC_TUNABLES',
  'MALLOC_ARENA_MAX',
  'MALLOC_TOP_PAD_',
  'MALLOC_TRIM_THRESHOLD_',
  'MALLOC_MMAP_THRESHOLD_',
  'CI',
  'GITHUB_ACTIONS',
  'RUNNER_OS',
  'RUNNER_ARCH',
] as const;

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Hides the user's home folder in a recorded value (results may be shared; a home path says who ran them). */
export function withoutHome(value: string): string {
  const home = os.homedir();
  return home.length > 1 ? value.split(home).join('~') : value;
}

/** The CPU list of this process's affinity mask (`Cpus_allowed_list` in /proc/self/status), where Linux has one. */
function affinity(): string | undefined {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Reads the context. Runs `git` once, so call it before any trial. */
export function readContext(timeMethod: TimeMethod, machineName: string | undefined, libraries: LibraryVersions): Context {
  const env: Record<string, string> = {};
  for (const name of ENV_ALLOW_LIST) {
    const value = process.env[name];
    if (value !== undefined) env[name] = withoutHome(value);
  }
  const cpus = affinity();
  const quota = cpuQuota();
  return {
    machine: machineName ?? os.hostname(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    ...(cpus === undefined ? {} : { affinity: cpus }),
    ...(quota === undefined ? {} : { cpuQuota: quota }),
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()}`,
    arch: process.arch,
    node: process.version,
    v8: process.versions.v8,
    ...libraries,
    gitCommit: gitCommit(),
    startedAt: new Date().toISOString(),
    timeMethod,
    env,
  };
}
