// The read-ahead thread (read-ahead.ts): reads batches of files for the main thread, nothing else.
import { workerData } from 'node:worker_threads';
import { readerLoop, type ReaderInput } from './read-ahead.js';

readerLoop(workerData as ReaderInput);
