/** The whole machine's CPU from /proc/stat, so a trial can tell what other processes took beside it. */
import { readFileSync } from 'node:fs';
import { clockTicks } from './child-times.js';

/** Busy CPU seconds of the whole machine since boot (all cores); null off Linux. */
export function machineBusySeconds(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? 0), 0) / clockTicks();
  } catch {
    return null;
  }
}

/**
 * Cores other processes kept busy while a trial ran: the machine's busy time minus the trial
 * tree's and the harness's own, over the trial's real time. Clock-tick rounding makes small
 * values (under a few hundredths) noise; it is never below zero.
 */
export function foreignCores(machineSeconds: number, treeCpuSeconds: number, harnessCpuSeconds: number, realSeconds: number): number {
  if (realSeconds <= 0) return 0;
  return Math.max(0, (machineSeconds - treeCpuSeconds - harnessCpuSeconds) / realSeconds);
}
