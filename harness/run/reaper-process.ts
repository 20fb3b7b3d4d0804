/** The reaper process: ends every trial process group it guards once the harness that started it is gone. */

// The harness writes `+<pgid>` when a trial starts and `-<pgid>` when it has ended. When the pipe
// closes (the harness exited, was killed with SIGKILL, or crashed) the groups still listed go with
// it: a trial busy on its main thread cannot notice its parent's death itself, and this costs the
// measured trials nothing.
const groups = new Set<number>();
let pending = '';

function endAll(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  }
  groups.clear();
}

// Should Ctrl-C reach it, the harness handles that: this stays on guard until the harness exits.
process.on('SIGINT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    endAll();
    process.exit(0);
  });
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line.startsWith('+')) groups.add(pgid);
    else if (line.startsWith('-')) groups.delete(pgid);
  }
});
process.stdin.on('close', () => {
  endAll();
  process.exit(0);
});
process.stdin.on('error', () => undefined);
// Tells the harness the guard is up, so its start overlaps no measured trial.
process.stdout.write('ready\n');
