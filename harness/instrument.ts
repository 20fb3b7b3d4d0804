/** The instrument contract: one measured indicator, end to end, from its probe in the trial to its figures and notes in a report. */
// An instrument reads something in the trial around its work window, keeps its reading in its own
// slot of the trial's record (with its own schema), and gives a row's figures and notes when a
// report is rendered. Each lives in one file of `harness/instruments/`, found there by name:
// adding one adds that file and its test.
import type { Executor } from '../strategies/executor.js';

/** What an instrument reads inside one trial process: a reading just before the work window and one just after. */
export interface TrialProbe {
  /** Just before the work window, after the pool has started. */
  begin(pool: Executor): void | Promise<void>;
  /** Just after the work window: the trial's reading, JSON-safe, or null where it could not read. */
  end(pool: Executor): unknown;
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
  readonly inTrial: () => TrialProbe;
  /** JSON schema of one trial's reading (its slot in the record); a reading that fails it is not rendered. */
  readonly schema: object;
  /** The row's figures, from its measured trials' readings. */
  readonly figures: (trials: readonly ReadTrial<Reading>[]) => readonly InstrumentFigure[];
  /** What the readings say, in plain words, read off them when a report is rendered; none by default. */
  readonly notes?: (rows: readonly ReadRow<Reading>[]) => readonly string[];
}

/** An instrument name: lower-case letters, digits and dashes, as its file is named. */
export const INSTRUMENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;
