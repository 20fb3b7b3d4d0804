// Example scenario loaded by path (`--scenario ./examples/scenarios/word-count.js`): word counts of generated documents.
import { createHash } from 'node:crypto';

/** The task: counts the words of one document; workers import it from this same file. */
export function countWords(text) {
  const counts = new Map();
  for (const word of text.toLowerCase().split(/[^a-z']+/)) {
    if (word !== '') counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  return { words: [...counts.values()].reduce((sum, n) => sum + n, 0), distinct: counts.size, top };
}

const COUNT_WORDS = { module: import.meta.url, export: 'countWords' };
const VOCABULARY = ['node', 'thread', 'process', 'worker', 'event', 'loop', 'promise', 'cluster', 'pool', 'queue', 'core', 'clone', 'buffer', 'libuv', 'v8'];

/** Document `index`: `words` words drawn from a small vocabulary by a seeded generator, so every run sees the same text. */
function makeDocument(index, words) {
  let state = (index + 1) * 2654435761;
  const next = () => (state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0);
  const parts = [];
  for (let i = 0; i < words; i += 1) parts.push(`${VOCABULARY[next() % VOCABULARY.length]}${next() % 40}`);
  return parts.join(' ');
}

/** A Scenario (see scenarios/scenario.ts): prepare outside the timed part, run on the executor, digest the outputs. */
export default {
  name: 'word-count',
  summary: 'word counts of generated text documents (an example scenario loaded by path)',
  items: { normal: 200, quick: 50, full: 1000 },
  flags: [
    {
      name: 'words',
      description: 'word-count: words per document',
      defaultValue: '50000',
      check: (value) => (/^[1-9]\d*$/.test(value) ? undefined : 'takes a whole number of 1 or more'),
    },
  ],
  async setup(options) {
    return { wordsPerDocument: Number(options.params.words) };
  },
  async prepare(options) {
    return { documents: Array.from({ length: options.items }, (_, i) => makeDocument(i, Number(options.params.words))) };
  },
  // Imported by every worker as the pool starts, so the first items do not pay for it.
  tasks() {
    return [COUNT_WORDS];
  },
  run(executor, prepared, options) {
    return executor.mapSettled(COUNT_WORDS, prepared.documents, { chunkSize: options.chunkSize });
  },
  async digest(_prepared, outcomes) {
    return outcomes.map((outcome) => (outcome.ok ? createHash('sha256').update(JSON.stringify(outcome.value)).digest('hex') : null));
  },
  counters(outcomes) {
    return { failed: outcomes.filter((outcome) => !outcome.ok).length };
  },
  async facts() {
    return {};
  },
  async cleanup() {},
};
