/** The trial's peak memory: each of its processes' high-water mark (VmHWM), summed, read after the work window. */
import { peakResidentBytes } from '../measure/threads.js';
import { processTree } from '../measure/tree-sampler.js';
import type { PeakMemory } from './report.js';

/** The trial's child processes now (after the work window, before the pool shuts down) and their summed VmHWM. */
export function childrenPeak(): { readonly childPids: readonly number[]; readonly childPeakRssBytes: number } {
  const childPids = processTree(process.pid).filter((pid) => pid !== process.pid);
  return { childPids, childPeakRssBytes: childPids.reduce((sum, pid) => sum + peakResidentBytes(pid), 0) };
}

/** Peak memory of the tree: this process's own high-water mark now, plus its children's as read after the window. */
export function peakMemory(children: ReturnType<typeof childrenPeak>): PeakMemory | null {
  if (process.platform !== 'linux') return null;
  return {
    bytes: peakResidentBytes(process.pid) + children.childPeakRssBytes,
    method: `sum of VmHWM (/proc/PID/status) of the trial process at its end and of its ${children.childPids.length} child process(es) at the end of the work window`,
  };
}
