/** Formatting of figures for people: durations and sizes in the unit of their magnitude, percentages, ratios. */
import type { Context } from '../measure/context.js';
import type { Ratio, Summary } from '../statistics/summary.js';

// The one formatter of figures shown to a person: a duration or a size gets the unit that suits
// its magnitude (ns, µs, ms, s, min, h; B, KiB, MiB, GiB) and three significant digits, so "7 µs"
// never reads "0.01 ms" and "784 ms" never reads "0.784 s".

interface Unit {
  readonly name: string;
  /** How many base units (seconds, bytes) one of this unit holds. */
  readonly size: number;
}

const TIME_UNITS: readonly Unit[] = [
  { name: 'ns', size: 1e-9 },
  { name: 'µs', size: 1e-6 },
  { name: 'ms', size: 1e-3 },
  { name: 's', size: 1 },
  { name: 'min', size: 60 },
  { name: 'h', size: 3600 },
];

const BYTE_UNITS: readonly Unit[] = [
  { name: 'B', size: 1 },
  { name: 'KiB', size: 1024 },
  { name: 'MiB', size: 1024 ** 2 },
  { name: 'GiB', size: 1024 ** 3 },
];

/** Where each unit takes over from the one below: 1000 of a smaller time unit, except 60 s and 60 min; 1024 for bytes. */
const nextAt = (units: readonly Unit[], i: number): number => {
  const next = units[i + 1];
  return next === undefined ? Number.POSITIVE_INFINITY : Math.min(1000, next.size / (units[i] as Unit).size);
};

/** Decimals that give three significant digits to a value between 1 and 999, judged after rounding (99.96 reads "100"). */
function decimals(value: number): number {
  const rounded = Math.abs(Number(value.toPrecision(3)));
  if (rounded >= 100) return 0;
  return rounded >= 10 ? 1 : 2;
}

/** The unit in which `magnitude` (in base units, >= 0) reads as 1 to 999 once rounded to three digits. */
function unitFor(magnitude: number, units: readonly Unit[]): Unit {
  for (let i = 0; i < units.length; i += 1) {
    const unit = units[i] as Unit;
    const value = magnitude / unit.size;
    const rounded = Number(value.toFixed(decimals(value)));
    if (rounded < nextAt(units, i)) return unit;
  }
  return units[units.length - 1] as Unit;
}

function scaled(value: number, units: readonly Unit[], wholeAtBase = false): string {
  if (value === 0) return `0 ${(units[wholeAtBase ? 0 : units.findIndex((u) => u.size === 1)] as Unit).name}`;
  const unit = unitFor(Math.abs(value), units);
  const inUnit = value / unit.size;
  const digits = wholeAtBase && unit.size === 1 ? 0 : decimals(Math.abs(inUnit));
  return `${inUnit.toFixed(digits)} ${unit.name}`;
}

/** A duration in seconds with the unit that suits it: "812 ns", "7.30 µs", "6.52 ms", "784 ms", "1.23 s", "4.70 min", "1.48 h". */
export function duration(seconds: number): string {
  return scaled(seconds, TIME_UNITS);
}

/**
 * A median with its standard deviation, both in the median's unit and to the median's decimals:
 * "784 ± 28 ms", "1.23 ± 0.05 s", "17.1 ± 0.4 µs".
 */
export function durationSpread(summary: Summary): string {
  const magnitude = Math.abs(summary.median) > 0 ? Math.abs(summary.median) : Math.abs(summary.sd);
  if (magnitude === 0) return '0 ± 0 s';
  const unit = unitFor(magnitude, TIME_UNITS);
  const digits = decimals(magnitude / unit.size);
  return `${(summary.median / unit.size).toFixed(digits)} ± ${(summary.sd / unit.size).toFixed(digits)} ${unit.name}`;
}

/** A size in bytes with the binary unit that suits it: "512 B", "4.00 KiB", "76.0 MiB", "24.0 GiB". */
export function bytes(value: number): string {
  return scaled(value, BYTE_UNITS, true);
}

/** A fraction as a whole percentage: 0.754 as "75%". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}

/** A speedup with its propagated error: "1.37 ± 0.06x". */
export function ratio(value: Ratio): string {
  return `${value.value.toFixed(2)} ± ${value.error.toFixed(2)}x`;
}

/** The cores a run could use as a figure for a Cores column: "2 (CPUs 0-1), quota 1.50 CPUs", with what was recorded. */
export function coresFigure(c: Pick<Context, 'cores' | 'affinity' | 'cpuQuota'>): string {
  return `${c.cores}${coresDetail(c)}`;
}

/** The cores a run could use in words: "2 cores (CPUs 0-1), quota 1.50 CPUs", "1 core". */
export function coresAvailable(c: Pick<Context, 'cores' | 'affinity' | 'cpuQuota'>): string {
  return `${c.cores} ${c.cores === 1 ? 'core' : 'cores'}${coresDetail(c)}`;
}

function coresDetail(c: Pick<Context, 'affinity' | 'cpuQuota'>): string {
  const affinity = c.affinity === undefined ? '' : ` (CPUs ${c.affinity})`;
  const quota = c.cpuQuota === undefined ? '' : `, quota ${c.cpuQuota.toFixed(2)} CPUs`;
  return `${affinity}${quota}`;
}
