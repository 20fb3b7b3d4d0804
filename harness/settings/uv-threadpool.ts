/** `--uv-threadpool`: UV_THREADPOOL_SIZE in a row's trials (libuv reads it once, at start), so the pool's share of a gap can be measured. */
import type { RuntimeSetting } from './runtime-setting.js';
import { distinctValues } from './runtime-setting.js';

/** libuv's own bounds on UV_THREADPOOL_SIZE (it clamps anything else silently, so parabench refuses it). */
const UV_THREADPOOL_MAX = 1024;

/** Says what is wrong with one pool size, or undefined when libuv takes it. */
function sizeProblem(part: string): string | undefined {
  const size = Number(part);
  if (/^\d+$/.test(part) && size >= 1 && size <= UV_THREADPOOL_MAX) return undefined;
  return `--uv-threadpool takes whole numbers from 1 to ${UV_THREADPOOL_MAX} (libuv's valid range for UV_THREADPOOL_SIZE), got "${part}"`;
}

/** The libuv pool size of a row's trials, in threads; a shape of the run, so it has no value "as it is" to pair against. */
export const UV_THREADPOOL: RuntimeSetting<'uvThreadpoolSize', number, 'uvThreadpoolSizes', 'uvThreadpoolSize'> = {
  field: 'uvThreadpoolSize',
  sweepField: 'uvThreadpoolSizes',
  flag: '--uv-threadpool',
  help: 'UV_THREADPOOL_SIZE of every trial, 1 to 1024, e.g. 1,2,4,8',
  unset: 'left as it is',
  example: '1,4',
  parse: (list) => [...new Set(distinctValues(list, (part) => part.trim(), sizeProblem).map(Number))],
  keyPart: (size) => `uv${size}`,
  labelPart: (size) => `uv${size}`,
  setPerRow: 'set per row',
  variable: { name: 'UV_THREADPOOL_SIZE', value: (size) => String(size), seenField: 'uvThreadpoolSize' },
  schema: { type: 'integer', minimum: 1, maximum: UV_THREADPOOL_MAX },
};
