/** The instrument contract: one measured indicator, end to end, from its probe in the trial to its figures and notes in a report. */
// An instrument reads something in the trial around its work window, keeps its reading in its own
// slot of the trial's record (with its own schema), and gives a row's figures and notes when a
// report is rendered. Each lives in one file of `harness/instruments/`, found there by name:
// adding one adds that file and its test.
import type { Executor } from '../strategies/executor.js';

/** One instrument's slot in a trial's record: its reading, or why it has none. */
export type InstrumentSlot = { readonly reading: unknown } | { readonly error: string };

/** What an instrument reads inside one trial process: a reading just before the work window and one just after. */
export interface TrialProbe {
  /** Just before the work window, after the pool has started. */
  begin(pool: Executor): void | Promise<void>;
  /** Just after the work window: the trial's reading, JSON-safe, or null where it could not read. */
  end(pool: Executor, window: WorkWindow): unknown;
  /** When the trial ends, whether or not the window was read: let go of what the probe holds. */
  close?(): void;
}

/** The work window as the trial timed it, handed to each probe's end. */
export interface WorkWindow {
  readonly seconds: number;
  /** CPU of the trial's processes in the window (user + sys), in seconds. */
  readonly cpuSeconds: number;
}

/** The operating system's account of a trial's processes, as a harness probe is handed it at their exit. */
export interface TrialAccount {
  /** From the first spawn to the last exit, in seconds. */
  readonly realSeconds: number;
  /** CPU of the trial's processes and all they started, in seconds. */
  readonly userSeconds: number;
  readonly sysSeconds: number;
  /** CPU the harness itself used meanwhile (spawning, sampling, IPC), in seconds. */
  readonly harnessCpuSeconds: number;
}

/** What an instrument reads in the harness around a trial: just before its processes start and just after they exit. */
export interface HarnessProbe {
  /** Just before the first spawn. */
  begin(): void;
  /** Just after the last exit, before anything else: read what is to be read, now. */
  end(): void;
  /** The trial's reading from what `begin` and `end` read and the OS's account of the trial; JSON-safe, or null where it could not read. */
  reading(trial: TrialAccount): unknown;
}

/** One figure of a row, as a report shows it: a median over the row's measured trials, in `unit`. */
export interface InstrumentFigure {
  /** Column heading, e.g. `syscall reads / item`. */
  readonly label: string;
  /** null where no trial of the row had a reading. */
  readonly value: number | null;
  /** Unit of `value`, e.g. `B`, `switches`; empty for a plain count. */
  readonly unit: string;
}

/** A measured trial as an instrument sees it: its own reading and the core figures it may divide by. */
export interface ReadTrial<Reading> {
  /** This instrument's reading, or null where the trial did not record one. */
  readonly reading: Reading | null;
  readonly items: number | null;
  readonly workSeconds: number | null;
}

/** A row as an instrument sees it when a report is rendered. */
export interface ReadRow<Reading> {
  readonly label: string;
  readonly trials: readonly ReadTrial<Reading>[];
}

export interface Instrument<Reading = unknown> {
  /** Its name on the command line and in results files; also its file's name under harness/instruments/. */
  readonly name: string;
  /** What it measures, in one line, for `parabench list` and the report's legend. */
  readonly measures: string;
  /** What it reads inside the trial; one probe per trial. */
  readonly inTrial?: () => TrialProbe;
  /** What it reads in the harness around the trial's processes; one probe per trial. */
  readonly inHarness?: () => HarnessProbe;
  /**
   * In the default set: read in every trial without being asked for. Only an instrument whose cost
   * on the trial was measured and found within the noise belongs there (scripts/observer-cost.mjs).
   */
  readonly byDefault?: boolean;
  /** JSON schema of one trial's reading (its slot in the record); a reading that fails it is not rendered. */
  readonly schema: object;
  /** The row's figures, from its measured trials' readings; an instrument without any has no table of its own. */
  readonly figures?: (trials: readonly ReadTrial<Reading>[]) => readonly InstrumentFigure[];
  /** What the readings say, in plain words, read off them when a report is rendered; none by default. */
  readonly notes?: (rows: readonly ReadRow<Reading>[]) => readonly string[];
}

/** An instrument name: lower-case letters, digits and dashes, as its file is named. */
export const INSTRUMENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;
