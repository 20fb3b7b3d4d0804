/** The trial's side of the vitals channel: hears worker threads say hello and asks them for their figures. */
import { existsSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { VITALS_CHANNEL, type ThreadVitals, type VitalsMessage } from '../../../strategies/pool/worker/vitals.js';

/** Longest to wait for worker threads to answer, in milliseconds: they answer between tasks. */
const ANSWER_TIMEOUT_MS = 1_000;

/** Listens for worker threads of this process; open it before the pool starts so no hello is missed. */
export class ThreadVitalsCollector {
  readonly #channel = new BroadcastChannel(VITALS_CHANNEL);
  /** Worker threads that said hello, by thread id (pid/tid where Linux gave no tid). */
  readonly #known = new Map<string, ThreadVitals>();
  readonly #answers = new Map<number, Map<string, ThreadVitals>>();
  /** Threads that said they will not answer (reference pools' threads, blocked while idle). */
  readonly #silent = new Set<string>();
  #nextId = 1;
  #onAnswer: (() => void) | undefined;

  constructor() {
    this.#channel.onmessage = (event) => {
      const message = (event as { data: VitalsMessage }).data;
      if (message.type === 'hello') {
        this.#known.set(idOf(message.vitals), message.vitals);
        if (!message.answers) this.#silent.add(idOf(message.vitals));
      }
      else if (message.type === 'answer') {
        this.#known.set(idOf(message.vitals), message.vitals);
        this.#answers.get(message.id)?.set(idOf(message.vitals), message.vitals);
        this.#onAnswer?.();
      }
    };
    this.#channel.unref();
  }

  /** Thread ids the worker threads reported so far. */
  get workerTids(): Set<number> {
    return new Set([...this.#known.values()].flatMap((v) => (v.tid === null ? [] : [v.tid])));
  }

  /** Asks every worker thread for its figures; resolves when all that said hello answered, or on timeout. */
  async ask(): Promise<ThreadVitals[]> {
    // A worker that has ended cannot answer: forget it rather than wait for it.
    for (const [key, vitals] of this.#known) if (vitals.tid !== null && !existsSync(`/proc/${vitals.pid}/task/${vitals.tid}`)) this.#known.delete(key);
    const askable = [...this.#known.keys()].filter((key) => !this.#silent.has(key));
    if (askable.length === 0) return [];
    const id = this.#nextId++;
    const answers = new Map<string, ThreadVitals>();
    this.#answers.set(id, answers);
    this.#channel.postMessage({ type: 'ask', id } satisfies VitalsMessage);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ANSWER_TIMEOUT_MS);
      this.#onAnswer = () => {
        if (askable.every((key) => answers.has(key))) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.#onAnswer();
    });
    this.#onAnswer = undefined;
    this.#answers.delete(id);
    return [...answers.values()];
  }

  close(): void {
    this.#channel.close();
  }
}

const idOf = (v: ThreadVitals): string => `${v.pid}/${v.tid ?? 'main'}`;
