// ioredis: every command on a `new Redis()` / `new Cluster()` client (event listeners and connection
// lifecycle excepted), and `exec` on its pipelines and transactions.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export const REDIS_LOCAL_METHODS = [
  'on',
  'once',
  'off',
  'addListener',
  'removeListener',
  'removeAllListeners',
  'emit',
  'listeners',
  'setMaxListeners',
  'connect',
  'disconnect',
  'quit',
  'duplicate',
  'pipeline',
  'multi',
];

export default defineClientAdapter({
  name: 'ioredis',
  library: 'ioredis',
  category: 'cache',
  packages: ['ioredis'],
  model: {
    imports: { ioredis: { default: 'ioredis.Class', Redis: 'ioredis.Class', Cluster: 'ioredis.Class' } },
    members: {
      'ioredis.Class': { new: 'ioredis.client', ':': 'ioredis.client' },
      'ioredis.client': { 'duplicate()': 'ioredis.client', 'pipeline()': 'ioredis.pipeline', 'multi()': 'ioredis.pipeline' },
      // Commands queued on a pipeline return it: `redis.pipeline().set(k, v).expire(k, 60).exec()`.
      'ioredis.pipeline': { '*()': 'ioredis.pipeline' },
    },
  },
  calls: { 'ioredis.client': ['*()'], 'ioredis.pipeline': ['exec()'] },
  except: { 'ioredis.client': [...REDIS_LOCAL_METHODS, 'defineCommand', 'createBuiltinCommand', 'nodes'] },
  autoInstrumentedBy: [I.ioredis],
});
