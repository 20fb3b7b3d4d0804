/** Every document's reading by id, and a document's plan joined with its reading: what `reproduce` runs and reports. */
import type { ReproduceSettings } from '../../scenarios/documents/document.js';
import { plans } from '../../scenarios/documents/registry.js';
import type { DocumentReading, Reproduction } from './reading.js';
import { thumbnailsReading } from './readings/doc-000-thumbnails.js';
import { threadsVsProcessesReading } from './readings/doc-001-threads-vs-processes.js';
import { pipelineReading } from './readings/doc-002-pipeline.js';
import { processPoolReading } from './readings/doc-003-process-pool.js';

/** Each document's reading by id; its plan is in scenarios/documents/registry.ts. */
export const readings: Readonly<Record<string, (settings: ReproduceSettings) => DocumentReading>> = {
  '000': thumbnailsReading,
  '001': threadsVsProcessesReading,
  '002': pipelineReading,
  '003': processPoolReading,
};

/** Document `id`'s plan for these settings, with its reading of the results. */
export function reproduction(id: string, settings: ReproduceSettings): Reproduction {
  const plan = plans[id];
  const reading = readings[id];
  if (plan === undefined || reading === undefined) throw new Error(`no plan for document ${id}`);
  return { ...plan(settings), ...reading(settings) };
}
