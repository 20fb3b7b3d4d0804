/** The instruments' part of a report, from their slots in the trials: one table per instrument, and its notes. */
// A row's figures are the instrument's own. An instrument this parabench does not have, or a
// reading its schema refuses, is named, never guessed at.
import { Ajv, type ValidateFunction } from 'ajv';
import type { Instrument, InstrumentFigure, ReadRow, ReadTrial } from '../instrument.js';
import { loadedInstrument } from '../instrument-registry.js';
import { countedTrials } from '../results/counted-trials.js';
import type { ScenarioResult } from '../results/records.js';
import type { Table } from './comparison-table.js';
import { bytes, duration } from './format.js';

/** One instrument's table and notes for one scenario. */
export interface InstrumentPart {
  readonly name: string;
  readonly measures: string;
  /** Absent where this parabench has no instrument of that name. */
  readonly table?: Table;
  readonly notes: readonly string[];
}

/** The names of the instruments any trial of the scenario recorded, in the order first seen. */
export function instrumentsIn(result: ScenarioResult): string[] {
  return [...new Set(result.rows.flatMap((row) => row.trials.flatMap((t) => Object.keys(t.instruments ?? {}))))];
}

const checkers = new Map<string, ValidateFunction>();
function checker(instrument: Instrument): ValidateFunction {
  let check = checkers.get(instrument.name);
  if (check === undefined) {
    check = new Ajv({ allErrors: false, strictNumbers: true }).compile(instrument.schema);
    checkers.set(instrument.name, check);
  }
  return check;
}

/** Units a cell writes itself, in the size that suits the value; any other unit goes in the column's heading. */
const SCALED_UNITS: ReadonlySet<string> = new Set(['B', 's']);

/** A figure's column heading: its label, with its unit where the cells do not write it. */
const headingOf = (figure: InstrumentFigure): string => (figure.unit === '' || SCALED_UNITS.has(figure.unit) ? figure.label : `${figure.label} (${figure.unit})`);

/** A figure as a cell: bytes and seconds in the unit that suits them, other figures to three significant digits. */
export function figureText(figure: InstrumentFigure): string {
  if (figure.value === null) return '-';
  if (figure.unit === 'B') return bytes(figure.value);
  if (figure.unit === 's') return duration(figure.value);
  return Math.abs(figure.value) >= 100 ? figure.value.toFixed(0) : Number(figure.value.toPrecision(3)).toString();
}

/** Every instrument's part for the scenario; empty where its trials recorded none. */
export function instrumentParts(result: ScenarioResult): InstrumentPart[] {
  return instrumentsIn(result).map((name) => {
    const instrument = loadedInstrument(name);
    if (instrument === undefined) {
      return { name, measures: '', notes: [`Instrument ${name}: recorded in this file, but this parabench does not have it; its readings are kept, not shown.`] };
    }
    const check = checker(instrument);
    const problems = new Map<string, number>();
    const rows: ReadRow<unknown>[] = result.rows.map((row) => ({
      label: row.label,
      trials: countedTrials(row).map((trial): ReadTrial<unknown> => {
        const slot = trial.instruments?.[name];
        let reading: unknown = null;
        if (slot !== undefined && 'error' in slot) problems.set(`${row.label}: ${slot.error}`, (problems.get(`${row.label}: ${slot.error}`) ?? 0) + 1);
        else if (slot !== undefined && check(slot.reading)) reading = slot.reading;
        else if (slot !== undefined && slot.reading !== null) problems.set(`${row.label}: a reading its schema refuses`, (problems.get(`${row.label}: a reading its schema refuses`) ?? 0) + 1);
        return { reading, items: trial.items, workSeconds: trial.workSeconds };
      }),
    }));
    const figuresOf = instrument.figures;
    const notes = [...[...problems].map(([what, count]) => `Instrument ${name} has no reading in ${count} trial${count === 1 ? '' : 's'} of ${what}.`), ...(instrument.notes?.(rows) ?? [])];
    if (figuresOf === undefined) return { name, measures: instrument.measures, notes };
    const figures = rows.map((row) => figuresOf(row.trials));
    const labels = figures.find((list) => list.length > 0)?.map(headingOf) ?? [];
    const table: Table = {
      head: ['Approach', ...labels],
      rows: rows.map((row, index) => ({
        cells: [row.label, ...(figures[index] ?? []).map(figureText)],
        tone: 'plain' as const,
      })),
    };
    return { name, measures: instrument.measures, table, notes };
  });
}
