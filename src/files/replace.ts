// A user's file changed exactly as described or not at all: read once, then replaced whole by a temporary file in
// the same directory renamed over it (rename(2) is atomic within a file system, so a reader sees the old file or
// the new one, never half of either). The file keeps its permissions, owner and group (or is not replaced); its path
// is read as the kernel reads it (paths.ts); a symbolic link is followed to its target and stays a link; a file with
// other hard links is not replaced (they would keep the old content); a file that changed since it was read, in its
// content, permissions, owner, links or identity, is not overwritten; a file that would not change is not touched;
// a signal that ends the process part-way (Ctrl-C, a cancelled job) leaves no temporary file behind. Extended
// attributes and ACLs are not carried over: Node reads neither. Every failure names the path and why.
import { randomBytes } from 'node:crypto';
import { constants, unlinkSync } from 'node:fs';
import { access, lstat, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { ActionError } from '../core/errors.ts';
import { fileError, readRegularFile, resolveLinks } from './paths.ts';

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

/** Reads the file (through links) for an update; a missing file reads as no content. */
export async function readForUpdate(path: string, shown: string): Promise<FileSnapshot> {
  const target = await resolveLinks(path, shown);
  try {
    // What the path holds as the kernel finds it, which is the target unless a link names no path: Linux's links
    // for open files (/proc/<pid>/fd/1, where /dev/stdout leads) name `pipe:[…]` (proc(5)), and show the pipe here.
    // A pipe, socket or device would block the read, or take the write somewhere else than a file.
    const { content, info } = await readRegularFile(path);
    const owner = { uid: info.uid, gid: info.gid };
    const identity = { dev: info.dev, ino: info.ino };
    return { shown, target, content, mode: info.mode & 0o7777, links: info.nlink, owner, identity };
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') return { shown, target, content: undefined, mode: undefined };
    throw fileError(shown, code === 'EISDIR' || code === 'ENOTREG' ? 'write' : 'read', error);
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
  removedAtEnd(temporary);
  try {
    handle = await opened(temporary, before.mode ?? 0o666);
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
  } finally {
    unwatch(temporary);
  }
}

// A temporary file is removed, too, when a signal ends the process part-way through a write: Ctrl-C's SIGINT,
// SIGTERM, a closed terminal's SIGHUP, a cancelled job's SIGINT then SIGTERM. Node carries these out at once, with no
// code unwinding, unless a handler takes them. Only these three: Node ignores SIGPIPE and SIGXFSZ (so that a write
// past a file-size limit fails with EFBIG), and a handler for them would change that.
const pending = new Set<string>();
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
// open() creates the file on one of libuv's threads, while a signal's handler runs on the main one: a handler that
// ran then could find no file yet, and the file appear just after. So a signal that comes while a temporary file is
// being opened ends the process once open() has answered, created or not.
let opening = 0;
let signalled: NodeJS.Signals | undefined;

async function opened(temporary: string, mode: number): Promise<Awaited<ReturnType<typeof open>>> {
  opening += 1;
  try {
    return await open(temporary, 'wx', mode);
  } finally {
    opening -= 1;
    if (signalled && opening === 0) endBySignal(signalled);
  }
}

function removedAtEnd(temporary: string): void {
  if (pending.size === 0) for (const signal of ENDING_SIGNALS) process.on(signal, endBySignal);
  pending.add(temporary);
}

function unwatch(temporary: string): void {
  pending.delete(temporary);
  if (pending.size === 0) for (const signal of ENDING_SIGNALS) process.off(signal, endBySignal);
}

function endBySignal(signal: NodeJS.Signals): void {
  if (opening > 0) {
    signalled ??= signal;
    return;
  }
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      // already renamed into place, or its open() failed
    }
    unwatch(path);
  }
  // With no handler left, the signal ends the process as it would have: a shell sees 128 + its number.
  process.kill(process.pid, signal);
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
