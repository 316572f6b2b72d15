// Client-library adapters: calls that leave the process, one library each (see client.ts for the shape),
// plus the registered auto-instrumentation that covers them and clients exported by project modules.
// Where two apply to the same call (`axios` and `@nestjs/axios` on `axiosRef`), the first listed names it.
import type { Adapter } from '../types.js';
import { projectClients } from './project-clients.js';
import autoInstrumentation from './auto-instrumentation.js';
import fetch from './fetch.js';
import nodeFetch from './node-fetch.js';
import undici from './undici.js';
import axios from './axios.js';
import got from './got.js';
import ky from './ky.js';
import superagent from './superagent.js';
import nodeHttp from './node-http.js';
import awsSdk from './aws-sdk.js';
import stripe from './stripe.js';
import openai from './openai.js';
import anthropic from './anthropic.js';
import grpcJs from './grpc-js.js';
import nestjsAxios from './nestjs-axios.js';
import pg from './pg.js';
import mysql2 from './mysql2.js';
import prisma from './prisma.js';
import typeorm from './typeorm.js';
import mongoose from './mongoose.js';
import mongodb from './mongodb.js';
import ioredis from './ioredis.js';
import redis from './redis.js';
import kafkajs from './kafkajs.js';
import amqplib from './amqplib.js';
import bullmq from './bullmq.js';

const CLIENTS = [fetch, nodeFetch, undici, axios, got, ky, superagent, nodeHttp, awsSdk, stripe, openai, anthropic, grpcJs, nestjsAxios, pg, mysql2, prisma, typeorm, mongoose, mongodb, ioredis, redis, kafkajs, amqplib, bullmq];

// project-clients comes last: it judges only imports no library adapter recognised.
export const OUTBOUND_ADAPTERS: Adapter[] = [autoInstrumentation, ...CLIENTS, projectClients(CLIENTS.map((c) => c.client))];
