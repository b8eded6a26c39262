// How a path the user gave is read, as the kernel reads it, and how a failure to read or write it is told: the
// path, what was being done, and why. The file replacement (replace.ts) and the workspace's bounds (workspace.ts)
// both read paths this way.
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { ActionError } from '../core/errors.ts';

const REASONS: Record<string, string> = {
  EROFILE: 'the file is read-only (it has no write permission)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EFBIG: 'the file would be larger than allowed (a file size limit, ulimit -f)',
  ENOTREG: 'it is not a regular file (a pipe, socket or device)',
  EFOLDERPATH: 'the path ends with a slash, `.` or `..`, which names a folder; give the path of the file',
  EHARDLINKS:
    'it has other hard links, which a replaced file would leave with the old content (make it a single file, or a symbolic link to one)',
};

/** An fs error as a user reads it: the path, what we were doing, the reason. */
export function fileError(
  shown: string,
  doing: 'read' | 'write',
  error: unknown,
  { fileThere = false }: { fileThere?: boolean } = {},
): ActionError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code] ?? (error as Error).message;
  // Said only of a file that is there: a file not created yet, a missing folder, or something else at the path has
  // no file to leave.
  const kept = doing === 'write' && fileThere && !['ENOENT', 'ENOTDIR', 'EISDIR', 'ENOTREG'].includes(code);
  return new ActionError({
    message: `Cannot ${doing} ${shown}: ${reason}${kept ? '; the file was left as it was' : ''}.`,
  });
}

/**
 * A regular file's bytes, and the status of the file they were read from, through one descriptor. Anything else at
 * the path is refused (EISDIR, or ENOTREG with the kind of thing it is as the message): a pipe or device would hold
 * up the read, or never end it, and opening a device may act on it. So the path is looked at before it is opened,
 * and what was opened is looked at again, in case something else was put there in between; the open does not wait
 * for a FIFO's writer either.
 */
export async function readRegularFile(path: string): Promise<{ content: Buffer; info: Stats }> {
  refuseUnlessFile(await stat(path));
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    refuseUnlessFile(info);
    return { content: await handle.readFile(), info };
  } finally {
    await handle.close();
  }
}

function refuseUnlessFile(info: Stats): void {
  if (info.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
  if (!info.isFile()) {
    const kind = info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : 'a device';
    throw Object.assign(new Error(kind), { code: 'ENOTREG' });
  }
}

/**
 * A path relative to `base`, as the kernel will read it: nothing normalized, so that `link/..` stays the parent of
 * the link's target (path.resolve would make it `base`, another file).
 */
export function pathAsGiven(base: string, path: string): string {
  return isAbsolute(path) ? path : `${base}${sep}${path}`;
}

/**
 * The path (as {@link pathAsGiven} gives it) with symbolic links resolved, link by link, also when the last one
 * points to a file not there yet; its folder is resolved by the kernel, `..` after a link included.
 */
export async function resolveLinks(path: string, shown: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    // A path (or a link's target) ending in a slash, `.` or `..` names a folder, never a file.
    if (/[\\/]$|(^|[\\/])\.\.?$/.test(current)) {
      throw fileError(shown, 'write', Object.assign(new Error(), { code: 'EFOLDERPATH' }));
    }
    const parent = await realDirectory(dirname(current), shown);
    current = resolve(parent, basename(current));
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw fileError(shown, 'read', error);
    });
    if (!info?.isSymbolicLink()) return current;
    current = pathAsGiven(parent, await readlink(current));
  }
  throw fileError(shown, 'read', Object.assign(new Error(), { code: 'ELOOP' }));
}

/** The folder's real path; an error when it is missing or is not a folder (realpath takes a file too). */
async function realDirectory(directory: string, shown: string): Promise<string> {
  try {
    const real = await realpath(directory);
    if (!(await stat(real)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    return real;
  } catch (error) {
    throw fileError(shown, 'write', error);
  }
}
