// The daemon's replies on the wire: frames of one kind byte, a 4-byte big-endian length, then the payload.
// Report text (stdout, stderr) travels as raw UTF-8, so a report of many megabytes is neither escaped
// into JSON by the daemon nor parsed by the command that prints it; control replies are JSON.
import type { Reply } from './client.js';

const CONTROL = 0;
const STDOUT = 1;
const STDERR = 2;

export function encodeReply(r: Reply): Buffer {
  const [kind, payload] = 'out' in r ? [STDOUT, Buffer.from(r.out)] : 'err' in r ? [STDERR, Buffer.from(r.err)] : [CONTROL, Buffer.from(JSON.stringify(r))];
  const head = Buffer.allocUnsafe(5);
  head[0] = kind;
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/** A reply as read: report text stays bytes. */
export type ReadReply = Exclude<Reply, { out: string } | { err: string }> | { out: Buffer } | { err: Buffer };

/** Splits the byte stream into replies; a frame split across chunks is kept until it is whole. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): ReadReply[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: ReadReply[] = [];
    for (;;) {
      if (this.buffered < 5) break;
      if (this.chunks[0].length < 5) this.flatten();
      const head = this.chunks[0];
      const length = head.readUInt32BE(1);
      if (this.buffered < 5 + length) break;
      this.flatten();
      const all = this.chunks[0];
      const payload = all.subarray(5, 5 + length);
      const kind = all[0];
      const rest = all.subarray(5 + length);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      if (kind === STDOUT) out.push({ out: payload });
      else if (kind === STDERR) out.push({ err: payload });
      else {
        try {
          out.push(JSON.parse(payload.toString('utf8')) as ReadReply);
        } catch {
          // A damaged control frame: skipped (the command then falls back to a run of its own).
        }
      }
    }
    return out;
  }

  private flatten(): void {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
  }
}
