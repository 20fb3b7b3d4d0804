/** An overhead-scenario input: an index, with a payload where the run sends one. */
export type EchoInput = number | { readonly index: number; readonly data: Uint8Array };

/**
 * The trivial task of the overhead scenario: nearly no work, so what is measured is the cost
 * of getting an item to a worker and its answer back. With a payload it reads the first and last
 * bytes, so the payload really arrived.
 */
export function echo(input: EchoInput): number {
  if (typeof input === 'number') return input;
  const { index, data } = input;
  return index * 1_000_003 + data.byteLength + (data[0] ?? 0) + (data[data.byteLength - 1] ?? 0);
}
