/** `parabench reproduce <document>`: its flags and their validation; the work is reproduce/command.ts, loaded when run. */
import type { Command } from 'commander';
import { checkTimeScale } from '../../scenarios/api/workflow.js';
import { positiveInteger, UsageError } from '../usage-error.js';
import { DOCUMENT_CHOICES, documentsNamed } from '../../scenarios/documents/names.js';
import { text, type Print, type RawOptions } from './options.js';

function whole(flag: string, value: string | undefined, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  return allowZero && value.trim() === '0' ? 0 : positiveInteger(flag, value);
}

async function reproduce(document: string, raw: RawOptions, print: Print): Promise<number> {
  const documents = documentsNamed(document);
  if (documents === undefined) throw new UsageError(`unknown document "${document}"; choose from: ${DOCUMENT_CHOICES.join(', ')}`);
  const scale = text(raw, 'timeScale');
  const problem = scale === undefined ? undefined : checkTimeScale(scale);
  if (problem !== undefined) throw new UsageError(`--time-scale ${scale}: ${problem}`);
  const options = {
    documents,
    quick: raw['quick'] === true,
    timeScale: scale === undefined ? undefined : Number(scale),
    outDir: text(raw, 'out') ?? 'results/reproduce',
    cacheDir: text(raw, 'cacheDir') ?? 'results/.cache',
    iterations: whole('--iterations', text(raw, 'iterations'), false),
    warmup: whole('--warmup', text(raw, 'warmup'), true),
  };
  const { runReproduce } = await import('../reproduce/command.js');
  return runReproduce(options, { print });
}

/** Adds the `reproduce` command to the program; its exit code goes to `setExit`, its lines to `print`. */
export function registerReproduce(root: Command, setExit: (code: number) => void, print: Print): void {
  root
    .command('reproduce')
    .description("rerun a source document's experiments in Node's terms and write its tables beside the article's figures")
    .argument('<document>', `which: ${DOCUMENT_CHOICES.join(', ')}`)
    .option('--quick', 'everything short: fewer items, one measured round (all four documents took 94 s of trials on 2 cores)')
    .option('--time-scale <x>', "document 002: multiplies every stage's duration (default 1, the article's 70.2 s serial run; 0.05 with --quick)")
    .option('--iterations <n>', 'measured trials per row (default 3; 1 with --quick and for document 002)')
    .option('--warmup <n>', 'unmeasured rounds first (default 1; 0 with --quick and for document 002)')
    .option('--out <dir>', 'where the reports go (bench results under <dir>/runs)', 'results/reproduce')
    .option('--cache-dir <dir>', 'where generated photos are cached', 'results/.cache')
    .action(async (document: string, raw: RawOptions) => setExit(await reproduce(document, raw, print)));
}
