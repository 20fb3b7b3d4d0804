/** The whole command line, argv to exit code, with its output handed to injected writers: the process entry (cli.ts) and tests run it alike. */
import { Command, CommanderError } from 'commander';
import { allScenarioFlags } from '../../scenarios/support/flags.js';
import type { Scenario, ScenarioFlag } from '../../scenarios/scenario.js';
import { scenarios } from '../../scenarios/registry.js';
import { UsageError } from '../usage-error.js';
import { terminalText } from '../safe-text.js';
import { packageVersion } from '../results/tool-version.js';
import { formatChoices, registerBench, type FormatChoices } from './bench.js';
import { registerCompare } from './compare.js';
import { registerList } from './list.js';
import { registerMerge } from './merge.js';
import type { Print } from './options.js';
import { registerReport } from './report.js';
import { registerReproduce } from './reproduce.js';
import { refuseFlagClashes, scenarioModulesIn } from './scenario-modules.js';
import { registerTrial } from './trial.js';

// The CLI only declares flags and hands validated options on: each command's flags and their
// validation live in cli/, one file a command, and the commands' work lives elsewhere and is
// imported lazily, so a trial process loads no more than it needs.

/** Where a command line's output goes: stdout and stderr as text (a line ends in '\n'). */
export interface CommandLineIo {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
  /** Columns help wraps to, without colour, as into a pipe; absent: as the process's own stdout and stderr are. */
  readonly helpWidth?: number;
}

/** The process's own stdout and stderr. */
export const processIo: CommandLineIo = {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
};

/** The command line: every command and its flags, with `flags` of the scenarios added to `bench` and `trial`. */
function program(setExit: (code: number) => void, io: CommandLineIo, formats: FormatChoices, flags: readonly ScenarioFlag[], declaring: readonly Scenario<unknown>[]): Command {
  const print: Print = (line) => io.writeOut(`${line}\n`);
  const width = io.helpWidth;
  const root = new Command('parabench')
    .description('Runs the same workloads under different parallelism strategies and reports real/user/sys time.')
    .exitOverride()
    // Set before the commands are added: each copies it.
    .configureOutput({
      writeOut: io.writeOut,
      writeErr: io.writeErr,
      ...(width === undefined ? {} : { getOutHelpWidth: () => width, getErrHelpWidth: () => width, getOutHasColors: () => false, getErrHasColors: () => false }),
    })
    .showHelpAfterError('(run with --help for the flags)');
  registerBench(root, setExit, formats, flags, declaring, print);
  registerTrial(root, setExit, flags, declaring);
  registerList(root, setExit, print);
  registerCompare(root, setExit, print);
  registerMerge(root, setExit, print);
  registerReport(root, setExit, print);
  registerReproduce(root, setExit, print);
  return root;
}

/**
 * Runs `argv` (as process.argv: node, the script, then the command) and resolves to its exit code:
 * 0, 1 for a failed run or a regression, 2 for a usage error. Errors are written, never thrown.
 */
export async function runCommandLine(argv: readonly string[], io: CommandLineIo = processIo): Promise<number> {
  let exitCode = 0;
  try {
    const modules = await scenarioModulesIn(argv);
    const formats = await formatChoices(argv);
    refuseFlagClashes(modules, formats);
    const declaring = [...Object.values(scenarios), ...modules.map((module) => module.scenario)];
    const root = program((code) => (exitCode = code), io, formats, allScenarioFlags(declaring), declaring);
    // A trial process reads no more than it needs: the version is asked of parabench itself, not of a trial.
    if (argv[2] !== 'trial') root.version(packageVersion(), '-V, --version', 'print the version of parabench');
    await root.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof UsageError || (error instanceof Error && (error as { code?: unknown }).code === 'BAD_INPUT')) {
      io.writeErr(`parabench: ${terminalText(error.message)}\n`);
      return 2;
    }
    const verbose = argv.includes('--verbose');
    io.writeErr(`parabench: ${terminalText(error instanceof Error ? ((verbose ? error.stack : undefined) ?? error.message) : String(error))}\n`);
    return 1;
  }
}
