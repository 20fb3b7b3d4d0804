/** The `overhead` scenario: tiny tasks and payloads, to measure what dispatching and moving data cost. */
import type { TransferListItem } from 'node:worker_threads';
import type { Executor, Outcome, TaskRef } from '../strategies/executor.js';
import { toErrorInfo } from '../strategies/executor.js';
import { bytes, bytesProblem } from './support/flag-values.js';
import type { Scenario, ScenarioFlag } from './scenario.js';
import type { EchoInput } from './tasks/echo.js';

const ECHO: TaskRef = { module: new URL('./tasks/echo.js', import.meta.url).href, export: 'echo' };

/** How items are dispatched: one at a time (latency) or all in flight at once (throughput). */
type Dispatch = 'latency' | 'throughput';
/** How a payload travels to a worker thread: copied, moved, or shared. */
type PayloadMode = 'clone' | 'transfer' | 'shared';

/** Payloads of all items together stay under this, so a 16 MiB sweep does not exhaust memory. */
const PAYLOAD_BUDGET_BYTES = 512 * 1024 * 1024;

/** Payload bytes: "0" (none) or a size such as 1KiB or 16MiB. */
export function parseBytes(text: string): number {
  return text.trim() === '0' ? 0 : bytes(text);
}

const flags: readonly ScenarioFlag[] = [
  {
    name: 'dispatch',
    description: 'overhead: "throughput" (every item in flight) or "latency" (one at a time); a list makes rows',
    defaultValue: 'throughput',
    sweep: true,
    check: (v) => (v === 'throughput' || v === 'latency' ? undefined : 'choose throughput or latency'),
  },
  {
    name: 'payload',
    description: 'overhead: bytes sent with each item, e.g. 0, 1KiB, 16MiB; a list makes rows',
    defaultValue: '0',
    sweep: true,
    check: (v) => (v.trim() === '0' ? undefined : (bytesProblem(v) ?? (bytes(v) > 256 * 1024 * 1024 ? 'at most 256MiB' : undefined))),
  },
  {
    name: 'payload-mode',
    description: 'overhead: "clone" (copy), "transfer" (move ArrayBuffers) or "shared" (SharedArrayBuffer); a list makes rows',
    defaultValue: 'clone',
    sweep: true,
    check: (v) => (['clone', 'transfer', 'shared'].includes(v) ? undefined : 'choose clone, transfer or shared'),
  },
];

interface Prepared {
  readonly inputs: readonly EchoInput[];
  readonly dispatch: Dispatch;
  readonly mode: PayloadMode;
}

function makeInputs(count: number, bytes: number, mode: PayloadMode): EchoInput[] {
  if (bytes === 0) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: count }, (_, index) => {
    const buffer = mode === 'shared' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    const data = new Uint8Array(buffer);
    data[0] = index % 251;
    data[bytes - 1] = (index * 7) % 251;
    return { index, data };
  });
}

/** The buffers to move with an input in transfer mode. */
function transferOf(input: unknown): readonly TransferListItem[] {
  const data = (input as { data?: Uint8Array }).data;
  return data?.buffer instanceof ArrayBuffer ? [data.buffer] : [];
}

async function oneAtATime(executor: Executor, inputs: readonly EchoInput[], mode: PayloadMode): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const input of inputs) {
    try {
      const transfer = mode === 'transfer' ? transferOf(input) : [];
      outcomes.push({ ok: true, value: await executor.submit(ECHO, input, { transfer }) });
    } catch (error) {
      outcomes.push({ ok: false, error: toErrorInfo(error) });
    }
  }
  return outcomes;
}

/**
 * Document 003's question in Node's terms: what does handing one item to a worker cost? A
 * trivial task, many items, one row per strategy x chunk size x payload; Work / item is the
 * dispatch cost per task.
 */
export const overhead: Scenario<Prepared> = {
  name: 'overhead',
  summary: 'dispatch cost: many trivial tasks, per item one at a time or all in flight, with optional payloads',
  items: { normal: 20_000, quick: 5_000, full: 100_000 },
  flags,
  focus: ['per-item'],

  async setup(options) {
    const payloadBytes = parseBytes(options.params['payload'] ?? '0');
    const items = payloadBytes === 0 ? options.items : Math.max(1, Math.min(options.items, Math.floor(PAYLOAD_BUDGET_BYTES / payloadBytes)));
    return { items, task: 'echo (returns its input)' };
  },

  async prepare(options) {
    const payloadBytes = parseBytes(options.params['payload'] ?? '0');
    const mode = (options.params['payload-mode'] ?? 'clone') as PayloadMode;
    const count = payloadBytes === 0 ? options.items : Math.max(1, Math.min(options.items, Math.floor(PAYLOAD_BUDGET_BYTES / payloadBytes)));
    return { inputs: makeInputs(count, payloadBytes, mode), dispatch: (options.params['dispatch'] ?? 'throughput') as Dispatch, mode };
  },

  tasks: () => [ECHO],

  run(executor, prepared, options) {
    if (prepared.dispatch === 'latency') return oneAtATime(executor, prepared.inputs, prepared.mode);
    return executor.mapSettled(ECHO, prepared.inputs, {
      chunkSize: options.chunkSize,
      ...(prepared.mode === 'transfer' ? { transfer: transferOf } : {}),
    });
  },

  async digest(_prepared, outcomes) {
    return outcomes.map((outcome) => (outcome.ok ? String(outcome.value) : null));
  },

  counters() {
    return {};
  },

  async facts(prepared) {
    return { dispatch: prepared.dispatch, payloadMode: prepared.mode, tasks: prepared.inputs.length };
  },

  async cleanup() {},
};
