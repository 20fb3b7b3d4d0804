/** The kernel's account of reaped children's CPU (Linux's cutime and cstime), and which method this machine has. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds of reaped children, as the kernel accounts them to this process. */
export interface ChildTimes {
  readonly userSeconds: number;
  readonly sysSeconds: number;
}

/** How a trial's user and sys seconds were obtained; recorded with every figure. */
export type TimeMethod = 'linux-proc-cutime' | 'trial-self-report';

let ticksPerSecond: number | undefined;

export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * The method this machine supports. On Linux, /proc/self/stat's cutime and cstime hold the
 * user and sys time of every reaped child and, through them, of all their descendants:
 * the same account `wait4` gives GNU time. Call once before any trial starts, since the
 * first call may run `getconf` as a child of its own.
 */
export function timeMethod(): TimeMethod {
  if (process.platform !== 'linux') return 'trial-self-report';
  try {
    readChildTimes();
    clockTicks();
    return 'linux-proc-cutime';
  } catch {
    return 'trial-self-report';
  }
}

/** Reads cutime and cstime of this process (Linux only). */
export function readChildTimes(): ChildTimes {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // The command name may contain spaces, so fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) throw new Error('unexpected /proc/self/stat format');
  const hz = clockTicks();
  return { userSeconds: cutime / hz, sysSeconds: cstime / hz };
}
