// node-redis (`redis`, `@redis/client`): every command on a client from `createClient()` /
// `createCluster()` (event listeners and connection lifecycle excepted), and `exec` on `multi()`.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { REDIS_LOCAL_METHODS } from './ioredis.js';
import { defineClientAdapter } from './client.js';

const EXPORTS = { '*': 'redis.module', default: 'redis.module', createClient: 'redis.factory', createCluster: 'redis.factory', RedisClientType: 'redis.client' };

export default defineClientAdapter({
  name: 'redis',
  library: 'redis',
  category: 'cache',
  packages: ['redis', '@redis/client'],
  model: {
    imports: { redis: EXPORTS, '@redis/client': EXPORTS },
    members: {
      'redis.module': { 'createClient()': 'redis.client', 'createCluster()': 'redis.client' },
      'redis.factory': { '()': 'redis.client' },
      'redis.client': { 'connect()': 'redis.client', 'duplicate()': 'redis.client', 'multi()': 'redis.multi' },
      // Commands queued on a transaction return it: `client.multi().set(k, v).incr(n).exec()`.
      'redis.multi': { '*()': 'redis.multi' },
    },
  },
  calls: { 'redis.client': ['*()'], 'redis.multi': ['exec()', 'execAsPipeline()'] },
  except: { 'redis.client': [...REDIS_LOCAL_METHODS, 'destroy', 'close', 'withTypeMapping', 'withCommandOptions'] },
  autoInstrumentedBy: [I.redis4, I.redis],
});
