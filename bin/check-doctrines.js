#!/usr/bin/env node
import path from 'node:path';

const argv = process.argv;
// A reader that stops early (`check-doctrines … | head`) closes the pipe: the report is not wanted any
// more, so stop quietly with the run's verdict instead of a stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 1);
});

// A daemon serving this folder (`check-doctrines daemon start`) answers the run, and nothing else is loaded;
// without one (or when it cannot answer) the run happens here.
const { viaDaemon } = await import('../dist/src/daemon/client.js');
const answered = await viaDaemon(argv);
if (answered !== undefined) process.exitCode = answered;
else {
  // The cache module loads no compiler: it only names the default cache folder here.
  const { defaultCacheLocation } = await import('../dist/src/engine/cache.js');
  // Where the TypeScript compiler's code cache lives (lib/ts.cjs reads it when loaded, so it is named before
  // anything is imported): the analysis cache folder, `--cache-location` or the default one. A `--no-cache` run
  // reads it too (it changes no result) but never writes it (cli.ts).
  if (process.env.CHECK_DOCTRINES_TS_CACHE === undefined) {
    const i = argv.findIndex((a) => a === '--cache-location' || a.startsWith('--cache-location='));
    const given = i < 0 ? undefined : argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
    process.env.CHECK_DOCTRINES_TS_CACHE = given ? path.resolve(given) : defaultCacheLocation(process.cwd());
  }
  const { main } = await import('../dist/src/cli.js');
  main(process.argv).then((code) => { process.exitCode = code; });
}
