/** `parabench report`: its flags; the rendering itself is report/command.ts, loaded when run. */
import type { Command } from 'commander';
import { choiceList } from '../usage-error.js';
import { text, type Print, type RawOptions } from './options.js';
import { outputWidth } from './output.js';

async function report(path: string, raw: RawOptions, print: Print): Promise<number> {
  const { runReport } = await import('../rerender/command.js');
  const formats = choiceList('--format', text(raw, 'format') ?? 'terminal,markdown', ['terminal', 'markdown']) as ('terminal' | 'markdown')[];
  const notes = choiceList('--notes', text(raw, 'notes') ?? 'key', ['key', 'all'])[0];
  const outDir = text(raw, 'out');
  return runReport(
    { path, formats, view: { width: await outputWidth(), wide: raw['wide'] === true, allNotes: notes === 'all' }, ...(outDir === undefined ? {} : { outDir }) },
    print,
  );
}

/** Adds `report` to the program; its exit code goes to `setExit`, its lines to `print`. */
export function registerReport(root: Command, setExit: (code: number) => void, print: Print): void {
  root.command('report')
    .description("re-render a results file's tables, notes and markdown report from its measurements (older files too)")
    .argument('<file>', 'a results JSON file, e.g. results/cpu-2026-12-07T19-02-04-986Z.json')
    .option('--format <list>', 'terminal (print), markdown (write the report and its charts)', 'terminal,markdown')
    .option('--out <dir>', "where the markdown goes (default: the results file's folder)")
    .option('--wide', 'terminal tables show every column')
    .option('--notes <which>', "key: each scenario's notes that matter most; all: every note and timeline", 'key')
    .action(async (file: string, raw: RawOptions) => setExit(await report(file, raw, print)));
}
