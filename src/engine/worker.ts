// A worker thread: claims files from a shared counter and summarises them; posts all outcomes at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { createFileWork, forEachClaimed, type FileOutcome, type FileWorkSettings } from './file-work.js';

interface WorkerInput {
  settings: FileWorkSettings;
  files: string[];
  counter: SharedArrayBuffer;
}

const { settings, files, counter } = workerData as WorkerInput;
const next = new Int32Array(counter);
const work = createFileWork(settings);
const results: [number, FileOutcome][] = [];
forEachClaimed(files, next, (i, source) => results.push([i, work(files[i], source)]));
parentPort!.postMessage(results);
