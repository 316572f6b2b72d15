// Writing a report or baseline the user named: whole or not at all, and to what the name denotes.
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
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
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
