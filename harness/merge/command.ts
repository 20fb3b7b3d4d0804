/** `parabench merge`: reads results files of several machines and prints one table. */
import { colours } from '../report/terminal.js';
import { readResultsFile } from '../results/read.js';
import { UsageError } from '../usage-error.js';
import { mergeRuns } from './merge.js';
import { renderMergeMarkdown, renderMergeTerminal } from './render.js';

/** `parabench merge`'s inputs after the CLI has parsed them. */
export interface MergeCommand {
  readonly paths: readonly string[];
  readonly format: 'terminal' | 'markdown';
  /** Characters the terminal tables must fit in; default 100. */
  readonly width?: number;
}

/** Reads every results file and prints one cross-machine table; unreadable files exit 2. */
export async function runMerge(command: MergeCommand, print: (text: string) => void): Promise<number> {
  if (command.paths.length === 0) throw new UsageError('merge needs at least one results file, e.g. parabench merge results/*.json');
  const runs = [];
  for (const path of command.paths) runs.push({ path, results: await readResultsFile(path) });
  const merged = mergeRuns(runs);
  print(command.format === 'markdown' ? renderMergeMarkdown(merged) : renderMergeTerminal(merged, colours(), command.width));
  return 0;
}
