/** The start barrier's two sides: trials run side by side (an `independent` row's copies) start their work windows together. */

/** What a trial sends when it is ready to start its work window. */
export const READY = { type: 'parabench:ready' } as const;

/** What the harness answers once every copy is ready. */
export const GO = { type: 'parabench:go' } as const;

/** True for a trial's ready message (anything else on the channel is its report). */
export function isReady(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === READY.type;
}

/**
 * Tells the harness this trial is prepared and its executor started, and waits for the word to
 * start the work window, so copies that booted at different speeds still work at the same time.
 * Without an IPC channel (a person running the trial) it returns at once.
 */
export function waitAtStartBarrier(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if ((message as { type?: unknown } | null)?.type !== GO.type) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    send(READY);
  });
}
