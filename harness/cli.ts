#!/usr/bin/env node
/** parabench's command line as a process: flags in, one validated options object out to each command (cli/command-line.ts), then the end of the process. */
import { runCommandLine } from './cli/command-line.js';
import { endProcess, keepGoingWhenOutputCloses } from './run/process-output.js';

// Every command, a trial included, ends its process once its output is out: its pool was shut down
// before its report, and a timer or server a user's module left running must neither keep parabench
// alive nor add a wait to a trial's real time.
keepGoingWhenOutputCloses();
await endProcess(await runCommandLine(process.argv));
