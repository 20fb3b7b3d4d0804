/** The name of a run's files in --out: a --name checked to be one file name, then taken with the run's first files so no other run's are replaced. */
import { join } from 'node:path';
import type { Exporter } from '../exporters/exporter.js';
import type { RunResults } from '../results/records.js';
import { createExclusively } from '../results/write.js';
import { FILE_NAME_RULE, isFileName } from '../safe-text.js';
import { UsageError } from '../usage-error.js';

/** `--name` must be one file name: the results go in --out, never in a folder of their own (a usage error otherwise). */
export function refuseBadRunName(runName: string | undefined): void {
  if (runName !== undefined && !isFileName(runName)) {
    throw new UsageError(`--name ${JSON.stringify(runName)} is not a file name: it takes ${FILE_NAME_RULE} (the results go in --out, never in a folder of their own)`);
  }
}

/**
 * Takes the run's name in the output folder: each chosen exporter's first file is created with the
 * run so far, each only where none of that name exists, so neither an earlier run's results nor a
 * concurrent run's are replaced. A name given with --name in use is refused (exit 2, before any
 * trial); a default name (scenario and time) in use gets the first free suffix, -2, -3, ...
 */
export async function claimBaseName(wanted: string, given: boolean, outDir: string, chosen: readonly Exporter[], results: RunResults): Promise<string> {
  for (let n = 1; n <= 100; n += 1) {
    const base = n === 1 ? wanted : `${wanted}-${n}`;
    const files: { path: string; content: string }[] = [];
    for (const exporter of chosen) {
      const first = (await exporter.files?.(results, { outDir, baseName: base }))?.[0];
      if (first !== undefined) files.push({ path: join(outDir, first.path), content: first.content });
    }
    const taken = await createExclusively(files);
    if (taken === undefined) return base;
    if (given) throw new UsageError(`--name ${wanted}: ${taken} exists already (another run's results, finished or still running): choose another --name, or move that run's files away to reuse the name`);
  }
  throw new Error(`${outDir} holds results named ${wanted} and ${wanted}-2 to ${wanted}-100: move some away`);
}
