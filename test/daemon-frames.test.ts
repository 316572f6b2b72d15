// The daemon's reply frames (src/daemon/frames.ts): any split of the byte stream gives back the replies sent,
// report text byte for byte.
import { describe, expect, it } from 'vitest';
import { FrameReader, encodeReply } from '../src/daemon/frames.js';

describe('daemon reply frames', () => {
  const replies = [{ err: 'check-doctrines: analysing 3 of 10 files\r' }, { out: `${'é{"findings":[]}\n'.repeat(50_000)}` }, { exit: 1 }];
  const bytes = Buffer.concat(replies.map(encodeReply));
  const decode = (chunks: Buffer[]) => {
    const r = new FrameReader();
    return chunks.flatMap((c) => r.push(c)).map((x) => ('out' in x ? { out: x.out.toString('utf8') } : 'err' in x ? { err: x.err.toString('utf8') } : x));
  };

  it('reads replies whole, split in one place or in many', () => {
    expect(decode([bytes])).toEqual(replies);
    for (const at of [1, 4, 5, 6, 47, bytes.length - 3]) expect(decode([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(replies);
    const small: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 997) small.push(bytes.subarray(i, i + 997));
    expect(decode(small)).toEqual(replies);
  });

  it('keeps a partial frame until the rest arrives, and skips a damaged control frame', () => {
    const r = new FrameReader();
    expect(r.push(bytes.subarray(0, 10))).toEqual([]);
    const bad = Buffer.from([0, 0, 0, 0, 3, 0x7b, 0x7b, 0x7b]);
    const got = [...r.push(bytes.subarray(10)), ...r.push(bad), ...r.push(encodeReply({ exit: 2 }))];
    expect(got.map((x) => ('exit' in x ? x.exit : 'text'))).toEqual(['text', 'text', 1, 2]);
  });
});
