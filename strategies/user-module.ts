/** Importing a module the user named (a strategy, a scenario, a task) in the harness, where its process.exit must not end parabench without a word. */
import { pathToFileURL } from 'node:url';

/** What a user's module did instead of finishing its import: it called process.exit. */
export class ExitWhileImporting extends Error {
  constructor(readonly exitCode: string) {
    super(`called process.exit(${exitCode}) while being imported`);
    this.name = 'ExitWhileImporting';
  }
}

/**
 * Imports the module at an absolute path. A `process.exit` called while it is imported (by its
 * top-level code or a module it imports) throws an ExitWhileImporting instead, so the caller can
 * name the module as a usage error; the real `process.exit` is back once the import settles.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const exit = process.exit;
  process.exit = ((code?: string | number | null) => {
    throw new ExitWhileImporting(code === undefined || code === null ? '' : String(code));
  }) as typeof process.exit;
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } finally {
    process.exit = exit;
  }
}
