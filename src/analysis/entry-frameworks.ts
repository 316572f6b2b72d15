// Request- and message-handling frameworks a package can depend on, and which adapters find their entry
// points. A run must never read as "all clear" about code it did not look at: when an analysed package
// depends on a framework no adapter recognises, or on one an adapter knows but none of its entry points
// was found in that package's files, the report says so (`summary.unrecognised`).
import path from 'node:path';
import { PackageScopes } from './packages.js';
import { probeExists, probeRead } from './probe.js';
import type { TargetSummary, UnrecognisedFramework } from '../types.js';

interface EntryFramework {
  /** Shown in the report. */
  framework: string;
  /**
   * Adapter names (TargetSummary.framework) whose targets are this framework's entry points; empty when
   * no adapter recognises it.
   */
  adapters: string[];
  /**
   * The package is as often used to send as to handle (`ws` clients, a web app adding BullMQ jobs): finding no entry point of it
   * says nothing, so only a recognised entry point is reported, never its absence.
   */
  alsoClient?: boolean;
}

const unsupported = (framework: string): EntryFramework => ({ framework, adapters: [] });

/** npm package → framework. Only packages whose presence means the package handles requests or messages. */
export const ENTRY_FRAMEWORKS: Record<string, EntryFramework> = {
  // HTTP servers and frameworks with an adapter
  express: { framework: 'express', adapters: ['express'] },
  fastify: { framework: 'fastify', adapters: ['fastify'] },
  '@koa/router': { framework: 'koa-router', adapters: ['koa-router'] },
  'koa-router': { framework: 'koa-router', adapters: ['koa-router'] },
  hono: { framework: 'hono', adapters: ['hono'] },
  elysia: { framework: 'elysia', adapters: ['elysia'] },
  '@hapi/hapi': { framework: 'hapi', adapters: ['hapi'] },
  hapi: { framework: 'hapi', adapters: ['hapi'] },
  '@nestjs/core': { framework: 'nestjs', adapters: ['nestjs', 'nestjs-microservices', 'nestjs-bullmq', 'nestjs-bull', 'nestjs-schedule', 'nestjs-websockets'] },
  next: { framework: 'next', adapters: ['next', 'next-server-actions'] },
  '@remix-run/node': { framework: 'remix', adapters: ['react-router'] },
  '@remix-run/cloudflare': { framework: 'remix', adapters: ['react-router'] },
  '@react-router/node': { framework: 'react-router', adapters: ['react-router'] },
  '@react-router/dev': { framework: 'react-router', adapters: ['react-router'] },
  '@sveltejs/kit': { framework: 'sveltekit', adapters: ['sveltekit'] },
  h3: { framework: 'h3', adapters: ['h3', 'nitro'] },
  nitropack: { framework: 'nitro', adapters: ['nitro', 'h3'] },
  nitro: { framework: 'nitro', adapters: ['nitro', 'h3'] },
  // A Nuxt or Astro site without server routes or endpoints is a front end: reported only if unsupported.
  nuxt: { framework: 'nuxt', adapters: ['nitro', 'h3'], alsoClient: true },
  astro: { framework: 'astro', adapters: ['astro'], alsoClient: true },
  '@medusajs/medusa': { framework: 'medusa', adapters: ['medusa'] },
  '@medusajs/framework': { framework: 'medusa', adapters: ['medusa'] },
  '@trpc/server': { framework: 'trpc', adapters: ['trpc'] },
  // The SDK holds clients too.
  '@modelcontextprotocol/sdk': { framework: 'mcp', adapters: ['mcp'], alsoClient: true },
  // GraphQL servers
  '@apollo/server': { framework: 'apollo-server', adapters: ['graphql'] },
  'apollo-server': { framework: 'apollo-server', adapters: ['graphql'] },
  'apollo-server-express': { framework: 'apollo-server', adapters: ['graphql'] },
  'graphql-yoga': { framework: 'graphql-yoga', adapters: ['graphql', 'pothos'] },
  mercurius: { framework: 'mercurius', adapters: ['graphql'] },
  '@nestjs/graphql': { framework: 'nestjs-graphql', adapters: ['nestjs-graphql'] },
  'type-graphql': { framework: 'type-graphql', adapters: ['type-graphql'] },
  '@pothos/core': { framework: 'pothos', adapters: ['pothos'] },
  // Serverless handlers with an adapter: middy wraps Lambda handlers (a package depending on it has some).
  '@middy/core': { framework: 'aws-lambda', adapters: ['aws-lambda'] },
  // Message handling with an adapter
  // Queues: a package that only adds jobs (a web app enqueuing for a worker package) depends on them too.
  bullmq: { framework: 'bullmq', adapters: ['bullmq', 'nestjs-bullmq'], alsoClient: true },
  kafkajs: { framework: 'kafkajs', adapters: ['kafkajs', 'nestjs-microservices'], alsoClient: true },
  amqplib: { framework: 'amqplib', adapters: ['amqplib', 'nestjs-microservices'], alsoClient: true },
  '@nestjs/microservices': { framework: 'nestjs-microservices', adapters: ['nestjs-microservices'], alsoClient: true },
  '@nestjs/bullmq': { framework: 'nestjs-bullmq', adapters: ['nestjs-bullmq'], alsoClient: true },
  '@nestjs/bull': { framework: 'nestjs-bull', adapters: ['nestjs-bull'], alsoClient: true },
  // Scheduled jobs: a package depends on a scheduler to run jobs. @nestjs/schedule apps add jobs at run
  // time with `new CronJob` (the cron adapter), and list `cron` for its types.
  'node-cron': { framework: 'node-cron', adapters: ['node-cron'] },
  cron: { framework: 'cron', adapters: ['cron', 'nestjs-schedule'] },
  croner: { framework: 'croner', adapters: ['croner'] },
  '@nestjs/schedule': { framework: 'nestjs-schedule', adapters: ['nestjs-schedule', 'cron'] },
  // A web app may only schedule Agenda jobs that a worker package defines.
  agenda: { framework: 'agenda', adapters: ['agenda'], alsoClient: true },
  '@hokify/agenda': { framework: 'agenda', adapters: ['agenda'], alsoClient: true },
  // WebSocket servers (the Socket.IO client is another package; ws is both client and server).
  'socket.io': { framework: 'socket.io', adapters: ['socket.io', 'nestjs-websockets'] },
  ws: { framework: 'ws', adapters: ['ws', 'nestjs-websockets'], alsoClient: true },
  '@nestjs/websockets': { framework: 'nestjs-websockets', adapters: ['nestjs-websockets'] },
  // Queues and streams (clients that only send depend on them too).
  bull: { framework: 'bull', adapters: ['bull', 'nestjs-bull'], alsoClient: true },
  'pg-boss': { framework: 'pg-boss', adapters: ['pg-boss'], alsoClient: true },
  'sqs-consumer': { framework: 'sqs-consumer', adapters: ['sqs-consumer'] },
  '@google-cloud/pubsub': { framework: 'google-cloud-pubsub', adapters: ['google-cloud-pubsub'], alsoClient: true },
  nats: { framework: 'nats', adapters: ['nats', 'nestjs-microservices'], alsoClient: true },
  '@nats-io/transport-node': { framework: 'nats', adapters: ['nats'], alsoClient: true },
  '@azure/service-bus': { framework: 'azure-service-bus', adapters: ['azure-service-bus'], alsoClient: true },
  '@confluentinc/kafka-javascript': { framework: 'kafkajs', adapters: ['kafkajs'], alsoClient: true },
  '@nestjs/cqrs': { framework: 'nestjs-cqrs', adapters: ['nestjs-cqrs'] },
  // Workflow engines: a worker package runs them; an app that only starts runs or sends events uses the client.
  '@temporalio/worker': { framework: 'temporal', adapters: ['temporal'] },
  inngest: { framework: 'inngest', adapters: ['inngest'], alsoClient: true },
  '@trigger.dev/sdk': { framework: 'trigger-dev', adapters: ['trigger-dev'], alsoClient: true },

  // HTTP servers and frameworks no adapter recognises
  restify: unsupported('restify'),
  koa: { framework: 'koa', adapters: ['koa-router'] },
  polka: unsupported('polka'),
  micro: unsupported('micro'),
  '@tinyhttp/app': unsupported('tinyhttp'),
  'hyper-express': unsupported('hyper-express'),
  'uWebSockets.js': unsupported('uWebSockets.js'),
  '@adonisjs/core': unsupported('adonisjs'),
  '@adonisjs/http-server': unsupported('adonisjs'),
  sails: unsupported('sails'),
  '@loopback/rest': unsupported('loopback'),
  '@feathersjs/feathers': unsupported('feathers'),
  moleculer: unsupported('moleculer'),
  'routing-controllers': unsupported('routing-controllers'),
  tsoa: unsupported('tsoa'),
  '@midwayjs/core': unsupported('midway'),
  egg: unsupported('egg'),
  '@marblejs/core': unsupported('marble.js'),
  '@connectrpc/connect-node': { ...unsupported('connect-rpc'), alsoClient: true },
  '@connectrpc/connect-express': unsupported('connect-rpc'),
  '@connectrpc/connect-fastify': unsupported('connect-rpc'),
  '@google-cloud/functions-framework': unsupported('google-cloud-functions'),
  'firebase-functions': unsupported('firebase-functions'),
  '@azure/functions': unsupported('azure-functions'),
  '@netlify/functions': unsupported('netlify-functions'),
  'graphql-ws': unsupported('graphql-ws'),
  // Message handling no adapter recognises
  'bee-queue': { ...unsupported('bee-queue'), alsoClient: true },
  kue: { ...unsupported('kue'), alsoClient: true },
  'graphile-worker': { ...unsupported('graphile-worker'), alsoClient: true },
  'node-resque': { ...unsupported('node-resque'), alsoClient: true },
  mqtt: { ...unsupported('mqtt'), alsoClient: true },
  rhea: { ...unsupported('rhea'), alsoClient: true },
  zeromq: { ...unsupported('zeromq'), alsoClient: true },
  'node-rdkafka': { ...unsupported('node-rdkafka'), alsoClient: true },
  'amqp-connection-manager': { ...unsupported('amqp-connection-manager'), alsoClient: true },
  rascal: { ...unsupported('rascal'), alsoClient: true },
  '@golevelup/nestjs-rabbitmq': { ...unsupported('golevelup-rabbitmq'), alsoClient: true },
};

