/** `bench`'s runtime settings, each a list making one row per value: --uv-threadpool, --malloc, --node-flags. */
import { glibcVersion, mallocProblem } from '../run/malloc.js';
import { nodeFlagsProblem } from '../run/node-flags.js';
import { UsageError } from '../usage-error.js';

/** libuv's own bounds on UV_THREADPOOL_SIZE (it clamps anything else silently, so parabench refuses it). */
const UV_THREADPOOL_MAX = 1024;

/** `--uv-threadpool 1,2,4`: distinct pool sizes libuv accepts, or a UsageError naming the valid range. */
export function uvThreadpoolSizes(value: string | undefined): number[] {
  if (value === undefined) return [];
  const sizes = value.split(',').map((part) => {
    const size = Number(part.trim());
    if (!/^\d+$/.test(part.trim()) || size < 1 || size > UV_THREADPOOL_MAX) {
      throw new UsageError(`--uv-threadpool takes whole numbers from 1 to ${UV_THREADPOOL_MAX} (libuv's valid range for UV_THREADPOOL_SIZE), got "${part.trim()}"`);
    }
    return size;
  });
  return [...new Set(sizes)];
}

/** `--malloc default,retain`: distinct allocator settings, or a UsageError; anything but `default` needs glibc. */
export function mallocSettings(value: string | undefined): string[] {
  if (value === undefined) return [];
  const settings = [...new Set(value.split(',').map((part) => part.trim()))];
  for (const setting of settings) {
    const problem = mallocProblem(setting);
    if (problem !== undefined) throw new UsageError(problem);
  }
  if (settings.some((setting) => setting !== 'default') && glibcVersion() === undefined) {
    throw new UsageError(`--malloc sets glibc's GLIBC_TUNABLES, but this Node does not run on glibc (${process.platform}): leave --malloc out here`);
  }
  return settings;
}

/** `--node-flags none,--single-threaded-gc`: distinct values this Node starts with, or a UsageError naming the one it refused. */
export function nodeFlagSets(value: string | undefined): string[] {
  if (value === undefined) return [];
  const values = [...new Set(value.split(',').map((part) => part.trim().replace(/\s+/g, ' ')))];
  for (const flags of values) {
    const problem = nodeFlagsProblem(flags);
    if (problem !== undefined) throw new UsageError(problem);
  }
  return values;
}
