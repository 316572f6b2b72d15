// Where the daemon serving a folder listens, and how a run finds it. Loaded by every run before anything
// else (bin/check-doctrines.js), so it imports node's own modules only.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DaemonAddress {
  /** The folder the daemon was started in: it serves runs there and below. */
  root: string;
  /** Unix socket (a named pipe on Windows). */
  socket: string;
  /** `{pid, root, ...}` as JSON, written once the daemon is ready; its presence is what a run looks for. */
  info: string;
  /** The daemon's own output (start-up, errors). */
  log: string;
}

/** One folder per user under the system's temporary folder (short paths: a socket path is limited to ~100 bytes). */
export function daemonDir(): string {
  const who = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `check-doctrines-${who}`);
}

export function daemonAddress(root: string): DaemonAddress {
  const abs = path.resolve(root);
  const h = createHash('sha1').update(abs).digest('hex').slice(0, 16);
  const dir = daemonDir();
  return {
    root: abs,
    socket: process.platform === 'win32' ? `\\\\.\\pipe\\check-doctrines-${h}` : path.join(dir, `${h}.sock`),
    info: path.join(dir, `${h}.json`),
    log: path.join(dir, `${h}.log`),
  };
}

/**
 * The daemon serving `cwd` (started there or in a folder above), if one says it is ready. The folder must
 * be this user's own and not writable by others, so no other user can stand in for the daemon.
 */
export function findDaemon(cwd: string): DaemonAddress | undefined {
  const dir = daemonDir();
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    return undefined;
  }
  if (!privateFolder(st)) return undefined;
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    const a = daemonAddress(d);
    if (fs.existsSync(a.info)) return a;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Owned by this user and closed to others (always true where there are no POSIX owners). */
export function privateFolder(st: fs.Stats): boolean {
  if (typeof process.getuid !== 'function') return true;
  return st.isDirectory() && st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** The per-user folder, created private; one that is not (another user's, or opened to others) is refused. */
export function prepareFolder(): string {
  const dir = daemonDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!privateFolder(fs.statSync(dir))) throw new PrivacyError(`${dir} is not private to this user (owned by someone else, or writable by others); remove it and start again`);
  return dir;
}

/** The daemon's folder is not private (a usage error: the user fixes it). */
export class PrivacyError extends Error {}
