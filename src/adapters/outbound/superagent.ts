// superagent: `superagent.get(url)` and the other verbs (the request is built by the call and sent when
// awaited or ended), also on `superagent.agent()` agents.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'superagent',
  library: 'superagent',
  category: 'http',
  packages: ['superagent'],
  model: {
    imports: { superagent: { default: 'superagent.agent', '*': 'superagent.agent' } },
    members: { 'superagent.agent': { 'agent()': 'superagent.agent' } },
  },
  calls: { 'superagent.agent': ['()', 'get()', 'post()', 'put()', 'patch()', 'del()', 'delete()', 'head()', 'options()'] },
  autoInstrumentedBy: [I.http],
});
