// Every framework adapter, in one list. Adding one: copy src/adapters/_template.ts, add it here, and add
// its fixture under fixtures/; test/consistency.test.ts names whatever is missing.
import type { Adapter } from './types.js';
import express from './http/express.js';
import durableObjects from './actor/durable-objects.js';
import bullmq from './actor/bullmq.js';
import kafkajs from './actor/kafkajs.js';
import amqplib from './actor/amqplib.js';
import configuredActors from './actor/configured.js';

export const ADAPTERS: Adapter[] = [express, durableObjects, bullmq, kafkajs, amqplib, configuredActors];
