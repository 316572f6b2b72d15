// Writing files whole or not at all: the one temp-file-and-rename writer (writeAtomic, used by the caches
// too), and writeWhole for a report or baseline the user named, written to what the name denotes.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/**
 * A regular file (or a new one) is written to a temp file beside it, then renamed over it, so a reader
 * never sees half a report. A symlink is followed and its target written the same way (the link stays). A
 * FIFO, character device or socket (`-o /dev/stdout`, a named pipe a CI step reads) is written through:
 * replacing it with a regular file would break whoever reads it. `what` names the file in the error.
 */
export function writeWhole(file: string, content: string, what = ''): void {
  const label = what ? `${what} ${file}` : file;
  let target = file;
  try {
    target = resolveLinks(file);
    const st = statOrUndefined(target);
    if (st && !st.isFile() && !st.isDirectory()) {
      fs.writeFileSync(target, content);
      return;
    }
    if (st?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  } catch (err) {
    throw new UsageError(`cannot write ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    writeAtomic(target, content);
  } catch (err) {
    throw new UsageError(`cannot write ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * Writes `file` whole or not at all: the content goes to a temp file beside it (`.<name>.<pid>.tmp`), which
 * is then renamed over it, so a reader sees the old file or the new one, never part of one. `content` is the
 * bytes, or a function that writes them to the open temp file (a large file written piece by piece). The
 * folder must exist. On failure the temp file is removed (as far as it can be) and the error thrown.
 */
export function writeAtomic(file: string, content: string | Uint8Array | ((fd: number) => void)): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    if (typeof content === 'function') {
      const fd = fs.openSync(tmp, 'w');
      try {
        content(fd);
      } finally {
        fs.closeSync(fd);
      }
    } else fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // The write's error is the one to report.
    }
    throw err;
  }
}

/** The path a chain of symlinks leads to, even when its last target does not exist yet (a dangling link). */
function resolveLinks(file: string): string {
  let p = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
