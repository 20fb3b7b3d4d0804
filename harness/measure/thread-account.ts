/** Turns two looks at a trial's threads (window start and end) into CPU, waiting, switches and minor faults per thread kind. */
import { THREAD_KINDS, type ThreadKind } from './thread-kinds.js';
import type { ThreadSnapshot } from './threads.js';

/** What one kind of thread did over the work window; seconds, summed over its threads. */
export interface KindAccount {
  /** Threads of this kind seen at the end of the window (or alive in it). */
  readonly threads: number;
  /** On-CPU time from schedstat: user plus sys at nanosecond resolution. */
  readonly cpuSeconds: number;
  /** utime and stime (clock-tick resolution, so short windows round). */
  readonly userSeconds: number;
  readonly sysSeconds: number;
  /** Runnable but waiting for a core (schedstat's run-queue delay). */
  readonly waitSeconds: number;
  /** Blocked of its own accord (a lock, I/O, an empty queue): the thread gave up its core. */
  readonly voluntarySwitches: number;
  /** Taken off a core by the scheduler (its time slice ran out while others waited). */
  readonly involuntarySwitches: number;
  /** Minor page faults (pages mapped in without I/O, as heaps grow); absent in files written before it was recorded. */
  readonly minorFaults?: number;
}

/** The whole account of a work window. Linux only; elsewhere the record says why it is missing. */
export type ThreadAccount =
  | {
      readonly available: true;
      /** How threads were sorted into kinds, for this Node version. */
      readonly method: string;
      readonly windowSeconds: number;
      /**
       * Seconds from the first reading of the threads to the end of the last: the span their CPU
       * figures cover, the work window plus the readings around it. Absent in older files.
       */
      readonly spanSeconds?: number;
      readonly kinds: Readonly<Partial<Record<ThreadKind, KindAccount>>>;
      /** Names of the `native` threads, e.g. `libvips worker`. */
      readonly nativeNames: readonly string[];
      /** Process CPU the per-thread figures did not see: threads that ended inside the window. */
      readonly unseenCpuSeconds: number;
    }
  | { readonly available: false; readonly reason: string };

/** The seconds an account's CPU figures cover: the readings' span where recorded and sane, else (older files) the work window. */
export function readingSpanSeconds(account: { readonly windowSeconds: number; readonly spanSeconds?: number | undefined }): number {
  const span = account.spanSeconds;
  return span !== undefined && span >= account.windowSeconds ? span : account.windowSeconds;
}

const EMPTY: KindAccount = { threads: 0, cpuSeconds: 0, userSeconds: 0, sysSeconds: 0, waitSeconds: 0, voluntarySwitches: 0, involuntarySwitches: 0 };

const key = (t: ThreadSnapshot): string => `${t.pid}/${t.tid}`;

/**
 * Differences per kind between `start` and `end`. A thread first seen at the end was born in the
 * window, so all its time counts; one seen only at the start ended in it and is left to `unseen`.
 */
export function accountThreads(
  start: readonly ThreadSnapshot[],
  end: readonly ThreadSnapshot[],
  kindOf: (thread: ThreadSnapshot) => ThreadKind,
): { kinds: Partial<Record<ThreadKind, KindAccount>>; cpuSeconds: number; nativeNames: string[] } {
  const before = new Map(start.map((t) => [key(t), t]));
  const totals = new Map<ThreadKind, KindAccount>();
  const nativeNames = new Set<string>();
  let cpuSeconds = 0;
  for (const t of end) {
    const b = before.get(key(t));
    const kind = kindOf(t);
    if (kind === 'native') nativeNames.add(t.name);
    const was = totals.get(kind) ?? EMPTY;
    const cpu = t.runSeconds - (b?.runSeconds ?? 0);
    cpuSeconds += cpu;
    totals.set(kind, {
      threads: was.threads + 1,
      cpuSeconds: was.cpuSeconds + cpu,
      userSeconds: was.userSeconds + t.userSeconds - (b?.userSeconds ?? 0),
      sysSeconds: was.sysSeconds + t.sysSeconds - (b?.sysSeconds ?? 0),
      waitSeconds: was.waitSeconds + t.waitSeconds - (b?.waitSeconds ?? 0),
      voluntarySwitches: was.voluntarySwitches + t.voluntarySwitches - (b?.voluntarySwitches ?? 0),
      involuntarySwitches: was.involuntarySwitches + t.involuntarySwitches - (b?.involuntarySwitches ?? 0),
      minorFaults: (was.minorFaults ?? 0) + t.minorFaults - (b?.minorFaults ?? 0),
    });
  }
  const kinds: Partial<Record<ThreadKind, KindAccount>> = {};
  for (const kind of THREAD_KINDS) {
    const account = totals.get(kind);
    if (account !== undefined) kinds[kind] = account;
  }
  return { kinds, cpuSeconds, nativeNames: [...nativeNames].sort() };
}

/**
 * Accounts of processes that ran side by side (the copies of a ceiling row) as one: each kind's
 * figures summed, the window the longest. Unavailable when any is: its reason is kept; null when
 * any account is missing.
 */
export function sumThreadAccounts(accounts: readonly (ThreadAccount | null)[]): ThreadAccount | null {
  if (accounts.length === 0 || accounts.some((a) => a === null)) return null;
  const unavailable = accounts.find((a): a is Extract<ThreadAccount, { available: false }> => a?.available === false);
  if (unavailable !== undefined) return unavailable;
  const available = accounts as readonly Extract<ThreadAccount, { available: true }>[];
  const kinds: Partial<Record<ThreadKind, KindAccount>> = {};
  for (const kind of THREAD_KINDS) {
    const each = available.flatMap((a) => (a.kinds[kind] === undefined ? [] : [a.kinds[kind] as KindAccount]));
    if (each.length === 0) continue;
    kinds[kind] = {
      threads: sumOf(each, 'threads'),
      cpuSeconds: sumOf(each, 'cpuSeconds'),
      userSeconds: sumOf(each, 'userSeconds'),
      sysSeconds: sumOf(each, 'sysSeconds'),
      waitSeconds: sumOf(each, 'waitSeconds'),
      voluntarySwitches: sumOf(each, 'voluntarySwitches'),
      involuntarySwitches: sumOf(each, 'involuntarySwitches'),
      // Summed only when every copy recorded them: a partial sum would read as fewer faults.
      ...(each.every((a) => a.minorFaults !== undefined) ? { minorFaults: sumOf(each, 'minorFaults') } : {}),
    };
  }
  return {
    available: true,
    method: (available[0] as Extract<ThreadAccount, { available: true }>).method,
    windowSeconds: Math.max(...available.map((a) => a.windowSeconds)),
    kinds,
    nativeNames: [...new Set(available.flatMap((a) => a.nativeNames))].sort(),
    unseenCpuSeconds: available.reduce((sum, a) => sum + a.unseenCpuSeconds, 0),
  };
}

const sumOf = (accounts: readonly KindAccount[], field: keyof KindAccount): number => accounts.reduce((sum, a) => sum + (a[field] ?? 0), 0);
