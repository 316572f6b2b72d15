// amqplib publishers: `publish` / `sendToQueue` on a channel from `(await connect(url)).createChannel()`
// (also parameters typed `Channel` / `ConfirmChannel`). The kinds are shared with the amqplib actor adapter.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';
import { AMQPLIB_MODEL } from '../shared-models.js';

export default defineClientAdapter({
  name: 'amqplib',
  library: 'amqplib',
  category: 'queue',
  packages: ['amqplib'],
  model: AMQPLIB_MODEL,
  calls: { 'amqplib.channel': ['publish()', 'sendToQueue()'] },
  autoInstrumentedBy: [I.amqplib],
});
