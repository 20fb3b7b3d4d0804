/** The Node flags a pool's worker processes start with: the trial's own `--name[=value]` flags, less those that run code, load code, debug, test or watch. */

/** Flags that must not reach a worker: they would run or load code of the parent's, fight over a debug port, or make the worker a test run or watcher. */
const NOT_INHERITED = /^--((inspect|test|watch|experimental-test)[A-Za-z0-9_-]*|eval|print|input-type|require|import|loader|experimental-loader|env-file|check|interactive|debug|debug-brk|debug-port)(=|$)/s;

/** One flag in one word: `--name` or `--name=value`. */
const ONE_WORD_FLAG = /^--[A-Za-z0-9][A-Za-z0-9_-]*(=.*)?$/s;

/**
 * This process's Node flags (`process.execArgv`) that every worker process should share, so workers
 * run under the same V8 and Node settings as the trial (a row's `--node-flags`). Only one-word
 * flags are kept: `-e` and its script, or any flag's separate value, never are.
 */
export function inheritedNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return execArgv.filter(isInheritable);
}

/** True for a one-word flag a worker process may share with its trial. */
export function isInheritable(flag: string): boolean {
  return ONE_WORD_FLAG.test(flag) && !NOT_INHERITED.test(flag);
}
