/** A time model per approach of one scenario, from every size it was measured at. */
import type { ScenarioResult } from '../results/records.js';
import { harnessRowKind } from '../results/row-kinds.js';
import { fitModel, oneSizeModel, type LinearModel } from '../statistics/projection.js';

/** One approach's model, named as its rows are. */
export interface ApproachModel {
  readonly key: string;
  readonly label: string;
  readonly strategy: string;
  readonly model: LinearModel;
}

/**
 * A model per approach from every size of one scenario: a fit where the approach completed at two
 * or more sizes, otherwise a split of its largest size.
 */
export function scenarioModels(sizes: readonly ScenarioResult[]): ApproachModel[] {
  const models: ApproachModel[] = [];
  // A ceiling row is a reference, not an approach to choose (and in files written before its copies
  // split the items, it ran them once per copy: its time there is not one workload's).
  const keys = [...new Set(sizes.flatMap((s) => s.rows.filter((row) => harnessRowKind(row) === undefined).map((row) => row.key)))];
  for (const key of keys) {
    const measured = sizes.flatMap((s) =>
      s.rows.filter((row) => row.key === key && row.state === 'completed').map((row) => ({ items: s.items, row })),
    );
    const last = measured.sort((a, b) => a.items - b.items).at(-1);
    if (last === undefined || last.row.state !== 'completed') continue;
    const distinct = new Set(measured.map((m) => m.items)).size;
    const model =
      distinct >= 2
        ? fitModel(measured.map(({ items, row }) => ({ items, realSeconds: row.state === 'completed' ? row.summary.realSeconds.median : 0 })))
        : oneSizeModel(last.items, last.row.summary.realSeconds.median, last.row.summary.workSeconds.median);
    models.push({ key, label: last.row.label, strategy: last.row.strategy, model });
  }
  return models;
}
