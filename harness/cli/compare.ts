/** `parabench compare`: its flags and their validation; the comparison itself is compare/command.ts, loaded when run. */
import type { Command } from 'commander';
import { choiceList, UsageError } from '../usage-error.js';
import { text, type Print, type RawOptions } from './options.js';
import { outputWidth, reportFormat } from './output.js';

async function compare(basePath: string, headPath: string, raw: RawOptions, print: Print): Promise<number> {
  const { runCompare, parseThreshold, parseCorrection } = await import('../compare/command.js');
  const metric = choiceList('--metric', text(raw, 'metric') ?? 'real', ['real', 'work', 'cpu'])[0] as 'real' | 'work' | 'cpu';
  const correction = parseCorrection(text(raw, 'correction') ?? 'holm');
  const options = {
    basePath,
    headPath,
    threshold: parseThreshold(text(raw, 'threshold') ?? '5%'),
    failOnRegression: raw['failOnRegression'] === true,
    crossMachine: raw['crossMachine'] === true,
    metric,
    alpha: 0.05,
    correction,
    ...maxForeignLoad(text(raw, 'maxForeignLoad') ?? '0.25'),
    format: reportFormat(raw),
    width: await outputWidth(),
  };
  return runCompare(options, print);
}

/** compare's `--max-foreign-load`: cores (0 or more), or `none` to count every trial. */
function maxForeignLoad(value: string): { maxForeignLoad?: number } {
  if (value.trim() === 'none') return {};
  const coresValue = Number(value);
  if (value.trim() === '' || !Number.isFinite(coresValue) || coresValue < 0) {
    throw new UsageError(`--max-foreign-load takes a number of cores of 0 or more, e.g. 0.25, or none; got "${value}"`);
  }
  return { maxForeignLoad: coresValue };
}

/** Adds `compare` to the program; its exit code goes to `setExit`, its lines to `print`. */
export function registerCompare(root: Command, setExit: (code: number) => void, print: Print): void {
  root.command('compare')
    .description("compare two results files row by row: Welch's t-test on log times, corrected for the number of rows, and the change each row could see")
    .argument('<base>', 'results JSON of the baseline (several runs of one machine: comma-separated, trials pooled)')
    .argument('<head>', 'results JSON to compare with it (comma-separated likewise)')
    .option('--threshold <percent>', 'a regression must be worse than this', '5%')
    .option('--fail-on-regression', 'exit 1 when a row is significantly worse beyond the threshold; rows that could have missed such a regression are reported undecided', false)
    .option('--cross-machine', "files from different machines: compare speedups over each file's own sequential run", false)
    .option('--metric <name>', 'real, work or cpu (user + sys) seconds per trial', 'real')
    .option('--correction <method>', 'how the rows share the 5% error rate: holm (chance of any false alarm), bh (share of false alarms among rows called changed) or none (each row alone)', 'holm')
    .option('--max-foreign-load <cores>', "set aside trials during which other processes kept more than this many cores busy (bench's --foreign-load-warn), or none to count every trial", '0.25')
    .option('--format <name>', 'terminal or markdown', 'terminal')
    .action(async (base: string, head: string, raw: RawOptions) => setExit(await compare(base, head, raw, print)));
}
