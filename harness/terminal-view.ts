/** How terminal output is laid out: shared by the run, which prints, and the renderers. */

/**
 * How terminal output is laid out: the width it must fit, in characters, whether tables show every
 * column, and whether every note and timeline is shown (`--notes all`) or only the first notes.
 */
export interface TerminalView {
  readonly width: number;
  readonly wide: boolean;
  readonly allNotes?: boolean;
}

/** Output that is not a terminal, with no COLUMNS: wide enough for the compact tables unwrapped. */
export const DEFAULT_WIDTH = 100;

/** The compact view at the default width: what renderers use when nobody says otherwise. */
export const DEFAULT_VIEW: TerminalView = { width: DEFAULT_WIDTH, wide: false };
