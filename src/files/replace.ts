// A user's file changed exactly as described or not at all: read once, then replaced whole by a temporary file in
// the same directory renamed over it (rename(2) is atomic within a file system, so a reader sees the old file or
// the new one, never half of either). The file keeps its permissions, owner and group (or is not replaced); a path
// is read as the kernel reads it (a `..` after a link is the link target's parent); a symbolic link is followed to
// its target and stays a link; a file with other hard links is not replaced (they would keep the old content); a
// file that changed since it was read, in its content, permissions, owner, links or identity, is not overwritten;
// a file that would not change is not touched. Extended attributes and ACLs are not carried over: Node reads
// neither. Every failure names the path and why.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, open, readFile, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { ActionError } from '../core/errors.ts';

/** A file as read before an update: where it really is (past any links), its bytes, and its permissions. */
export interface FileSnapshot {
  /** How messages name it: the path as the user gave it. */
  shown: string;
  /** The file itself: the path with every symbolic link on the way resolved. */
  target: string;
  /** Its bytes; undefined when there is no file yet. */
  content: Buffer | undefined;
  /** Its permission bits; undefined when there is no file yet. */
  mode: number | undefined;
  /** How many names (hard links) the file has; undefined when there is no file yet. */
  links?: number;
  /** Its owner and group, which the new file keeps (or the file is not replaced). */
  owner?: { uid: number; gid: number };
  /** Which file it is (device and inode), to tell a file put in its place since. */
  identity?: { dev: number; ino: number };
}

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

/** Reads the file (through links) for an update; a missing file reads as no content. */
export async function readForUpdate(path: string, shown: string): Promise<FileSnapshot> {
  const target = await resolveLinks(path, shown);
  try {
    // What the path holds as the kernel finds it, which is the target unless a link names no path: Linux's links
    // for open files (/proc/<pid>/fd/1, where /dev/stdout leads) name `pipe:[…]` (proc(5)), and show the pipe here.
    const info = await stat(path);
    if (info.isDirectory()) throw fileError(shown, 'write', Object.assign(new Error(), { code: 'EISDIR' }));
    // A pipe, socket or device would block the read, or take the write somewhere else than a file.
    if (!info.isFile()) throw fileError(shown, 'write', Object.assign(new Error(), { code: 'ENOTREG' }));
    const owner = { uid: info.uid, gid: info.gid };
    const identity = { dev: info.dev, ino: info.ino };
    const content = await readFile(target);
    return { shown, target, content, mode: info.mode & 0o7777, links: info.nlink, owner, identity };
  } catch (error) {
    if (error instanceof ActionError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { shown, target, content: undefined, mode: undefined };
    throw fileError(shown, 'read', error);
  }
}

/**
 * Replaces the file read as `before` with `content`; false, touching nothing, when it already holds exactly that.
 * Stops, leaving it as it was, when it is not writable (a read-only file is not replaced behind its owner's back),
 * when the new file could not keep its owner and group, when it changed since it was read, or when the write fails
 * (a full disk, a missing directory); the temporary file is removed then.
 */
export async function replaceFile(before: FileSnapshot, content: string | Buffer): Promise<boolean> {
  const { shown, target } = before;
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (before.content?.equals(bytes)) {
    // Nothing to write, as long as the file is still the one read: a change since is reported, as it is for a write.
    await unchangedSince(before);
    return false;
  }
  await checkWritable(before);
  // The name a file's own, cut where a long one would make the temporary name longer than a name may be.
  const name = Buffer.byteLength(basename(target)) <= 200 ? basename(target) : 'file';
  const temporary = resolve(dirname(target), `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temporary, 'wx', before.mode ?? 0o666);
    await handle.writeFile(bytes);
    if (before.owner) await keepOwner(handle, before.owner, shown);
    // The mode given to open() is narrowed by the umask; an existing file's permissions are kept exactly.
    if (before.mode !== undefined) await handle.chmod(before.mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await unchangedSince(before);
    await rename(temporary, target);
    return true;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    if (error instanceof ActionError) throw error;
    throw fileError(shown, 'write', error, { fileThere: before.content !== undefined });
  }
}

/**
 * Whether the file read as `before` can be replaced: an existing file that is not read-only, has no other hard
 * links, and that this process may write, or, when there is none yet, a folder it may create one in. A clear error
 * naming the path otherwise.
 */
export async function checkWritable({ shown, target, mode, links = 1 }: FileSnapshot): Promise<void> {
  // Without a write bit for anyone, the file is read-only by its owner's choice, also to root (who may write anyway).
  if (mode !== undefined && (mode & 0o222) === 0)
    throw fileError(shown, 'write', Object.assign(new Error(), { code: 'EROFILE' }), { fileThere: true });
  // rename(2) gives the path a new file; the file's other names would go on showing the old one.
  if (links > 1)
    throw fileError(shown, 'write', Object.assign(new Error(), { code: 'EHARDLINKS' }), { fileThere: true });
  await access(mode === undefined ? dirname(target) : target, constants.W_OK).catch((error) => {
    throw fileError(shown, 'write', error, { fileThere: mode !== undefined });
  });
}

/** The new file made the old one's owner's and group's, when it is not already; an error when it cannot be. */
async function keepOwner(
  handle: Awaited<ReturnType<typeof open>>,
  { uid, gid }: { uid: number; gid: number },
  shown: string,
): Promise<void> {
  const made = await handle.stat();
  if (made.uid === uid && made.gid === gid) return;
  await handle.chown(uid, gid).catch((error: NodeJS.ErrnoException) => {
    if (!['EPERM', 'EACCES'].includes(error.code ?? '')) throw error;
    throw new ActionError({
      message: `Cannot write ${shown}: it belongs to user ${uid} and group ${gid}, which a file this process writes cannot be given (only root can give a file to another user, or to a group the user is not in); the file was left as it was. Make it yours (chown, chgrp) or run as root.`,
    });
  });
}

/** Whether the path still holds the file as it was read: the same file, permissions, owner, links and bytes. */
async function unchangedSince(before: FileSnapshot): Promise<void> {
  const info = await lstat(before.target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const now = info?.isFile() ? await readFile(before.target) : undefined;
  const same =
    info === undefined
      ? before.content === undefined
      : now !== undefined &&
        before.content?.equals(now) === true &&
        info.dev === before.identity?.dev &&
        info.ino === before.identity?.ino &&
        (info.mode & 0o7777) === before.mode &&
        info.uid === before.owner?.uid &&
        info.gid === before.owner?.gid &&
        info.nlink === before.links;
  if (!same) {
    throw new ActionError({
      message: `${before.shown} changed while this run was updating it; it was left with the other change. Re-run to update it again.`,
      location: { file: before.shown },
    });
  }
}
