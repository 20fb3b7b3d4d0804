/** A mistake in how parabench was called: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** Parses a positive whole number, or throws a UsageError naming the flag. */
export function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag} takes a positive whole number, got "${text}"`);
  }
  return value;
}

/** Parses "1,2,4" into distinct positive whole numbers, in the order given. */
export function positiveIntegerList(flag: string, text: string): number[] {
  const values = text.split(',').map((part) => positiveInteger(flag, part.trim()));
  return [...new Set(values)];
}

/** Splits "a,b" and checks each name against the choices, or throws a UsageError listing them. */
export function choiceList(flag: string, text: string, choices: readonly string[], allowPath = false): string[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  if (names.length === 0) throw new UsageError(`${flag} needs at least one of: ${choices.join(', ')}`);
  for (const name of names) {
    const isPath = allowPath && (name.startsWith('.') || name.startsWith('/') || /\.m?js$/.test(name));
    if (!choices.includes(name) && !isPath) {
      throw new UsageError(`unknown ${flag.replace(/^--/, '')} "${name}"; choose from: ${choices.join(', ')}`);
    }
  }
  return [...new Set(names)];
}
