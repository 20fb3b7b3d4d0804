/** `parabench report`: re-renders a results file's terminal view and markdown report from its measurements. */
import { basename, dirname, join } from 'node:path';
import { loadExporters } from '../exporters/registry.js';
import type { TerminalView } from '../terminal-view.js';
import { readResultsFile } from '../results/read.js';
import { instrumentNames, loadInstruments } from '../instrument-registry.js';
import { instrumentsIn } from '../report/instrument-tables.js';
import { checkWritable, writeAtomically } from '../results/write.js';
import { noteOptions } from '../report/notes.js';

/** `parabench report`'s inputs after the CLI has parsed them. */
export interface ReportCommand {
  readonly path: string;
  /** `terminal` prints, `markdown` writes the report (and its charts) beside the file or into `outDir`. */
  readonly formats: readonly ('terminal' | 'markdown')[];
  readonly view: TerminalView;
  /** Where the markdown goes; the results file's own folder when left out. */
  readonly outDir?: string;
}

/**
 * Reads a results file of any readable schema version and renders it as a run does: every note and
 * verdict is read off the stored measurements now, so a note's wording fixed since the run shows.
 */
export async function runReport(command: ReportCommand, print: (text: string) => void): Promise<number> {
  const results = await readResultsFile(command.path);
  // The instruments whose readings the file holds and this parabench has; the others are named in the report as unknown.
  const known = instrumentNames();
  await loadInstruments([...new Set(results.scenarios.flatMap(instrumentsIn))].filter((name) => known.includes(name)));
  const outDir = command.outDir ?? dirname(command.path);
  if (command.formats.includes('markdown')) await checkWritable(outDir);
  if (command.formats.includes('terminal')) {
    const [terminal] = await loadExporters(['terminal']);
    for (const result of results.scenarios) print(terminal?.printScenario?.(result, command.view, noteOptions(results.parameters)) ?? '');
    print(terminal?.printRun?.(results, command.view) ?? '');
  }
  if (command.formats.includes('markdown')) {
    const [markdown] = await loadExporters(['markdown']);
    const files = (await markdown?.files?.(results, { outDir, baseName: basename(command.path).replace(/\.json$/, '') })) ?? [];
    for (const file of files) await writeAtomically(join(outDir, file.path), file.content);
    if (files[0] !== undefined) print(`Report:    ${join(outDir, files[0].path)}`);
  }
  return 0;
}
