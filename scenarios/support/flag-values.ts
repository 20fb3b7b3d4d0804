/** Parsers of scenario flag values, each with a twin that says what is wrong with one. */
/**
 * Parsers for scenario flag values, which arrive as strings. Each has a `problem` twin that
 * says what is wrong with a value (for `ScenarioFlag.check`), so a bad value is a usage error
 * before any trial runs, and the parser itself can then trust its input.
 */

const WHOLE = /^\d+$/;
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i;
const UNITS: Readonly<Record<string, number>> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** A whole number of at least 0 (milliseconds, counts). */
export function wholeNumber(text: string): number {
  return Number(text.trim());
}

export function wholeNumberProblem(text: string): string | undefined {
  return WHOLE.test(text.trim()) && Number.isSafeInteger(Number(text.trim())) ? undefined : 'takes a whole number of 0 or more';
}

/** A fraction of answers: `0.05` or `5%`, from 0 to 1. */
export function rate(text: string): number {
  const trimmed = text.trim();
  return trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
}

export function rateProblem(text: string): string | undefined {
  const trimmed = text.trim();
  const number = trimmed.endsWith('%') ? trimmed.slice(0, -1) : trimmed;
  if (number === '' || !/^\d*\.?\d+$/.test(number)) return 'takes a fraction such as 0.05 or a percentage such as 5%';
  const value = rate(text);
  return value >= 0 && value <= 1 ? undefined : 'must lie between 0 and 1 (0% and 100%)';
}

/** A size in bytes: `2000`, `64KiB`, `1.5MiB`. */
export function bytes(text: string): number {
  const match = SIZE.exec(text.trim()) as RegExpExecArray;
  return Math.round(Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1));
}

export function bytesProblem(text: string): string | undefined {
  if (!SIZE.test(text.trim())) return 'takes a size such as 2000, 64KiB or 1MiB';
  const value = bytes(text);
  return value >= 1 && value <= 1024 ** 3 ? undefined : 'must be between 1 byte and 1GiB';
}

/** `on` or `off`. */
export function onOff(text: string): boolean {
  return text.trim().toLowerCase() === 'on';
}

export function onOffProblem(text: string): string | undefined {
  return ['on', 'off'].includes(text.trim().toLowerCase()) ? undefined : 'takes on or off';
}

/** A positive number, fractions allowed (sizes in MiB). */
export function positiveNumberProblem(text: string): string | undefined {
  const value = Number(text.trim());
  return /^\d*\.?\d+$/.test(text.trim()) && value > 0 ? undefined : 'takes a number above 0';
}