/** Entry-point target kinds: what "found an entry point" means (outbound calls are not entry points). */
const ENTRY_KINDS = new Set(['http-handler', 'actor', 'ui-component']);

/** Whether a target of this kind is an entry point (a handler the framework calls). */
export function isEntryPoint(kind: string): boolean {
  return ENTRY_KINDS.has(kind);
}

/**
 * The frameworks the analysed packages depend on that the run did not look at: per package (the nearest
 * package.json of analysed files), each dependency in ENTRY_FRAMEWORKS with no adapter (`unsupported`),
 * or with adapters none of whose targets were found in that package's files (`none-found`). Also returns
 * the package.json files read, whose changes must invalidate a cached analysis. `files`: each analysed file
 * with the frameworks of its entry points.
 */
export function unrecognisedFrameworks(
  files: Iterable<[string, readonly string[]]>,
  display: (abs: string) => string,
): { unrecognised: UnrecognisedFramework[]; manifests: string[] } {
  const scopes = new PackageScopes();
  const found = new Map<string, { scope: NonNullable<ReturnType<PackageScopes['of']>>; frameworks: Set<string> }>();
  for (const [abs, frameworks] of files) {
    const scope = scopes.of(abs);
    if (!scope) continue;
    let entry = found.get(scope.dir);
    if (!entry) found.set(scope.dir, (entry = { scope, frameworks: new Set() }));
    for (const f of frameworks) entry.frameworks.add(f);
  }
  const out: UnrecognisedFramework[] = [];
  for (const { scope, frameworks } of found.values()) {
    const where = display(scope.dir) || '.';
    // A workspace root lists its packages' dependencies (hoisting, tooling): its own files (scripts,
    // configs) are not where their entry points live, so only an unsupported framework is worth naming.
    const workspaceRoot = isWorkspaceRoot(scope.dir);
    const seen = new Set<string>();
    for (const dep of [...scope.deps].sort()) {
      const f = ENTRY_FRAMEWORKS[dep];
      if (!f || seen.has(f.framework)) continue;
      let reason: UnrecognisedFramework['reason'] | undefined;
      if (!f.adapters.length) reason = 'unsupported';
      else if (!f.alsoClient && !workspaceRoot && !f.adapters.some((a) => frameworks.has(a))) reason = 'none-found';
      if (!reason) continue;
      seen.add(f.framework);
      out.push({ package: scope.name ?? where, path: where, dependency: dep, framework: f.framework, reason });
    }
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.framework < b.framework ? -1 : a.framework > b.framework ? 1 : 0));
  return { unrecognised: out, manifests: [...found.keys()].map((d) => path.join(d, 'package.json')).sort() };
}

/** A folder whose package.json declares workspaces, or that holds a pnpm or Lerna workspace file. */
function isWorkspaceRoot(dir: string): boolean {
  if (probeExists(path.join(dir, 'pnpm-workspace.yaml')) || probeExists(path.join(dir, 'lerna.json'))) return true;
  try {
    return 'workspaces' in (JSON.parse(probeRead(path.join(dir, 'package.json')) ?? '') as object);
  } catch {
    return false;
  }
}
