/** Compare's inputs must be distinct runs: one run given twice (the same file, a copy, the same trials) counts its trials twice or compares it with itself. */
import { stat } from 'node:fs/promises';
import type { RunResults } from '../results/records.js';
import { measuredTrials } from '../results/counted-trials.js';
import { UsageError } from '../usage-error.js';

/** One file given to compare, and the side it was given on. */
export interface SideFile {
  readonly side: 'base' | 'head';
  readonly path: string;
  readonly results: RunResults;
}

/** A mark one run leaves on every file that holds it, and how a person reads it. */
interface Mark {
  readonly key: string;
  readonly what: string;
}

/**
 * The marks of one run: the file itself (device and inode, so a second path, a symbolic or a hard
 * link to it is the same file), the run (machine and start time, which a copy keeps and no other
 * run shares), and each row's measured real times (nanosecond clocks, which no two runs repeat, so
 * a copy with its context edited still shows).
 */
async function marks(file: SideFile): Promise<Mark[]> {
  const found: Mark[] = [];
  try {
    const { dev, ino } = await stat(file.path);
    found.push({ key: `file ${dev}:${ino}`, what: 'they are the same file' });
  } catch {
    // Read a moment ago; should it be gone now, the other marks still tell.
  }
  const { machine, startedAt } = file.results.context;
  found.push({ key: `run ${JSON.stringify([machine, startedAt])}`, what: `both hold the run of ${machine} started at ${startedAt}` });
  for (const result of file.results.scenarios) {
    for (const row of result.rows) {
      const reals = measuredTrials(row).map((t) => t.realSeconds);
      if (reals.length === 0) continue;
      const key = `trials ${JSON.stringify([result.scenario, result.items, row.key, reals])}`;
      found.push({ key, what: `${result.scenario} (${result.items} items) ${row.label} has the same ${reals.length} measured trial time${reals.length === 1 ? '' : 's'} in both` });
    }
  }
  return found;
}

/**
 * Throws a usage error (exit 2) naming both files when any two of compare's inputs hold one run.
 * On one side, pooling a run with itself counts each trial twice, so the test sees twice the
 * evidence there is and calls noise a change. Across the sides, a run compared with itself can
 * only show no change; a same-commit check compares two separate runs of one commit.
 */
export async function checkDistinctRuns(files: readonly SideFile[]): Promise<void> {
  const seen = new Map<string, SideFile>();
  for (const file of files) {
    const own = new Set<string>();
    for (const mark of await marks(file)) {
      if (own.has(mark.key)) continue;
      own.add(mark.key);
      const earlier = seen.get(mark.key);
      if (earlier === undefined) {
        seen.set(mark.key, file);
        continue;
      }
      const names = earlier.path === file.path ? `${file.path} is given twice` : `${earlier.path} and ${file.path} are one run`;
      const why =
        earlier.side === file.side
          ? `pooled on one side (${file.side}), its trials would count twice and make noise look significant`
          : 'compared with itself, a run can only show no change, which hides every regression';
      throw new UsageError(
        `${names} (${mark.what}): ${why}. Pass each run once; for a same-commit check, run the benchmark twice and compare the two files.`,
      );
    }
  }
}
