/** Writing results files: the folder checked before any trial, each file whole or absent. */
import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Makes sure results can be written to `dir` before any trial runs, so an hour of trials is
 * never lost to a typo: throws a usage error (code BAD_INPUT) naming the folder otherwise.
 */
export async function checkWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.parabench-${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error';
    throw Object.assign(new Error(`--out ${dir}: cannot write results there (${code}); choose a folder you can write to`), { code: 'BAD_INPUT' });
  }
}

/** Writes a file so that it is either whole or absent: a temporary file, then rename. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Creates one file whole, only where none of its name exists: written under a temporary name, then
 * hard-linked to its own (a link fails where the name exists), so a reader never sees it half
 * written. Where the file system has no hard links, an exclusive open and write.
 */
async function createWhole(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    await writeFile(path, content, { flag: 'wx' });
  } finally {
    await rm(temporary, { force: true });
  }
}

/**
 * Creates every file, each whole and only where no file of that name exists (exclusive creation), so two
 * runs can never both take one name. Undefined when all were created; otherwise the path of the
 * first that existed already, the ones this call created removed again.
 */
export async function createExclusively(files: readonly { readonly path: string; readonly content: string }[]): Promise<string | undefined> {
  const created: string[] = [];
  let current: string | undefined;
  try {
    for (const file of files) {
      current = file.path;
      await mkdir(dirname(file.path), { recursive: true });
      await createWhole(file.path, file.content);
      created.push(file.path);
    }
    return undefined;
  } catch (error) {
    for (const path of created) await rm(path, { force: true });
    if ((error as { code?: string }).code === 'EEXIST' && current !== undefined) return current;
    throw error;
  }
}
