#!/usr/bin/env node
/** parabench's command line: flags in, one validated options object out to each command. */
import { Command, CommanderError } from 'commander';
import { allScenarioFlags } from '../scenarios/support/flags.js';
import type { Scenario, ScenarioFlag } from '../scenarios/scenario.js';
import { scenarios } from '../scenarios/registry.js';
import { endProcess, keepGoingWhenOutputCloses } from './run/process-output.js';
import { UsageError } from './usage-error.js';
import { terminalText } from './safe-text.js';
import { packageVersion } from './results/tool-version.js';
import { formatChoices, registerBench, type FormatChoices } from './cli/bench.js';
import { registerCompare } from './cli/compare.js';
import { registerList } from './cli/list.js';
import { registerMerge } from './cli/merge.js';
import { registerReport } from './cli/report.js';
import { registerReproduce } from './cli/reproduce.js';
import { refuseFlagClashes, scenarioModulesIn } from './cli/scenario-modules.js';
import { registerTrial } from './cli/trial.js';

// The CLI only declares flags and hands validated options on: each command's flags and their
// validation live in cli/, one file a command, and the commands' work lives elsewhere and is
// imported lazily, so a trial process loads no more than it needs.

/** The command line: every command and its flags, with `flags` of the scenarios added to `bench` and `trial`. */
function program(setExit: (code: number) => void, formats: FormatChoices, flags: readonly ScenarioFlag[], declaring: readonly Scenario<unknown>[]): Command {
  const root = new Command('parabench')
    .description('Runs the same workloads under different parallelism strategies and reports real/user/sys time.')

    .exitOverride()
    .showHelpAfterError('(run with --help for the flags)');
  registerBench(root, setExit, formats, flags, declaring);
  registerTrial(root, setExit, flags, declaring);
  registerList(root, setExit);
  registerCompare(root, setExit);
  registerMerge(root, setExit);
  registerReport(root, setExit);
  registerReproduce(root, setExit);
  return root;
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  try {
    const modules = await scenarioModulesIn(argv);
    const formats = await formatChoices(argv);
    refuseFlagClashes(modules, formats);
    const declaring = [...Object.values(scenarios), ...modules.map((module) => module.scenario)];
    const root = program((code) => (exitCode = code), formats, allScenarioFlags(declaring), declaring);
    // A trial process reads no more than it needs: the version is asked of parabench itself, not of a trial.
    if (argv[2] !== 'trial') root.version(packageVersion(), '-V, --version', 'print the version of parabench');
    await root.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof UsageError || (error instanceof Error && (error as { code?: unknown }).code === 'BAD_INPUT')) {
      console.error(`parabench: ${terminalText(error.message)}`);
      return 2;
    }
    const verbose = argv.includes('--verbose');
    console.error(`parabench: ${terminalText(error instanceof Error ? ((verbose ? error.stack : undefined) ?? error.message) : String(error))}`);
    return 1;
  }
}

// Every command, a trial included, ends its process once its output is out: its pool was shut down
// before its report, and a timer or server a user's module left running must neither keep parabench
// alive nor add a wait to a trial's real time.
keepGoingWhenOutputCloses();
await endProcess(await main(process.argv));
