// The global `fetch` (Node 18+, browsers, edge runtimes). A parameter, local or import named `fetch`
// shadows it and is not this.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'fetch',
  library: 'fetch',
  category: 'http',
  packages: [],
  global: true,
  model: { globals: { fetch: 'fetch.fn' } },
  calls: { 'fetch.fn': ['()'] },
  autoInstrumentedBy: [I.undici, I.fetch, I.vercel],
});
