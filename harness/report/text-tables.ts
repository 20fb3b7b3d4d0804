/** Draws a plain `Table` as markdown or as a boxed, coloured terminal table. */
import type { ChalkInstance } from 'chalk';
import CliTable from 'cli-table3';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { Table, TableRow, Tone } from './comparison-table.js';
import { markdownCell, terminalText } from '../safe-text.js';

/**
 * A GitHub-flavoured markdown table; every cell passes markdownCell (cells carry user text: names,
 * error messages), so pipes and line breaks cannot break a column and no HTML or link gets in.
 */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.map(markdownCell).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.map(markdownCell).join(' | ')} |`),
  ].join('\n');
}

/** Characters a terminal table spends on each column beside its text: one space of padding, one between columns. */
const PER_COLUMN = 2;
/** A column is never squeezed below this many characters, however narrow the terminal. */
const NARROWEST = 3;

/** Rules under the header (and between rows that take several lines), columns two spaces apart: no box to pay for. */
const LIGHT_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', right: '', 'right-mid': '',
  mid: '─', 'mid-mid': '─', middle: ' ',
};

/** Between body rows that take several lines: a blank line rather than a second rule. */
const GAP_CHARS = { ...LIGHT_CHARS, mid: ' ', 'mid-mid': ' ' };

/** Lines of `text` no wider than `width`, broken between words where possible and inside a word where not. */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapAnsi(line, Math.max(1, width), { hard: true, trim: true }).split('\n'));
}

const longestWord = (text: string): number => Math.max(0, ...text.split(/\s+/).map((word) => stringWidth(word)));
const widest = (text: string): number => Math.max(0, ...text.split('\n').map((line) => stringWidth(line)));

/** The last non-empty cell of a spanning row, when it has empty cells after it to cover, and how many columns it covers. */
function spanOf(row: TableRow, columns: number): { at: number; span: number } | undefined {
  if (row.spanLast !== true) return undefined;
  let at = row.cells.length - 1;
  while (at > 0 && row.cells[at] === '') at -= 1;
  return columns - at > 1 ? { at, span: columns - at } : undefined;
}

/**
 * Text widths of each column so the whole table fits in `width` characters: natural widths when
 * they fit; otherwise columns give way a character at a time, each time the one that adds the
 * fewest lines to the table (a long heading over short figures first, then cells that already
 * wrap), down to their longest word, then (only if the table is still too wide) below it, where
 * words break.
 */
export function fitColumns(table: Table, width: number): number[] {
  const columns = table.head.length;
  // Column by column, the texts whose width counts: the heading, then every cell but a spanning one.
  const texts: string[][] = table.head.map((head) => [head]);
  for (const row of [...table.rows]) {
    const span = spanOf(row, columns);
    texts.forEach((list, i) => list.push(span !== undefined && i >= span.at ? '' : (row.cells[i] ?? '')));
  }
  const natural = texts.map((list) => Math.max(...list.map(widest)));
  const words = texts.map((list) => Math.max(...list.map(longestWord)));
  const room = width + 1 - PER_COLUMN * columns;
  const widths = [...natural];
  if (widths.reduce((sum, w) => sum + w, 0) <= room) return widenForSpans(table, widths, room);
  const linesAt = (i: number, w: number): number[] => (texts[i] ?? []).map((text) => (text === '' ? 1 : wrapText(text, w).length));

  const height = (columnLines: readonly (readonly number[])[]): number =>
    (texts[0] ?? []).reduce((sum, _, r) => sum + Math.max(...columnLines.map((list) => list[r] ?? 1)), 0);
  const total = (): number => widths.reduce((sum, w) => sum + w, 0);
  // A heading wider than its figures wraps first: it costs one line for the whole table.
  const figures = texts.map((list) => Math.max(0, ...list.slice(1).map(widest)));
  const headFloor = texts.map((list, i) => Math.max(NARROWEST, figures[i] ?? 0, longestWord(list[0] ?? '')));
  while (total() > room) {
    let pick = -1;
    widths.forEach((w, i) => {
      if (w > (headFloor[i] as number) && (pick < 0 || w > (widths[pick] as number))) pick = i;
    });
    if (pick < 0) break;
    widths[pick] = (widths[pick] as number) - 1;
  }
  const lines = widths.map((w, i) => linesAt(i, w));
  for (const floor of [words.map((w, i) => Math.max(NARROWEST, Math.min(w, natural[i] ?? w))), widths.map(() => NARROWEST)]) {
    while (total() > room) {
      let best: { i: number; cost: number; wraps: number; next: number[] } | undefined;
      widths.forEach((w, i) => {
        if (w <= (floor[i] as number)) return;
        const next = linesAt(i, w - 1);
        const cost = height(lines.map((list, j) => (j === i ? next : list)));
        const wraps = next.reduce((sum, n, r) => sum + (n > (lines[i]?.[r] ?? 1) ? 1 : 0), 0);
        const better = best === undefined || cost < best.cost || (cost === best.cost && (wraps < best.wraps || (wraps === best.wraps && w > (widths[best.i] as number))));
        if (better) best = { i, cost, wraps, next };
      });
      if (best === undefined) break;
      widths[best.i] = (widths[best.i] as number) - 1;
      lines[best.i] = best.next;
    }
  }
  return widths;
}

/** Room left over goes to the last column a spanning cell covers, as much as the cell needs to sit on fewer lines. */
function widenForSpans(table: Table, widths: number[], room: number): number[] {
  const columns = widths.length;
  for (const row of table.rows) {
    const span = spanOf(row, columns);
    if (span === undefined) continue;
    const have = widths.slice(span.at).reduce((sum, w) => sum + w, 0) + PER_COLUMN * (span.span - 1);
    const spare = room - widths.reduce((sum, w) => sum + w, 0);
    const more = Math.min(spare, widest(row.cells[span.at] ?? '') - have);
    if (more > 0) widths[columns - 1] = (widths[columns - 1] as number) + more;
  }
  return widths;
}

/**
 * A table for a terminal, each row coloured by its tone, no wider than `width` characters (cells
 * wrap inside their column; only a table with more columns than the width can hold, each at
 * three characters, is wider). Rows are ruled apart only when one of them takes several lines.
 * Cells pass terminalText first.
 */
export function terminalTable(given: Table, chalk: ChalkInstance, width = Number.POSITIVE_INFINITY): string {
  // Cells carry user text (names, error messages): no escape sequence of theirs reaches the terminal.
  const table: Table = { head: given.head.map(terminalText), rows: given.rows.map((row) => ({ ...row, cells: row.cells.map(terminalText) })) };
  const tone: Record<Tone, (text: string) => string> = {
    plain: (text) => text,
    best: (text) => chalk.green(text),
    failed: (text) => chalk.red(text),
    baseline: (text) => chalk.dim(text),
  };
  const columns = table.head.length;
  const widths = fitColumns(table, width);
  const room = (at: number, span: number): number =>
    widths.slice(at, at + span).reduce((sum, w) => sum + w, 0) + PER_COLUMN * (span - 1);
  const wrap = (text: string, at: number, span = 1): string[] => wrapText(text, room(at, span));
  const head = table.head.map((h, i) => wrap(h, i));
  const rows = table.rows.map((row) => {
    const span = spanOf(row, columns);
    const cells = span === undefined ? row.cells : row.cells.slice(0, span.at + 1);
    return cells.map((cell, i) => {
      const lines = span !== undefined && i === span.at ? wrap(cell, i, span.span) : wrap(cell, i);
      return { lines, colSpan: span !== undefined && i === span.at ? span.span : 1, tone: row.tone };
    });
  });
  const tall = rows.some((cells) => cells.some((cell) => cell.lines.length > 1));
  const out = new CliTable({
    head: head.map((lines) => chalk.bold(lines.join('\n'))),
    colWidths: widths.map((w) => w + 1),
    chars: LIGHT_CHARS,
    style: { head: [], border: [], compact: !tall, 'padding-left': 0, 'padding-right': 1 },
  });
  rows.forEach((cells, r) => {
    out.push(
      cells.map((cell) => ({
        content: cell.lines.map((line) => tone[cell.tone](line)).join('\n'),
        colSpan: cell.colSpan,
        ...(r === 0 ? {} : { chars: GAP_CHARS }),
      })),
    );
  });
  return out
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
