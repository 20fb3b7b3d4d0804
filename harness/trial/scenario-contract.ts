/** What a scenario's `run` and `digest` must give back, checked in every trial: a scenario that breaks it fails its rows, never verifies them. */
import type { ItemDigest } from '../../scenarios/scenario.js';

/** A scenario that broke its contract: the trial fails with this message, naming the scenario and the member. */
export class ScenarioContractError extends Error {
  override readonly name = 'ScenarioContractError';
}

const described = (value: unknown): string => {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
};

/** `run()` returns one outcome per item it was asked to run. */
export function checkOutcomes(scenario: string, outcomes: unknown, items: number): void {
  if (!Array.isArray(outcomes)) {
    throw new ScenarioContractError(`scenario ${scenario}: run() returned ${described(outcomes)}, where it must return one outcome per item (${items} items)`);
  }
  if (outcomes.length !== items) {
    throw new ScenarioContractError(`scenario ${scenario}: run() returned ${outcomes.length} outcomes for ${items} items; it must return one per item, in order`);
  }
}

/** `digest()` returns one hash (a string) per outcome, or null for an item that failed. */
export function checkDigests(scenario: string, digests: unknown, outcomes: number): asserts digests is ItemDigest[] {
  if (!Array.isArray(digests)) {
    throw new ScenarioContractError(`scenario ${scenario}: digest() returned ${described(digests)}, where it must return one content hash (a string, or null for a failed item) per item (${outcomes} items)`);
  }
  if (digests.length !== outcomes) {
    throw new ScenarioContractError(`scenario ${scenario}: digest() returned ${digests.length} hashes for ${outcomes} items; it must return one per item, in order`);
  }
  const bad = digests.findIndex((digest) => digest !== null && (typeof digest !== 'string' || digest.length === 0));
  if (bad >= 0) {
    throw new ScenarioContractError(`scenario ${scenario}: digest() gave item ${bad} ${described(digests[bad])}, where each hash must be a non-empty string (or null for a failed item)`);
  }
}
