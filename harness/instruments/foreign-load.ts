/** Instrument foreign-load: the cores other processes kept busy while a trial ran, read in the harness from /proc/stat. */
import type { Instrument, InstrumentSlot } from '../instrument.js';
import { foreignCores, machineBusySeconds } from '../measure/machine-load.js';

/** One trial's reading: other processes' cores over its real time. */
export interface ForeignLoadReading {
  readonly cores: number;
}

export const instrument = {
  name: 'foreign-load',
  measures:
    "cores other processes kept busy while each trial ran: the machine's busy time (/proc/stat) over the trial, less the trial's processes' and the harness's own CPU, over its real time (Linux)",
  // Two reads of /proc/stat in the harness, one before the spawn and one after the exit: nothing runs in the trial.
  byDefault: true,
  inHarness: () => {
    let before: number | null = null;
    let after: number | null = null;
    return {
      begin: () => {
        before = machineBusySeconds();
      },
      end: () => {
        after = machineBusySeconds();
      },
      reading: (trial): ForeignLoadReading | null =>
        before === null || after === null ? null : { cores: foreignCores(after - before, trial.userSeconds + trial.sysSeconds, trial.harnessCpuSeconds, trial.realSeconds) },
    };
  },
  schema: { type: 'object', required: ['cores'], properties: { cores: { type: 'number', minimum: 0 } } },
  // Its figures and warnings are the report's own (the decision's reliability, compare's --max-foreign-load): read through foreignLoadOf.
} satisfies Instrument<ForeignLoadReading>;

/**
 * A trial's foreign load in cores, null where unknown: its instrument's reading, or the field that
 * results files written before instruments carried (`foreignLoadCores`).
 */
export function foreignLoadOf(trial: { readonly instruments?: Readonly<Record<string, InstrumentSlot>>; readonly foreignLoadCores?: number | null }): number | null {
  const slot = trial.instruments?.['foreign-load'];
  if (slot !== undefined && 'reading' in slot) {
    const cores = (slot.reading as Partial<ForeignLoadReading> | null)?.cores;
    return typeof cores === 'number' && Number.isFinite(cores) ? cores : null;
  }
  return trial.foreignLoadCores ?? null;
}
