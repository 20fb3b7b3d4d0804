/** What fetching tasks report besides their result, and the counters read off it. */
import type { Outcome } from '../../strategies/executor.js';
import type { StageEvent } from '../scenario.js';

/** What every fetching task reports besides its own result: attempts and when it ran where. */
export interface Fetched {
  readonly attempts: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly lane: string;
}

const isFetched = (value: unknown): value is Fetched => typeof (value as Partial<Fetched> | null)?.attempts === 'number';

/**
 * Counts per trial: items that needed a retry, the extra attempts they took, and items that
 * failed after every attempt. Failures are never hidden: they are also the trial's item failures.
 */
export function fetchCounters(outcomes: readonly Outcome[]): Record<string, number> {
  let retried = 0;
  let retries = 0;
  let failed = 0;
  for (const outcome of outcomes) {
    if (!outcome.ok) failed += 1;
    else if (isFetched(outcome.value) && outcome.value.attempts > 1) {
      retried += 1;
      retries += outcome.value.attempts - 1;
    }
  }
  return { retried, retries, failed };
}

/** Stage events of fetching tasks, in seconds from the work window's start (`windowStartMs`, epoch ms). */
export function fetchEvents(outcomes: readonly Outcome[], windowStartMs: number, stage: string): StageEvent[] {
  const events: StageEvent[] = [];
  outcomes.forEach((outcome, item) => {
    if (outcome.ok && isFetched(outcome.value)) {
      const { startMs, endMs, lane } = outcome.value;
      events.push({ stage, item, lane, start: (startMs - windowStartMs) / 1000, end: (endMs - windowStartMs) / 1000 });
    }
  });
  return events;
}
