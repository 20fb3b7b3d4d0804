/** Text timelines of stage events: one lane per worker, and the best and worst rows' typical trials. */
import { duration as formatSeconds } from './format.js';
import { countedTrials } from '../results/counted-trials.js';
import type { Row, ScenarioResult, StageEvent, TrialRecord } from '../results/records.js';

/** How a timeline is drawn: bar width in characters, and its length in seconds (at least the last event's end). */
export interface TimelineOptions {
  readonly width: number;
  readonly totalSeconds?: number;
}

const IDLE = '.';

/** One letter per stage: its first letter not taken yet, upper case (e.g. C collect, I import, R report). */
export function stageLetters(stages: readonly string[]): Map<string, string> {
  const letters = new Map<string, string>();
  const taken = new Set<string>();
  for (const stage of stages) {
    if (letters.has(stage)) continue;
    const candidates = [...stage.toUpperCase().replace(/[^A-Z0-9]/g, ''), ...'ABCDEFGHJKLMNOPQSTUVWXYZ0123456789'];
    const letter = candidates.find((c) => !taken.has(c) && c !== IDLE) ?? '?';
    taken.add(letter);
    letters.set(stage, letter);
  }
  return letters;
}

/**
 * Splits a lane's events into rows in which none overlap, so concurrent work stays visible:
 * each event goes to the first free row that last ran the same stage, else the first free row.
 */
function packRows(events: readonly StageEvent[]): StageEvent[][] {
  const rows: StageEvent[][] = [];
  for (const event of [...events].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const free = rows.filter((r) => (r[r.length - 1] as StageEvent).end <= event.start + 1e-9);
    const row = free.find((r) => r[r.length - 1]?.stage === event.stage) ?? free[0];
    if (row === undefined) rows.push([event]);
    else row.push(event);
  }
  return rows;
}

/** Draws one row: each column shows the event covering most of it, every event at least once, idle as dots. */
function drawRow(events: readonly StageEvent[], letters: ReadonlyMap<string, string>, width: number, total: number): string {
  const step = total / width;
  // Consecutive executions of one stage on a row alternate case, so each one can be told apart.
  const symbols: string[] = [];
  events.forEach((event, i) => {
    const letter = letters.get(event.stage) ?? '?';
    const previous = events[i - 1];
    const flip = previous !== undefined && previous.stage === event.stage && symbols[i - 1] === letter;
    symbols.push(flip ? letter.toLowerCase() : letter);
  });
  const cells = Array<string>(width).fill(IDLE);
  const owner = Array<number>(width).fill(0);
  events.forEach((event, i) => {
    const first = Math.max(0, Math.floor(event.start / step));
    const last = Math.min(width - 1, Math.ceil(event.end / step) - 1);
    for (let column = first; column <= last; column += 1) {
      const covered = Math.min(event.end, (column + 1) * step) - Math.max(event.start, column * step);
      if (covered > owner[column]!) {
        owner[column] = covered;
        cells[column] = symbols[i] as string;
      }
    }
  });
  // An event shorter than a column that lost every column it touched still gets the one at its middle.
  events.forEach((event, i) => {
    const symbol = symbols[i] as string;
    if (!cells.includes(symbol) || !ownsAny(cells, event, step, symbol)) {
      cells[Math.min(width - 1, Math.floor((event.start + event.end) / 2 / step))] = symbol;
    }
  });
  return cells.join('');
}

function ownsAny(cells: readonly string[], event: StageEvent, step: number, symbol: string): boolean {
  const first = Math.max(0, Math.floor(event.start / step));
  const last = Math.min(cells.length - 1, Math.ceil(event.end / step) - 1);
  for (let column = first; column <= last; column += 1) if (cells[column] === symbol) return true;
  return false;
}

/**
 * A text timeline, one lane per worker (lanes in order of their first event; a lane whose
 * events overlap gets extra rows), one character per `seconds / width`, stage letters for
 * work and dots for idle, with a time axis and a legend. Pure: the same events, the same text.
 */
export function renderTimeline(events: readonly StageEvent[], options: TimelineOptions): string[] {
  if (events.length === 0) return [];
  const width = Math.max(1, Math.floor(options.width));
  const total = Math.max(options.totalSeconds ?? 0, ...events.map((e) => e.end), 1e-9);
  const letters = stageLetters(events.map((e) => e.stage));
  const lanes = new Map<string, StageEvent[]>();
  for (const event of [...events].sort((a, b) => a.start - b.start)) {
    const lane = lanes.get(event.lane);
    if (lane === undefined) lanes.set(event.lane, [event]);
    else lane.push(event);
  }
  const rows: { label: string; bar: string }[] = [];
  for (const [lane, laneEvents] of lanes) {
    packRows(laneEvents).forEach((row, i) => rows.push({ label: i === 0 ? lane : `${lane} #${i + 1}`, bar: drawRow(row, letters, width, total) }));
  }
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const start = '0 s';
  const end = formatSeconds(total);
  const axis = `${' '.repeat(labelWidth)}  ${start}${' '.repeat(Math.max(1, width - start.length - end.length))}${end}`;
  const legend = [...letters].map(([stage, letter]) => `${letter} ${stage}`).join(', ');
  return [
    ...rows.map((r) => `${r.label.padEnd(labelWidth)} |${r.bar}|`),
    axis,
    `${legend}, ${IDLE} idle; consecutive runs of a stage alternate case`,
  ];
}

/** The measured, verified trial with events whose work window is nearest the row's median: the row's typical run. */
export function typicalTrial(row: Row): TrialRecord | undefined {
  if (row.state !== 'completed') return undefined;
  const median = row.summary.workSeconds.median;
  return countedTrials(row)
    .filter((t) => t.events.length > 0)
    .sort((a, b) => Math.abs((a.workSeconds ?? 0) - median) - Math.abs((b.workSeconds ?? 0) - median))[0];
}

/**
 * Timelines of the best and the worst rows, ranked by their median work window (what a timeline
 * shows), for scenarios that record stage events; empty otherwise.
 */
export function timelineSection(result: ScenarioResult, width = 64): string[] {
  const work = (row: Row): number => (row.state === 'completed' ? row.summary.workSeconds.median : Number.POSITIVE_INFINITY);
  const ranked = result.rows.filter((row) => typicalTrial(row) !== undefined).sort((a, b) => work(a) - work(b));
  const best = ranked[0];
  const worst = ranked[ranked.length - 1];
  if (best === undefined || worst === undefined) return [];
  const picks: [Row, string][] = best === worst ? [[best, 'the only row']] : [[best, 'best'], [worst, 'worst']];
  return picks.flatMap(([row, why]) => {
    const trial = typicalTrial(row) as TrialRecord;
    const workSeconds = trial.workSeconds ?? 0;
    const bound = trial.boundSeconds === null ? '' : `, ideal ${formatSeconds(trial.boundSeconds)}`;
    return ['', `Timeline of ${row.label} (${why}; work window ${formatSeconds(workSeconds)}${bound}, round ${trial.round + 1}):`, ...renderTimeline(trial.events, { width, totalSeconds: workSeconds })];
  });
}
