// Every framework adapter, in one list. Adding one: copy src/adapters/_template.ts, add it here, and add
// its fixture under fixtures/; test/consistency.test.ts names whatever is missing.
import type { Adapter } from './types.js';
import express from './http/express.js';
import hono from './http/hono.js';
import koaRouter from './http/koa-router.js';
import fastify from './http/fastify.js';
import next from './http/next.js';
import reactRouter from './http/react-router.js';
import nestjs from './http/nestjs.js';
import elysia from './http/elysia.js';
import hapi from './http/hapi.js';
import sveltekit from './http/sveltekit.js';
import nitro from './http/nitro.js';
import h3 from './http/h3.js';
import astro from './http/astro.js';
import medusa from './http/medusa.js';
import configuredHttp from './http/configured.js';
import graphql from './http/graphql.js';
import nestjsGraphql from './http/nestjs-graphql.js';
import typeGraphql from './http/type-graphql.js';
import pothos from './http/pothos.js';
import trpc from './http/trpc.js';
import nextServerActions from './http/next-server-actions.js';
import mcp from './http/mcp.js';
import nextPages from './ui/next-pages.js';
import reactRouterPages from './ui/react-router.js';
import configuredUi from './ui/configured.js';
import durableObjects from './actor/durable-objects.js';
import bullmq from './actor/bullmq.js';
import kafkajs from './actor/kafkajs.js';
import amqplib from './actor/amqplib.js';
import configuredActors from './actor/configured.js';
import nestjsBullmq from './actor/nestjs-bullmq.js';
import nestjsBull from './actor/nestjs-bull.js';
import nestjsMicroservices from './actor/nestjs-microservices.js';
import nodeCron from './actor/node-cron.js';
import cron from './actor/cron.js';
import croner from './actor/croner.js';
import nestjsSchedule from './actor/nestjs-schedule.js';
import agenda from './actor/agenda.js';
import socketIo from './actor/socket.io.js';
import ws from './actor/ws.js';
import nestjsWebsockets from './actor/nestjs-websockets.js';
import sqsConsumer from './actor/sqs-consumer.js';
import googleCloudPubsub from './actor/google-cloud-pubsub.js';
import nats from './actor/nats.js';
import bull from './actor/bull.js';
import pgBoss from './actor/pg-boss.js';
import azureServiceBus from './actor/azure-service-bus.js';
import nestjsCqrs from './actor/nestjs-cqrs.js';
import temporal from './actor/temporal.js';
import inngest from './actor/inngest.js';
import triggerDev from './actor/trigger-dev.js';
import awsLambda from './http/aws-lambda.js';
import awsLambdaEvents from './actor/aws-lambda.js';
import cloudflareWorkers from './http/cloudflare-workers.js';
import cloudflareWorkersEvents from './actor/cloudflare-workers.js';
import { OUTBOUND_ADAPTERS } from './outbound/index.js';
export { deferredTargetFields } from './outbound/deferred.js';
import type { ProjectHook } from '../analysis/framework-config.js';

// Order does not decide what an adapter finds: the configured adapters are `fallback` (they run after the
// others, and leave what those claimed), and the library model refuses entries two adapters give differently.
export const ADAPTERS: Adapter[] = [express, hono, koaRouter, fastify, elysia, hapi, durableObjects, bullmq, kafkajs, amqplib, configuredActors, nestjs, graphql, nestjsGraphql, typeGraphql, pothos, nestjsBullmq, nestjsBull, nestjsMicroservices, nodeCron, cron, croner, nestjsSchedule, agenda, socketIo, ws, nestjsWebsockets, sqsConsumer, googleCloudPubsub, nats, bull, pgBoss, azureServiceBus, nestjsCqrs, temporal, inngest, triggerDev, awsLambda, awsLambdaEvents, cloudflareWorkers, cloudflareWorkersEvents, next, reactRouter, trpc, nextServerActions, mcp, sveltekit, nitro, h3, astro, medusa, configuredHttp, nextPages, reactRouterPages, configuredUi, ...OUTBOUND_ADAPTERS];

/** The adapters' project hooks (framework config files, declarations), in adapter order. */
export const PROJECT_HOOKS: ProjectHook[] = ADAPTERS.flatMap((a) => (a.project ? [a.project] : []));
