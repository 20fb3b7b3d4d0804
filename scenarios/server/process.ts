/** Starts and stops the loopback server as a child process. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from './config.js';
import type { FromServer, ServerReport, ToServer } from './protocol.js';

const ENTRY = fileURLToPath(new URL('./main.js', import.meta.url));
/** How long the server may take to start listening, in milliseconds. */
const START_TIMEOUT_MS = 15_000;
/** How long it may take to report and exit when told to stop, before it is killed. */
const STOP_GRACE_MS = 5_000;

/** A running loopback server process, as its parent sees it. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly origin: string;
  readonly pid: number;
  /** Stops the server and resolves once its process has exited; undefined report if it had died. */
  stop(): Promise<ServerReport | undefined>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Forks the server, hands it its configuration and waits until it listens on a free loopback port. */
export function startServer(config: ServerConfig): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = fork(ENTRY, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const exitPromise = new Promise<void>((done) => child.once('exit', () => done()));
    let report: ServerReport | undefined;
    child.on('message', (message: FromServer) => {
      if (message.type === 'stopped') report = message.report;
    });

    const stop = async (): Promise<ServerReport | undefined> => {
      if (!exited(child)) {
        child.send({ type: 'stop' } satisfies ToServer);
        const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exitPromise;
        clearTimeout(grace);
      }
      return report;
    };

    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the loopback server did not start listening within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const early = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`the loopback server exited with ${signal ?? `code ${String(code)}`} before listening${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    child.once('exit', early);
    child.on('message', (message: FromServer) => {
      if (message.type === 'failed') {
        clearTimeout(timer);
        child.off('exit', early);
        child.kill('SIGKILL');
        reject(new Error(`the loopback server could not start: ${message.message}`));
      } else if (message.type === 'listening') {
        clearTimeout(timer);
        child.off('exit', early);
        // The parent may end without stopping it (a crash): then the IPC channel closes and the
        // server exits on its own, so it must not keep this process alive either.
        child.unref();
        child.channel?.unref();
        (child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
        resolve({ origin: `http://${message.address}:${message.port}`, pid: child.pid as number, stop });
      }
    });
    child.send({ type: 'start', config } satisfies ToServer);
  });
}
