// undici: `fetch`, `request`, `stream`, `pipeline`, and `request` on `Client` / `Pool` / `Agent` instances.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const CLASSES = { Client: 'undici.ClientClass', Pool: 'undici.ClientClass', BalancedPool: 'undici.ClientClass', Agent: 'undici.ClientClass' };
const FUNCTIONS = { fetch: 'undici.fn', request: 'undici.fn', stream: 'undici.fn', pipeline: 'undici.fn' };

export default defineClientAdapter({
  name: 'undici',
  library: 'undici',
  category: 'http',
  packages: ['undici'],
  model: {
    imports: { undici: { '*': 'undici.module', default: 'undici.module', ...FUNCTIONS, ...CLASSES } },
    members: {
      'undici.module': { ...FUNCTIONS, ...CLASSES },
      'undici.ClientClass': { new: 'undici.client', ':': 'undici.client' },
    },
  },
  calls: {
    'undici.fn': ['()'],
    'undici.module': ['fetch()', 'request()', 'stream()', 'pipeline()'],
    'undici.client': ['request()', 'stream()', 'pipeline()'],
  },
  autoInstrumentedBy: [I.undici],
});
