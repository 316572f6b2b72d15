// Library models used by more than one adapter: a queue client is both where messages arrive (actor
// adapters) and where they leave the process (outbound adapters). One definition, so the two cannot drift.
import type { PartialModel } from '../analysis/model.js';

export const KAFKAJS_MODEL: PartialModel = {
  imports: {
    kafkajs: { Kafka: 'kafkajs.KafkaClass', Consumer: 'kafkajs.consumer', Producer: 'kafkajs.producer', '*': 'kafkajs.module', default: 'kafkajs.module' },
  },
  members: {
    'kafkajs.module': { Kafka: 'kafkajs.KafkaClass', Consumer: 'kafkajs.consumer', Producer: 'kafkajs.producer' },
    'kafkajs.KafkaClass': { new: 'kafkajs.client', ':': 'kafkajs.client' },
    'kafkajs.client': { 'consumer()': 'kafkajs.consumer', 'producer()': 'kafkajs.producer' },
  },
};

export const AMQP_CHANNEL = 'amqplib.channel';
export const AMQP_CONNECTION = 'amqplib.connection';
export const AMQP_CALLBACK_CONNECT = 'amqplib.callbackConnect';
const AMQP_TYPES = { Channel: AMQP_CHANNEL, ConfirmChannel: AMQP_CHANNEL, Connection: AMQP_CONNECTION, ChannelModel: AMQP_CONNECTION };

export const AMQPLIB_MODEL: PartialModel = {
  imports: {
    amqplib: { connect: 'amqplib.connect', '*': 'amqplib.module', default: 'amqplib.module', ...AMQP_TYPES },
    'amqplib/callback_api': { connect: AMQP_CALLBACK_CONNECT, '*': 'amqplib.callbackModule', default: 'amqplib.callbackModule', ...AMQP_TYPES },
  },
  members: {
    'amqplib.module': { 'connect()': AMQP_CONNECTION, connect: 'amqplib.connect', ...AMQP_TYPES },
    'amqplib.connect': { '()': AMQP_CONNECTION },
    'amqplib.callbackModule': { connect: AMQP_CALLBACK_CONNECT, ...AMQP_TYPES },
    [AMQP_CONNECTION]: { 'createChannel()': AMQP_CHANNEL, 'createConfirmChannel()': AMQP_CHANNEL },
  },
};
