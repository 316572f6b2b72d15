// got: the default export called directly or through its verbs, and instances from `got.extend()`.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'got',
  library: 'got',
  category: 'http',
  packages: ['got'],
  model: {
    imports: { got: { default: 'got.instance', got: 'got.instance', Got: 'got.instance' } },
    members: { 'got.instance': { 'extend()': 'got.instance' } },
  },
  calls: { 'got.instance': ['()', 'get()', 'post()', 'put()', 'patch()', 'delete()', 'head()', 'stream()', 'paginate()'] },
  autoInstrumentedBy: [I.http],
});
