/** The loopback server's own process: configured over IPC, stopped by its parent. */
/**
 * The loopback server's own process. The harness forks it, sends its configuration, and
 * hears back the port; it ends when told to stop or when its parent goes away.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler, emptyStats } from './handler.js';
import type { FromServer, ToServer } from './protocol.js';

const stats = emptyStats();
let server: Server | undefined;

function tell(message: FromServer, then?: () => void): void {
  if (process.send === undefined) return;
  process.send(message, undefined, {}, () => then?.());
}

function stop(): void {
  server?.close();
  server?.closeAllConnections();
  const usage = process.cpuUsage();
  tell({ type: 'stopped', report: { userSeconds: usage.user / 1e6, sysSeconds: usage.system / 1e6, stats } }, () => process.exit(0));
}

// Ctrl-C in a terminal reaches the whole foreground group; the harness, not the key, decides
// when the server stops, so it can still report its CPU. A harness that dies closes the IPC
// channel, and the server leaves with it.
process.on('SIGINT', () => undefined);
process.once('disconnect', () => process.exit(0));

process.on('message', (message: ToServer) => {
  if (message.type === 'stop') {
    stop();
    return;
  }
  if (server !== undefined) return;
  const config = message.config;
  const listening = createServer(createHandler(config, stats));
  listening.on('error', (error) => tell({ type: 'failed', message: error.message }, () => process.exit(1)));
  // Port 0: the kernel picks a free port. 127.0.0.1 only: nothing off this machine can reach it.
  listening.listen(0, '127.0.0.1', () => {
    const { address, port } = listening.address() as AddressInfo;
    tell({ type: 'listening', address, port });
  });
  server = listening;
});
