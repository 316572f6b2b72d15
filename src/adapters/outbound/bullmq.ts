// BullMQ producers: `add` / `addBulk` on a `new Queue(name)` (also parameters typed `Queue`, as NestJS
// `@InjectQueue` gives them) enqueue jobs in Redis. BullMQ talks to Redis through ioredis, so the ioredis
// instrumentation covers it. Workers (consumers) are the actor adapter's.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'bullmq',
  library: 'bullmq',
  category: 'queue',
  packages: ['bullmq'],
  model: {
    imports: { bullmq: { Queue: 'bullmq.QueueClass', '*': 'bullmq.module' } },
    members: {
      'bullmq.module': { Queue: 'bullmq.QueueClass' },
      'bullmq.QueueClass': { new: 'bullmq.queue', ':': 'bullmq.queue' },
    },
  },
  calls: { 'bullmq.queue': ['add()', 'addBulk()'] },
  autoInstrumentedBy: [I.ioredis],
});
