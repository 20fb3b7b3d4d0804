/** How a document's bench results are read beyond its tables: its own sections and explanations, beside its plan's data. */
import type { DocumentPlan } from '../../scenarios/documents/document.js';
import type { RunResults } from '../results/records.js';

/** The bench results of each experiment, by experiment id. */
export type ExperimentResults = ReadonlyMap<string, RunResults>;

/** A section besides the tables: a projection, failures, timelines, a measured cost. */
export interface ReportSection {
  readonly title: string;
  readonly lines: readonly string[];
}

/** What a document reads from its results besides its tables. */
export interface DocumentReading {
  /** Sections computed from the results (projection, incremental rerun, pool cost, timelines). */
  sections(results: ExperimentResults): ReportSection[];
  /** Lines of "explained" specific to the document, drawn from measured figures only. */
  explain(results: ExperimentResults): string[];
}

/** One document's reproduction: its plan (the data, scenarios/documents/) with its reading of the results. */
export type Reproduction = DocumentPlan & DocumentReading;
