// The global `fetch` (Node 18+, browsers, edge runtimes), also reached through the global object
// (`globalThis.fetch(…)`, `window.fetch(…)`, `self.fetch(…)` in a worker). A parameter, local or import
// named `fetch` (or `window`, …) shadows it and is not this.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'fetch',
  library: 'fetch',
  category: 'http',
  packages: [],
  global: true,
  model: { globals: { fetch: 'fetch.fn', globalThis: 'fetch.globalObject', window: 'fetch.globalObject', self: 'fetch.globalObject' } },
  calls: { 'fetch.fn': ['()'], 'fetch.globalObject': ['fetch()'] },
  autoInstrumentedBy: [I.undici, I.fetch, I.vercel],
});
