/** `parabench merge`: its flags; the merge itself is merge/command.ts, loaded when run. */
import type { Command } from 'commander';
import type { Print, RawOptions } from './options.js';
import { outputWidth, reportFormat } from './output.js';

async function merge(paths: string[], raw: RawOptions, print: Print): Promise<number> {
  const { runMerge } = await import('../merge/command.js');
  return runMerge({ paths, format: reportFormat(raw), width: await outputWidth() }, print);
}

/** Adds `merge` to the program; its exit code goes to `setExit`, its lines to `print`. */
export function registerMerge(root: Command, setExit: (code: number) => void, print: Print): void {
  root.command('merge')
    .description('one cross-machine table from results files: speedup over sequential and efficiency per core, by machine')
    .argument('<files...>', 'results JSON files, e.g. results/*.json')
    .option('--format <name>', 'terminal or markdown', 'terminal')
    .action(async (files: string[], raw: RawOptions) => setExit(await merge(files, raw, print)));
}
