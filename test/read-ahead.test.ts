// Reading ahead on a worker thread (src/engine/read-ahead.ts): every file arrives once, in order, with
// what reading it gives on the main thread; a worker that stops handing batches over costs a wait, not
// the run. The worker is the compiled one (dist/), so these run after `npm run build` (as `npm test` does).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forEachReadAhead } from '../src/engine/read-ahead.js';
import { readSource, type Source } from '../src/engine/read.js';
import { tempProject } from './helpers/project.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtWorker = path.join(root, 'dist', 'src', 'engine', 'read-ahead-worker.js');

function project(): string[] {
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`src/f${String(i).padStart(3, '0')}.ts`] = `export const v${i} = ${i};\n`;
  files['src/bin.ts'] = 'a\0b';
  files['src/bom.ts'] = '\ufeffexport const bom = 1;\n';
  const dir = tempProject(files);
  // A folder where a file is expected: unreadable.
  fs.mkdirSync(path.join(dir, 'src', 'dir.ts'));
  return [...Object.keys(files), 'src/dir.ts'].sort().map((f) => path.join(dir, f));
}

/** Blocks the thread, as analysing a file does. */
function busy(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('read-ahead', () => {
  it.skipIf(!fs.existsSync(builtWorker))('hands every file over once, in order, as reading it here would', () => {
    const files = project();
    const seen: [number, Source][] = [];
    const { handedOver } = forEachReadAhead(
      files,
      8,
      (i, source) => {
        // The first file takes long enough for the worker to start and read ahead.
        if (i === 0) busy(500);
        seen.push([i, source]);
      },
      { workerPath: builtWorker, minFiles: 0 },
    );
    expect(seen.map(([i]) => i)).toEqual(files.map((_, i) => i));
    expect(seen.map(([, s]) => s)).toEqual(files.map((f) => readSource(f)));
    expect(seen.find(([i]) => files[i].endsWith('bin.ts'))?.[1]).toEqual({ ok: false, reason: 'binary' });
    expect(seen.find(([i]) => files[i].endsWith('dir.ts'))?.[1]).toEqual({ ok: false, reason: 'unreadable' });
    expect(seen.find(([i]) => files[i].endsWith('bom.ts'))?.[1]).toEqual({ ok: true, text: 'export const bom = 1;\n' });
    expect(handedOver).toBeGreaterThan(0);
  });

  it('reads for itself after a worker takes batches and never hands them over', () => {
    const files = project();
    // Takes every batch at once, then does nothing.
    const stuck = path.join(path.dirname(files[0]), '..', 'stuck-worker.mjs');
    fs.writeFileSync(stuck, "import { workerData } from 'node:worker_threads';\nAtomics.add(new Int32Array(workerData.state), 0, 1000);\nsetInterval(() => {}, 1000);\n");
    const seen: number[] = [];
    const at: number[] = [];
    const { handedOver } = forEachReadAhead(
      files,
      8,
      (i) => {
        // Time for the worker to start and take every batch left.
        if (i === 0) busy(500);
        seen.push(i);
        at.push(performance.now());
      },
      { workerPath: stuck, minFiles: 0, patienceMs: 300 },
    );
    expect(seen).toEqual(files.map((_, i) => i));
    expect(handedOver).toBe(0);
    // One wait, for the first batch the worker took (the second); the batches after it come without waiting.
    expect(at[8] - at[7]).toBeGreaterThanOrEqual(290);
    expect(at[8] - at[7]).toBeLessThan(2000);
    expect(at[at.length - 1] - at[8]).toBeLessThan(290);
  });

  it('reads on this thread alone below the threshold or without the compiled worker', () => {
    const files = project();
    const seen: number[] = [];
    expect(forEachReadAhead(files, 8, (i) => seen.push(i), { workerPath: path.join(root, 'no-such-worker.js'), minFiles: 0 })).toEqual({ handedOver: 0 });
    expect(forEachReadAhead(files, 8, () => undefined, { workerPath: builtWorker })).toEqual({ handedOver: 0 });
    expect(seen).toEqual(files.map((_, i) => i));
  });
});
