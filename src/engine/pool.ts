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

/** Threads that analyse `count` files: the main thread, and a worker per MIN_FILES_PER_WORKER files up to `concurrency`. */
export function threadsFor(count: number, concurrency: number): number {
  return 1 + Math.max(0, Math.min(concurrency - 1, Math.floor(count / MIN_FILES_PER_WORKER)));
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
  const workerCount = threadsFor(files.length, concurrency) - 1;
  // Workers run compiled code; under a TypeScript test runner there is no worker.js beside this file.
  const canUseWorkers = workerCount > 0 && fs.existsSync(fileURLToPath(workerUrl));
  const outcomes: FileOutcome[] = new Array(files.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  // A worker that dies leaves its claimed files without an outcome; the main thread redoes them below.
  const workers = canUseWorkers ? Array.from({ length: workerCount }, () => runWorker(workerUrl, { settings, files, counter }, outcomes)) : [];
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
  const deep = outcomes.flatMap((o, i) => (!o.ok && o.deep ? [i] : []));
  // Under a TypeScript test runner the built worker stands in (`npm test` builds first), so in-process
  // runs treat deep files as the CLI does.
  const deepUrl = [workerUrl, new URL('../../dist/src/engine/worker.js', import.meta.url)].find((u) => fs.existsSync(fileURLToPath(u)));
  if (deep.length && deepUrl) {
    const redone: FileOutcome[] = [];
    const again = deep.map((i) => files[i]);
    await runWorker(deepUrl, { settings, files: again, counter: new SharedArrayBuffer(4) }, redone, { stackSizeMb: DEEP_STACK_MB });
    deep.forEach((i, k) => {
      if (redone[k]) outcomes[i] = redone[k];
    });
  }
  return outcomes;
}

/**
 * Stack for files too deeply nested for the thread that met them: the main thread's stack holds about 2,400
 * levels of nesting, a worker's 10,000, this one about 400,000 (more than a 1 MiB file can hold); syntax
 * deeper than MAX_NESTING (summarize/bind.ts) is refused on every thread. So a file's outcome never depends on
 * which thread analysed it or on --concurrency.
 */
const DEEP_STACK_MB = 256;

/**
 * One worker thread (worker.ts) claiming files of `data.files`; its outcomes land in `outcomes` by index.
 * Resolves when it has posted them, or died (its claimed files are then left without an outcome).
 */
function runWorker(
  workerUrl: URL,
  data: { settings: FileWorkSettings; files: string[]; counter: SharedArrayBuffer },
  outcomes: FileOutcome[],
  resourceLimits?: { stackSizeMb: number },
): Promise<void> {
  return new Promise((resolve) => {
    const w = new Worker(workerUrl, { workerData: data, ...(resourceLimits ? { resourceLimits } : {}) });
    w.once('message', (results: [number, FileOutcome][]) => {
      for (const [i, o] of results) outcomes[i] = o;
      resolve();
    });
    w.once('error', () => resolve());
    w.once('exit', () => resolve());
  });
}
