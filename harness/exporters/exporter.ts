/** The interface every output format implements, and what it writes. */
import type { RunResults, ScenarioResult } from '../results/records.js';
import type { TerminalView } from '../terminal-view.js';
import type { NoteOptions } from '../report/notes.js';

/** Where a run's files go: the folder, and the base name every exporter's file names start with. */
export interface ExportTarget {
  readonly outDir: string;
  /** File name without extension, e.g. `cpu-2026-01-01T00-00-00-000Z`. */
  readonly baseName: string;
}

/** One file an exporter produces, its path relative to the output folder. */
export interface ExportFile {
  readonly path: string;
  readonly content: string;
}

/**
 * One output format of a run, chosen by name with `--format`. Renderers are pure functions of the
 * results, so tests call them with hand-built results. To add a format, write
 * `harness/exporters/<name>.ts` exporting an Exporter and add one line to `harness/exporters/registry.ts`.
 */
export interface Exporter {
  readonly name: string;
  readonly summary: string;
  /** Printed before the path of its first file once the run ends, e.g. `Report`. */
  readonly label?: string;
  /** Text for stdout as each scenario completes, laid out for the view (its width, compact or wide). */
  printScenario?(result: ScenarioResult, view: TerminalView, notes: NoteOptions): string;
  /** Text for stdout once the run is over. */
  printRun?(results: RunResults, view: TerminalView): string;
  /** The files of the run so far: written after every scenario, so an interruption loses nothing. */
  files?(results: RunResults, target: ExportTarget): Promise<readonly ExportFile[]>;
}
