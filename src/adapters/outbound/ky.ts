// ky: the default export called directly or through its verbs, and instances from `ky.create()` /
// `ky.extend()`. ky runs on the global fetch, so fetch instrumentation covers it.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'ky',
  library: 'ky',
  category: 'http',
  packages: ['ky'],
  model: {
    imports: { ky: { default: 'ky.instance', KyInstance: 'ky.instance' } },
    members: { 'ky.instance': { 'create()': 'ky.instance', 'extend()': 'ky.instance' } },
  },
  calls: { 'ky.instance': ['()', 'get()', 'post()', 'put()', 'patch()', 'delete()', 'head()'] },
  autoInstrumentedBy: [I.undici, I.fetch, I.vercel],
});
