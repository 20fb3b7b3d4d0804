/** The CPU time a control group's quota lets this process tree use, in CPUs. */
// A container's `--cpus` or a CI runner's limit, which `os.availableParallelism()` does not see: two
// cores under a 1.5-CPU quota run two workers at three quarters of a core each, however many cores
// the affinity lists.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** Where the kernel shows the groups: `/proc/self/cgroup` and the cgroup mount. Tests point these at a folder of their own. */
export interface CgroupPaths {
  readonly selfCgroup: string;
  readonly mount: string;
}

const SYSTEM: CgroupPaths = { selfCgroup: '/proc/self/cgroup', mount: '/sys/fs/cgroup' };

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A group's folder and each folder above it up to the mount: a limit anywhere above applies too. */
function groupAndAncestors(mount: string, group: string): string[] {
  const folders: string[] = [];
  for (let path = posix.normalize(`/${group}`); ; path = posix.dirname(path)) {
    folders.push(posix.join(mount, path));
    if (path === '/') return folders;
  }
}

/** The tightest quota over the folders, in CPUs; undefined where none sets one. */
function tightest(folders: readonly string[], quotaOf: (folder: string) => number | undefined): number | undefined {
  const quotas = folders.map(quotaOf).filter((q): q is number => q !== undefined && q > 0);
  return quotas.length === 0 ? undefined : Math.min(...quotas);
}

/** cgroup v2: `cpu.max` holds "max 100000" (no limit) or "<quota> <period>" in microseconds. */
function v2Quota(folder: string): number | undefined {
  const fields = read(posix.join(folder, 'cpu.max'))?.trim().split(/\s+/);
  if (fields === undefined || fields[0] === 'max') return undefined;
  const quota = Number(fields[0]);
  const period = Number(fields[1]);
  return Number.isFinite(quota) && period > 0 ? quota / period : undefined;
}

/** cgroup v1: `cpu.cfs_quota_us` is -1 for no limit, else microseconds per `cpu.cfs_period_us`. */
function v1Quota(folder: string): number | undefined {
  const quota = Number(read(posix.join(folder, 'cpu.cfs_quota_us'))?.trim());
  const period = Number(read(posix.join(folder, 'cpu.cfs_period_us'))?.trim());
  return Number.isFinite(quota) && quota > 0 && period > 0 ? quota / period : undefined;
}

/**
 * The CPUs of time this process may use under its control groups' quotas (v2 `cpu.max`, v1 CFS
 * quota), the tightest of its group and those above; undefined where no quota is set or there are
 * no control groups (macOS, Windows).
 */
export function cpuQuota(paths: CgroupPaths = SYSTEM): number | undefined {
  const lines = read(paths.selfCgroup)?.split('\n') ?? [];
  const quotas: number[] = [];
  for (const line of lines) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (match === null) continue;
    const [, controllers = '', group = '/'] = match;
    if (controllers === '') {
      const q = tightest(groupAndAncestors(paths.mount, group), v2Quota);
      if (q !== undefined) quotas.push(q);
    } else if (controllers.split(',').includes('cpu')) {
      // A v1 hierarchy is mounted under its controllers' names; inside a container the group may
      // be the host's path while the mount shows only the container's own: try both.
      for (const name of [controllers, 'cpu', 'cpu,cpuacct', 'cpuacct,cpu']) {
        const mount = posix.join(paths.mount, name);
        const q = tightest(groupAndAncestors(mount, group), v1Quota);
        if (q !== undefined) {
          quotas.push(q);
          break;
        }
      }
    }
  }
  return quotas.length === 0 ? undefined : Math.min(...quotas);
}
