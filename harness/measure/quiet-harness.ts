/** Collects the harness's own garbage between trials, so its collector does not run beside a trial. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection of the harness now, before a trial is spawned. The harness allocates
 * between trials (results written after each, reports read), and V8 would otherwise collect that
 * garbage, on its main and helper threads, while the next trial runs beside it on the same cores.
 * `gc` is exposed at run time the way benchmark tools such as mitata do; where V8 refuses, this
 * does nothing.
 */
export function collectHarnessGarbage(): void {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    try {
      if (exposed === undefined) setFlagsFromString('--expose-gc');
      collect = exposed ?? (runInNewContext('gc') as () => void);
    } catch {
      collect = null;
    }
  }
  collect?.();
}
