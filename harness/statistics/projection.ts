import { linearRegression, rSquared } from 'simple-statistics';
import type { ScenarioResult } from '../results/records.js';
import { isIndependent } from '../results/row-kinds.js';

/** Document 000's projection sizes, in items. */
export const PROJECTED_ITEMS = [1_000, 10_000, 50_000, 100_000] as const;

/** time = fixedSeconds + perItemSeconds x items, for one approach. */
export interface LinearModel {
  /** Seconds paid once per run whatever its size: Node start, pool start-up, shutdown. */
  readonly fixedSeconds: number;
  readonly perItemSeconds: number;
  /** How the model was obtained: a least-squares fit over several sizes, or split from one size. */
  readonly method: 'fit' | 'one-size';
  /** The sizes measured, in items. */
  readonly sizes: readonly number[];
  /** Coefficient of determination of the fit (null for one size). */
  readonly rSquared: number | null;
}

/** One measured size of one approach: its items and median real seconds. */
export interface SizePoint {
  readonly items: number;
  readonly realSeconds: number;
}

/** Least squares over two or more distinct sizes. */
export function fitModel(points: readonly SizePoint[]): LinearModel {
  const sizes = [...new Set(points.map((p) => p.items))].sort((a, b) => a - b);
  if (sizes.length < 2) throw new Error('fitModel: needs at least two distinct sizes');
  const pairs = points.map((p) => [p.items, p.realSeconds]);
  const { m, b } = linearRegression(pairs);
  return { fixedSeconds: b, perItemSeconds: m, method: 'fit', sizes, rSquared: rSquared(pairs, (x) => b + m * x) };
}

/**
 * From one size: the work window is taken to grow with the items and everything outside it
 * (start, start-up, shutdown) to stay fixed.
 */
export function oneSizeModel(items: number, realSeconds: number, workSeconds: number): LinearModel {
  return {
    fixedSeconds: Math.max(0, realSeconds - workSeconds),
    perItemSeconds: workSeconds / items,
    method: 'one-size',
    sizes: [items],
    rSquared: null,
  };
}

/** Seconds the model predicts for `items`. */
export function project(model: LinearModel, items: number): number {
  return model.fixedSeconds + model.perItemSeconds * items;
}

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
  // A ceiling row runs its items once per copy: its time does not project one workload's.
  const keys = [...new Set(sizes.flatMap((s) => s.rows.filter((row) => !isIndependent(row)).map((row) => row.key)))];
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
