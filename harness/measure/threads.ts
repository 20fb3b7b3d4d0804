/** Reads one process's threads from Linux's /proc: CPU, run-queue wait, context switches, minor faults and what each waits on. */
import { readdirSync, readFileSync } from 'node:fs';
import { clockTicks } from './child-times.js';

/** One thread as /proc shows it at one moment; times in seconds, cumulative since the thread started. */
export interface ThreadSnapshot {
  readonly pid: number;
  readonly tid: number;
  /** The thread's name (`comm`): `node` for every thread of Node 20, named threads from Node 22 on. */
  readonly name: string;
  readonly userSeconds: number;
  readonly sysSeconds: number;
  /** Time on a CPU from schedstat, in nanosecond resolution (utime/stime are in clock ticks). */
  readonly runSeconds: number;
  /** Time runnable but waiting for a core (schedstat's run_delay). */
  readonly waitSeconds: number;
  readonly voluntarySwitches: number;
  readonly involuntarySwitches: number;
  /** Minor page faults (minflt): pages the kernel mapped in without I/O, e.g. as a heap grew. */
  readonly minorFaults: number;
  /**
   * What the thread was blocked in: the system call number and its first argument (for a futex,
   * the address of the word it sleeps on), or null when it was running or /proc would not say.
   */
  readonly blockedIn: { readonly syscall: number; readonly firstArg: bigint } | null;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

function statTimes(text: string | undefined): { user: number; sys: number; minorFaults: number } {
  if (text === undefined) return { user: 0, sys: 0, minorFaults: 0 };
  // The name may contain spaces and parentheses: fields are counted after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const hz = clockTicks();
  // Field 10 of stat (minflt) is the 8th after the name; utime and stime are fields 14 and 15.
  return { user: Number(fields[11] ?? 0) / hz, sys: Number(fields[12] ?? 0) / hz, minorFaults: Number(fields[7] ?? 0) };
}

function switches(text: string | undefined): { voluntary: number; involuntary: number } {
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(text ?? '')?.[1] ?? 0);
  return { voluntary: field('voluntary_ctxt_switches'), involuntary: field('nonvoluntary_ctxt_switches') };
}

function blockedIn(text: string | undefined): ThreadSnapshot['blockedIn'] {
  // "running" while on a CPU, "-1 ..." outside a system call; else "nr arg1 arg2 ...".
  const fields = (text ?? '').trim().split(' ');
  const syscall = Number(fields[0]);
  if (fields.length < 2 || !Number.isInteger(syscall) || syscall < 0) return null;
  try {
    return { syscall, firstArg: BigInt(fields[1] as string) };
  } catch {
    return null;
  }
}

/** Every thread of process `pid` (empty when it has gone or this is not Linux). */
export function readThreads(pid: number, withBlockedIn = true): ThreadSnapshot[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const threads: ThreadSnapshot[] = [];
  for (const entry of tids) {
    const dir = `/proc/${pid}/task/${entry}`;
    const sched = read(`${dir}/schedstat`);
    if (sched === undefined) continue; // ended while we looked
    const [runNs, waitNs] = sched.trim().split(' ').map(Number);
    const times = statTimes(read(`${dir}/stat`));
    const counts = switches(read(`${dir}/status`));
    threads.push({
      pid,
      tid: Number(entry),
      name: (read(`${dir}/comm`) ?? '').trim(),
      userSeconds: times.user,
      sysSeconds: times.sys,
      runSeconds: (runNs ?? 0) / 1e9,
      waitSeconds: (waitNs ?? 0) / 1e9,
      voluntarySwitches: counts.voluntary,
      involuntarySwitches: counts.involuntary,
      minorFaults: times.minorFaults,
      blockedIn: withBlockedIn ? blockedIn(read(`${dir}/syscall`)) : null,
    });
  }
  return threads;
}

/** The high-water mark of a process's resident set (VmHWM) in bytes; 0 when it cannot be read. */
export function peakResidentBytes(pid: number): number {
  const kib = /^VmHWM:\s*(\d+)\s*kB/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1];
  return kib === undefined ? 0 : Number(kib) * 1024;
}

/** True where per-thread accounting can be read (Linux with schedstat). */
export function threadAccountingAvailable(): boolean {
  return process.platform === 'linux' && read('/proc/self/task/' + String(process.pid) + '/schedstat') !== undefined;
}
