/** Linear time models: fitted over sizes or split from one size, and projected. */
import { linearRegression, rSquared } from 'simple-statistics';

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

/**
 * The size at which `challenger` starts to take less time than `incumbent`, by their models: where
 * `fixed + perItem x N` cross. Null when one is faster at every size or never (the lines do not
 * cross at a positive size).
 */
export function crossoverItems(incumbent: LinearModel, challenger: LinearModel): number | null {
  const perItemGain = incumbent.perItemSeconds - challenger.perItemSeconds;
  const fixedCost = challenger.fixedSeconds - incumbent.fixedSeconds;
  if (!(perItemGain > 0) || !(fixedCost > 0)) return null;
  return Math.ceil(fixedCost / perItemGain);
}
