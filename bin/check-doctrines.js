#!/usr/bin/env node
import { main } from '../dist/src/cli.js';
// A reader that stops early (`check-doctrines … | head`) closes the pipe: the report is not wanted any
// more, so stop quietly with the run's verdict instead of a stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 1);
});
main(process.argv).then((code) => { process.exitCode = code; });
