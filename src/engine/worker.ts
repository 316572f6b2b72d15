// A worker thread: claims files from a shared counter and summarises them; posts all outcomes at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { createFileWork, type FileOutcome, type FileWorkSettings } from './file-work.js';

interface WorkerInput {
  settings: FileWorkSettings;
  files: string[];
  counter: SharedArrayBuffer;
}

const { settings, files, counter } = workerData as WorkerInput;
const next = new Int32Array(counter);
const work = createFileWork(settings);
const results: [number, FileOutcome][] = [];
for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
  results.push([i, work(files[i])]);
}
parentPort!.postMessage(results);
