/** Importing a module the user named (a strategy, a scenario, a task) in the harness, where its process.exit or a stuck top-level await must not end parabench without a word. */
import { pathToFileURL } from 'node:url';

/** A user's module that did not finish its import as a module should; the message says how, after "the module". */
export class ImportFailure extends Error {}

/** What a user's module did instead of finishing its import: it called process.exit. */
export class ExitWhileImporting extends ImportFailure {
  constructor(readonly exitCode: string) {
    super(`called process.exit(${exitCode}) while being imported`);
    this.name = 'ExitWhileImporting';
  }
}

/**
 * A module whose top-level `await` waits on something that nothing left running can settle: the
 * event loop emptied during its import. Node itself would end the process with exit code 13
 * ("unsettled top-level await") without naming the module.
 */
export class ImportNeverSettled extends ImportFailure {
  constructor() {
    super('never finished being imported: its top-level await waits on a promise that nothing left running can settle (Node would exit with code 13, "unsettled top-level await")');
    this.name = 'ImportNeverSettled';
  }
}

/** Imports under way, and the process.exit they replaced. */
let importing = 0;
let realExit: typeof process.exit | undefined;

/**
 * Imports the module at an absolute path (or a `node:` built-in, named as such). A `process.exit`
 * called while it is imported (by its top-level code or a module it imports) throws an
 * ExitWhileImporting instead, and an import left waiting with the event loop empty throws an
 * ImportNeverSettled, so the caller can name the module as a usage error; the real
 * `process.exit` is back once the import settles.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  // Imports may overlap (several modules loaded at once): the real process.exit comes back when the last one settles.
  if (importing++ === 0) {
    realExit = process.exit;
    process.exit = ((code?: string | number | null) => {
      throw new ExitWhileImporting(code === undefined || code === null ? '' : String(code));
    }) as typeof process.exit;
  }
  let onEmptyLoop = (): void => undefined;
  // 'beforeExit' comes only when nothing is left to run: the import can then never settle.
  const stuck = new Promise<never>((_, reject) => (onEmptyLoop = () => reject(new ImportNeverSettled())));
  process.once('beforeExit', onEmptyLoop);
  try {
    const imported = import(path.startsWith('node:') ? path : pathToFileURL(path).href) as Promise<Record<string, unknown>>;
    return await Promise.race([imported, stuck]);
  } finally {
    process.off('beforeExit', onEmptyLoop);
    if (--importing === 0 && realExit !== undefined) process.exit = realExit;
  }
}
