/** How compare and merge print: their `--format` and the width their terminal tables must fit. */
import { choiceList } from '../usage-error.js';
import { text, type RawOptions } from './options.js';

/** `terminal` or `markdown`, for compare and merge. */
export function reportFormat(raw: RawOptions): 'terminal' | 'markdown' {
  return choiceList('--format', text(raw, 'format') ?? 'terminal', ['terminal', 'markdown'])[0] as 'terminal' | 'markdown';
}

/** The width terminal tables must fit (see harness/report/terminal.ts), loaded only by commands that print tables. */
export async function outputWidth(): Promise<number> {
  const { terminalWidth } = await import('../report/terminal.js');
  return terminalWidth(process.stdout);
}
