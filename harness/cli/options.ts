/** What commander hands each command's action, and the readers of it every command shares. */

/** A command's flags as commander stores them: camel-cased names, strings for values, true for switches. */
export interface RawOptions {
  [flag: string]: string | boolean | undefined;
}

/** The value given to a flag, or undefined for a flag left out (or a switch). */
export const text = (raw: RawOptions, name: string): string | undefined => {
  const value = raw[name];
  return typeof value === 'string' ? value : undefined;
};

/** Prints one line of a command's output (to stdout, in the process). */
export type Print = (line: string) => void;
