// node-fetch and the polyfills built on it on Node (cross-fetch, isomorphic-fetch): the default export is
// a fetch that goes through `node:http`, so the http instrumentation covers it.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const EXPORTS = { default: 'nodefetch.fn', fetch: 'nodefetch.fn' };

export default defineClientAdapter({
  name: 'node-fetch',
  library: 'node-fetch',
  category: 'http',
  packages: ['node-fetch', 'cross-fetch', 'isomorphic-fetch'],
  model: { imports: { 'node-fetch': EXPORTS, 'cross-fetch': EXPORTS, 'isomorphic-fetch': EXPORTS } },
  calls: { 'nodefetch.fn': ['()'] },
  autoInstrumentedBy: [I.http],
});
