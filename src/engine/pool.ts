// Summarise many files, on the main thread and in worker threads sharing one claim counter, so whichever
// thread is free takes the next file. Small batches stay on the main thread: starting a worker costs
// loading the compiler again (about 0.2 s of CPU), which only pays off on large runs. When the main thread
// analyses alone, a reading thread reads ahead for it (read-ahead.ts).
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { READ_BATCH, createFileWork, forEachClaimed, type FileOutcome, type FileWorkSettings } from './file-work.js';
import { forEachReadAhead } from './read-ahead.js';

/** Below this many files to parse, workers cost more than they save (measured with bench/run.js). */
export const MIN_FILES_PER_WORKER = 400;

/**
 * Threads to use when the user did not say: one per core beyond two. V8's garbage collector and compiler
 * already run on a second core, so on a 2-core machine a worker thread measured slower (bench/run.js,
 * 10,000 files, three runs each: 5.71–5.88 s with two threads against 5.11–5.42 s with one, 430 MB
 * against 290 MB peak; CPU time rose from 6.6 to 9.6 s). Two processes each parsing half the files
 * measured only 1.14x faster than one: the second core gives little here. Measured again after reads were
 * batched: median of five interleaved runs 6.43 s with two threads against 6.25 s with one (user CPU
 * 10.9 against 7.9 s).
 */
export function defaultConcurrency(cores: number): number {
  return cores <= 2 ? 1 : cores - 1;
}

export async function summarizeMany(
  files: string[],
  settings: FileWorkSettings,
  concurrency: number,
  texts?: Map<string, string>,
  /** Called after each file the main thread finishes, with how many files all threads have claimed. */
  onProgress?: (done: number, total: number) => void,
): Promise<FileOutcome[]> {
  const workerUrl = new URL('./worker.js', import.meta.url);
  const workerCount = Math.min(concurrency - 1, Math.floor(files.length / MIN_FILES_PER_WORKER));
  // Workers run compiled code; under a TypeScript test runner there is no worker.js beside this file.
  const canUseWorkers = workerCount > 0 && fs.existsSync(fileURLToPath(workerUrl));
  const outcomes: FileOutcome[] = new Array(files.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const workers = canUseWorkers
    ? Array.from({ length: workerCount }, () => {
        const w = new Worker(workerUrl, { workerData: { settings, files, counter } });
        return new Promise<void>((resolve) => {
          w.once('message', (results: [number, FileOutcome][]) => {
            for (const [i, o] of results) outcomes[i] = o;
            resolve();
          });
          // A worker that dies leaves its claimed files without an outcome; the main thread redoes them below.
          w.once('error', () => resolve());
          w.once('exit', () => resolve());
        });
      })
    : [];
  const work = createFileWork(settings);
  if (!workers.length && !texts?.size && os.availableParallelism() > 1) {
    // One thread analyses everything and nothing was read yet: a second one reads ahead for it, on the
    // second core (read-ahead.ts). On one core it would only take turns with the analysis.
    forEachReadAhead(files, READ_BATCH, (i, source) => {
      outcomes[i] = work(files[i], source);
      onProgress?.(i + 1, files.length);
    });
  } else {
    forEachClaimed(
      files,
      next,
      (i, source, claimed) => {
        outcomes[i] = work(files[i], source);
        onProgress?.(claimed, files.length);
      },
      texts,
    );
  }
  await Promise.all(workers);
  for (let i = 0; i < files.length; i++) outcomes[i] ??= work(files[i], texts?.get(files[i]));
  return outcomes;
}
