/** The instruments a trial was asked for (`--instruments`), read around its work window. */
import type { Executor } from '../../strategies/executor.js';
import type { InstrumentSlot, TrialProbe, WorkWindow } from '../instrument.js';
import { loadInstruments } from '../instrument-registry.js';

export type { InstrumentSlot };

const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The asked-for instruments' probes of one trial. A probe that throws costs its own reading only:
 * its slot says why, and the trial goes on.
 */
export class InstrumentProbes {
  readonly #probes: (readonly [string, TrialProbe | string])[];

  private constructor(probes: (readonly [string, TrialProbe | string])[]) {
    this.#probes = probes;
  }

  /** Loads the named instruments (before the pool starts, outside every timed part) and makes one probe each that reads in the trial. */
  static async open(names: readonly string[]): Promise<InstrumentProbes> {
    const instruments = await loadInstruments(names);
    return new InstrumentProbes(
      instruments.flatMap((instrument): (readonly [string, TrialProbe | string])[] => {
        if (instrument.inTrial === undefined) return [];
        try {
          return [[instrument.name, instrument.inTrial()] as const];
        } catch (error) {
          return [[instrument.name, why(error)] as const];
        }
      }),
    );
  }

  /** Just before the work window. */
  async begin(pool: Executor): Promise<void> {
    for (const [index, [name, probe]] of this.#probes.entries()) {
      if (typeof probe === 'string') continue;
      try {
        await probe.begin(pool);
      } catch (error) {
        this.#probes[index] = [name, why(error)];
      }
    }
  }

  /** Just after the work window: every asked-for instrument's slot, by name; undefined when none was asked for. */
  async end(pool: Executor, window: WorkWindow): Promise<Record<string, InstrumentSlot> | undefined> {
    if (this.#probes.length === 0) return undefined;
    const slots: Record<string, InstrumentSlot> = {};
    for (const [name, probe] of this.#probes) {
      if (typeof probe === 'string') {
        slots[name] = { error: probe };
        continue;
      }
      try {
        slots[name] = { reading: (await probe.end(pool, window)) ?? null };
      } catch (error) {
        slots[name] = { error: why(error) };
      }
    }
    return slots;
  }

  /** When the trial ends: every probe lets go of what it holds. */
  close(): void {
    for (const [, probe] of this.#probes) if (typeof probe !== 'string') probe.close?.();
  }
}
