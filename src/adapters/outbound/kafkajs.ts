// kafkajs producers: `send` / `sendBatch` on `new Kafka(…).producer()` (also parameters typed `Producer`).
// The Kafka client kinds are shared with the kafkajs actor adapter (consumers).
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';
import { KAFKAJS_MODEL } from '../shared-models.js';

export default defineClientAdapter({
  name: 'kafkajs',
  library: 'kafkajs',
  category: 'queue',
  packages: ['kafkajs'],
  model: KAFKAJS_MODEL,
  calls: { 'kafkajs.producer': ['send()', 'sendBatch()'] },
  autoInstrumentedBy: [I.kafkajs],
});
