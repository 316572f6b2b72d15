// amqplib publishers: `publish` / `sendToQueue` on a channel from `(await connect(url)).createChannel()`
// (also parameters typed `Channel` / `ConfirmChannel`). The kinds are shared with the amqplib actor adapter.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const TYPES = { Channel: 'amqplib.channel', ConfirmChannel: 'amqplib.channel', Connection: 'amqplib.connection', ChannelModel: 'amqplib.connection' };

export default defineClientAdapter({
  name: 'amqplib',
  library: 'amqplib',
  category: 'queue',
  packages: ['amqplib'],
  model: {
    imports: { amqplib: { connect: 'amqplib.connect', '*': 'amqplib.module', default: 'amqplib.module', ...TYPES } },
    members: {
      'amqplib.module': { 'connect()': 'amqplib.connection', connect: 'amqplib.connect', ...TYPES },
      'amqplib.connect': { '()': 'amqplib.connection' },
      'amqplib.connection': { 'createChannel()': 'amqplib.channel', 'createConfirmChannel()': 'amqplib.channel' },
    },
  },
  calls: { 'amqplib.channel': ['publish()', 'sendToQueue()'] },
  autoInstrumentedBy: [I.amqplib],
});
