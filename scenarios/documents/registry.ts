/** Every document's plan by id. To add a document: its name in names.ts, its plan file, one line here, and its reading in harness/reproduce/readings/ with a line in harness/reproduce/registry.ts. */
import type { DocumentPlan, ReproduceSettings } from './document.js';
import { thumbnailsPlan } from './doc-000-thumbnails.js';
import { threadsVsProcessesPlan } from './doc-001-threads-vs-processes.js';
import { pipelinePlan } from './doc-002-pipeline.js';
import { processPoolPlan } from './doc-003-process-pool.js';

export const plans: Readonly<Record<string, (settings: ReproduceSettings) => DocumentPlan>> = {
  '000': thumbnailsPlan,
  '001': threadsVsProcessesPlan,
  '002': pipelinePlan,
  '003': processPoolPlan,
};
