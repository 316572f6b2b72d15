// Node's `http` / `https` clients: `request` and `get`, imported or through the module.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const EXPORTS = { '*': 'nodehttp.module', default: 'nodehttp.module', request: 'nodehttp.fn', get: 'nodehttp.fn' };

export default defineClientAdapter({
  name: 'node-http',
  library: 'node:http',
  category: 'http',
  packages: ['http', 'https'],
  model: { imports: { http: EXPORTS, https: EXPORTS } },
  calls: { 'nodehttp.module': ['request()', 'get()'], 'nodehttp.fn': ['()'] },
  autoInstrumentedBy: [I.http],
});
