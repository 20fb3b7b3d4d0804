/** Where the answer changes with the size: the approach fastest at the measured size against the one fastest at scale, and the size at which they cross. */
import type { ScenarioResult } from '../results/records.js';
import { crossoverItems, project, PROJECTED_ITEMS } from '../statistics/projection.js';
import { scenarioModels, type ApproachModel } from './approach-models.js';

/** The fastest approach now and the one that overtakes it, with the projected size where it does. */
export interface WinnerChange {
  readonly now: string;
  readonly later: string;
  readonly items: number;
  /** Seconds the later winner pays once beyond the earlier one, and seconds it saves on each item. */
  readonly extraFixedSeconds: number;
  readonly savedPerItemSeconds: number;
}

/**
 * From the projection's models: which approach takes least time at the largest measured size, and
 * whether another overtakes it by document 000's largest projected size; null when the same one
 * wins throughout (or the items are not a size).
 */
export function winnerChange(sizes: readonly ScenarioResult[]): WinnerChange | null {
  if (sizes.length === 0 || sizes.some((size) => size.scalesWithItems === false)) return null;
  const measured = Math.max(...sizes.map((size) => size.items));
  const models = scenarioModels(sizes).filter((m) => m.model.perItemSeconds > 0);
  const fastestAt = (items: number): ApproachModel | undefined => [...models].sort((a, b) => project(a.model, items) - project(b.model, items))[0];
  const now = fastestAt(measured);
  const later = fastestAt(PROJECTED_ITEMS[PROJECTED_ITEMS.length - 1] as number);
  if (now === undefined || later === undefined || now.key === later.key) return null;
  const items = crossoverItems(now.model, later.model);
  if (items === null) return null;
  return {
    now: now.label,
    later: later.label,
    items,
    extraFixedSeconds: later.model.fixedSeconds - now.model.fixedSeconds,
    savedPerItemSeconds: now.model.perItemSeconds - later.model.perItemSeconds,
  };
}
