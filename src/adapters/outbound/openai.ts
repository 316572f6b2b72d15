// OpenAI: every resource method of a `new OpenAI()` client (`openai.chat.completions.create(…)`,
// `openai.embeddings.create(…)`) is an API request. The client runs on fetch (undici) or node:http,
// depending on the version.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'openai',
  library: 'openai',
  category: 'sdk',
  packages: ['openai'],
  model: {
    imports: { openai: { default: 'openai.Class', OpenAI: 'openai.Class', AzureOpenAI: 'openai.Class' } },
    members: {
      'openai.Class': { new: 'openai.client', ':': 'openai.client' },
      'openai.client': { '*': 'openai.resource' },
      'openai.resource': { '*': 'openai.resource' },
    },
  },
  calls: { 'openai.resource': ['*()'] },
  autoInstrumentedBy: [I.undici, I.http],
});
