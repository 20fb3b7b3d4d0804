/** The file system type a folder lives on, for the disk scenario's facts. */
import { readFile, realpath } from 'node:fs/promises';

/** `\040` and friends in /proc's mount table stand for the octal character codes. */
const unescape = (text: string): string => text.replace(/\\([0-7]{3})/g, (_, code: string) => String.fromCharCode(parseInt(code, 8)));

/**
 * The file system type a folder lives on (ext4, tmpfs, overlay, ...), from Linux's mount
 * table: a disk benchmark on tmpfs measures memory, and the report must say so. 'unknown'
 * where there is no /proc.
 */
export async function filesystemOf(folder: string): Promise<string> {
  let table: string;
  let path: string;
  try {
    [table, path] = await Promise.all([readFile('/proc/self/mountinfo', 'utf8'), realpath(folder)]);
  } catch {
    return 'unknown';
  }
  let best = { mount: '', type: 'unknown' };
  for (const line of table.split('\n')) {
    // Fields: id parent major:minor root mount-point options [optional...] - type source super-options
    const [left, right] = line.split(' - ');
    const mount = unescape(left?.split(' ')[4] ?? '');
    const type = right?.split(' ')[0];
    if (type === undefined || mount === '') continue;
    const inside = path === mount || path.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
    if (inside && mount.length >= best.mount.length) best = { mount, type };
  }
  return best.type;
}
