// kafkajs producers: `send` / `sendBatch` on `new Kafka(…).producer()` (also parameters typed `Producer`).
// The Kafka client kinds are shared with the kafkajs actor adapter (consumers).
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'kafkajs',
  library: 'kafkajs',
  category: 'queue',
  packages: ['kafkajs'],
  model: {
    imports: { kafkajs: { Kafka: 'kafkajs.KafkaClass', Producer: 'kafkajs.producer', '*': 'kafkajs.module', default: 'kafkajs.module' } },
    members: {
      'kafkajs.module': { Kafka: 'kafkajs.KafkaClass', Producer: 'kafkajs.producer' },
      'kafkajs.KafkaClass': { new: 'kafkajs.client', ':': 'kafkajs.client' },
      'kafkajs.client': { 'producer()': 'kafkajs.producer' },
    },
  },
  calls: { 'kafkajs.producer': ['send()', 'sendBatch()'] },
  autoInstrumentedBy: [I.kafkajs],
});
