// Anthropic: every resource method of a `new Anthropic()` client (`anthropic.messages.create(…)`) is an API
// request.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'anthropic',
  library: '@anthropic-ai/sdk',
  category: 'sdk',
  packages: ['@anthropic-ai/sdk'],
  model: {
    imports: { '@anthropic-ai/sdk': { default: 'anthropic.Class', Anthropic: 'anthropic.Class' } },
    members: {
      'anthropic.Class': { new: 'anthropic.client', ':': 'anthropic.client' },
      'anthropic.client': { '*': 'anthropic.resource' },
      'anthropic.resource': { '*': 'anthropic.resource' },
    },
  },
  calls: { 'anthropic.resource': ['*()'] },
  autoInstrumentedBy: [I.undici, I.http],
});
