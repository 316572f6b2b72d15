// Registered OpenTelemetry auto-instrumentation: which instrumentation packages the project enables, so an
// outbound call through a library they cover counts as instrumented (the client adapters name the
// packages that cover them). Recognised by origin:
//  - `new HttpInstrumentation()` and every other `*Instrumentation` class of an instrumentation package
//    (its constructor enables it, whether or not it is then passed to `registerInstrumentations` or
//    `new NodeSDK({ instrumentations })`), unless `{ enabled: false }`;
//  - `getNodeAutoInstrumentations(config)` (minus packages the config disables) and the zero-code
//    `import '@opentelemetry/auto-instrumentations-node/register'`;
//  - `@vercel/otel` `registerOTel(…)`, whose default instrumentation patches `fetch`;
//  - vendor distributions of OpenTelemetry (HyperDX, Splunk, Azure Monitor): their setup call or preload import.
// Vendor agents that patch the same libraries count for the packages they stand in for:
//  - dd-trace: `tracer.init()` and `import 'dd-trace/init'`;
//  - Sentry's server SDKs (`@sentry/node`, `@sentry/nextjs`, …): `Sentry.init({ tracesSampleRate })`
//    (tracing on) instruments http, fetch and the database, cache and queue clients it detects; the browser
//    SDKs instrument fetch.
import { ts } from '#ts';
import type { AutoInstrumentation } from '../../types.js';
import { defineAdapter } from '../types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isArrayLiteralExpression,
  isIdentifier,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isStringLiteral,
} = ts;

export const INSTRUMENTATION = {
  http: '@opentelemetry/instrumentation-http',
  undici: '@opentelemetry/instrumentation-undici',
  fetch: '@opentelemetry/instrumentation-fetch',
  vercel: '@vercel/otel',
  awsSdk: '@opentelemetry/instrumentation-aws-sdk',
  grpc: '@opentelemetry/instrumentation-grpc',
  pg: '@opentelemetry/instrumentation-pg',
  mysql2: '@opentelemetry/instrumentation-mysql2',
  mongodb: '@opentelemetry/instrumentation-mongodb',
  mongoose: '@opentelemetry/instrumentation-mongoose',
  ioredis: '@opentelemetry/instrumentation-ioredis',
  redis: '@opentelemetry/instrumentation-redis',
  redis4: '@opentelemetry/instrumentation-redis-4',
  kafkajs: '@opentelemetry/instrumentation-kafkajs',
  amqplib: '@opentelemetry/instrumentation-amqplib',
  prisma: '@prisma/instrumentation',
} as const;

const I = INSTRUMENTATION;
/** What `getNodeAutoInstrumentations()` enables among the packages that cover outbound calls. */
const NODE_AUTO = [I.http, I.undici, I.awsSdk, I.grpc, I.pg, I.mysql2, I.mongodb, I.mongoose, I.ioredis, I.redis, I.redis4, I.kafkajs, I.amqplib];
const WEB_AUTO = [I.fetch];
/** What the dd-trace agent patches among them (its `http`, `fetch`, `aws-sdk`, `grpc`, database and broker plugins). */
const DD_TRACE = [I.http, I.undici, I.fetch, I.awsSdk, I.grpc, I.pg, I.mysql2, I.mongodb, I.mongoose, I.ioredis, I.redis, I.redis4, I.kafkajs, I.amqplib];
/** Sentry's Node SDK default integrations (http, native fetch, and the clients it detects); Prisma needs its own integration. */
const SENTRY_SERVER = [I.http, I.undici, I.pg, I.mysql2, I.mongodb, I.mongoose, I.ioredis, I.redis, I.redis4, I.kafkajs, I.amqplib];
const SENTRY_SERVER_SDKS = new Set(['node', 'nextjs', 'nestjs', 'bun', 'deno', 'remix', 'sveltekit', 'astro', 'nuxt', 'solidstart', 'aws-serverless', 'google-cloud-serverless'].map((n) => `@sentry/${n}`));
const NODE_AUTO_PKG = '@opentelemetry/auto-instrumentations-node';
const NODE_AUTO_REGISTER = `${NODE_AUTO_PKG}/register`;

const CLASS = 'otel.instrumentationClass:';
const NODE_AUTO_FN = 'otel.nodeAutoInstrumentations';
const WEB_AUTO_FN = 'otel.webAutoInstrumentations';
const VERCEL_REGISTER = 'otel.vercelRegister';

/**
 * OpenTelemetry distributions of vendors: one call (or a preload import) sets up the SDK with the
 * auto-instrumentations of its platform. What each enables among the packages that cover outbound calls.
 */
const DISTROS: Record<string, { calls: string[]; packages: string[]; preloads?: string[]; browser?: true }> = {
  '@hyperdx/node-opentelemetry': { calls: ['init', 'initSDK'], packages: NODE_AUTO, preloads: ['@hyperdx/node-opentelemetry/build/src/tracing'] },
  '@hyperdx/browser': { calls: ['init'], packages: WEB_AUTO, browser: true },
  '@splunk/otel': { calls: ['start'], packages: NODE_AUTO, preloads: ['@splunk/otel/instrument'] },
  '@azure/monitor-opentelemetry': { calls: ['useAzureMonitor'], packages: [I.http, I.mongodb, I.mysql2, I.pg, I.redis, I.redis4] },
};
const DISTRO_NS = 'otel.distro:';
const DISTRO_FN = 'otel.distroFn:';
const distroImports = Object.fromEntries(
  Object.entries(DISTROS).map(([pkg, d]) => [pkg, { default: DISTRO_NS + pkg, '*': DISTRO_NS + pkg, ...Object.fromEntries(d.calls.map((c) => [c, DISTRO_FN + pkg])) }]),
);
const distroMembers = Object.fromEntries(Object.entries(DISTROS).map(([pkg, d]) => [DISTRO_NS + pkg, Object.fromEntries(d.calls.map((c) => [c, DISTRO_FN + pkg]))]));
const DISTRO_PRELOADS = new Map(Object.entries(DISTROS).flatMap(([pkg, d]) => (d.preloads ?? []).map((p) => [p, pkg] as const)));

/** Each instrumentation package exports its `*Instrumentation` class; a namespace import reaches it too. */
const classImports = Object.fromEntries(Object.values(INSTRUMENTATION).filter((p) => p !== I.vercel).map((p) => [p, { '*Instrumentation': CLASS + p, '*': `${CLASS}ns:${p}` }]));
const classNamespaces = Object.fromEntries(Object.values(INSTRUMENTATION).map((p) => [`${CLASS}ns:${p}`, { '*': CLASS + p }]));

/** `{ enabled: false }` written literally in an options object. */
function disabled(options: ts.Node | undefined): boolean {
  if (!options || !isObjectLiteralExpression(options)) return false;
  return options.properties.some(
    (p) => isPropertyAssignment(p) && p.name.getText() === 'enabled' && p.initializer.kind === ts.SyntaxKind.FalseKeyword,
  );
}

/** What a file must mention for this adapter to find anything in it (checked once per file, on the text). */
const MENTIONS = ['@opentelemetry/', '@vercel/otel', '@prisma/instrumentation', 'dd-trace', '@sentry/', ...Object.keys(DISTROS)];

export default defineAdapter({
  name: 'auto-instrumentation',
  targetKind: 'outbound-call',
  packages: [],
  // A zero-code `import '…/register'` binds no name, so the import list cannot enable the adapter: the file
  // text is checked instead (once per file, before any visitor runs).
  appliesToPath: () => true,
  model: {
    imports: {
      ...classImports,
      [NODE_AUTO_PKG]: { getNodeAutoInstrumentations: NODE_AUTO_FN, '*': 'otel.nodeAutoNs' },
      '@opentelemetry/auto-instrumentations-web': { getWebAutoInstrumentations: WEB_AUTO_FN, '*': 'otel.webAutoNs' },
      '@vercel/otel': { registerOTel: VERCEL_REGISTER, '*': 'otel.vercelNs' },
      ...distroImports,
    },
    members: {
      ...classNamespaces,
      'otel.nodeAutoNs': { getNodeAutoInstrumentations: NODE_AUTO_FN },
      'otel.webAutoNs': { getWebAutoInstrumentations: WEB_AUTO_FN },
      'otel.vercelNs': { registerOTel: VERCEL_REGISTER },
      ...distroMembers,
    },
  },
  create(ctx) {
    const text = ctx.sourceFile.text;
    if (!MENTIONS.some((p) => text.includes(p))) return {};
    const record = (packages: string[], api: string, node: ts.Node, agent?: string, runtimeOf?: 'browser' | 'any') => {
      if (!packages.length) return;
      // The runtime of the SDK: a browser one, or that of the module that sets it up (a client entry, an edge config).
      const runtime = runtimeOf ?? (ctx.summary.runtime === 'client' ? 'browser' : ctx.summary.runtime);
      const reg: AutoInstrumentation = { packages, api, line: ctx.span(node).line, ...(agent ? { agent } : {}), ...(runtime ? { runtime } : {}) };
      (ctx.summary.autoInstrumentation ??= []).push(reg);
    };
    /** `tracer.init()` of dd-trace, `Sentry.init({ tracesSampleRate })` of a Sentry SDK. */
    const agentInit = (call: ts.CallExpression, receiver: ts.Expression) => {
      const api = `${ctx.text(receiver)}.init()`;
      const kind = ctx.kindOf(receiver);
      if (kind === 'dd.tracer') {
        record(DD_TRACE, api, call, 'dd-trace');
        return;
      }
      if (kind !== 'sentry.ns' || !isIdentifier(receiver)) return;
      const sdk = ctx.summary.imports[receiver.text]?.specifier ?? '';
      const options = call.arguments[0];
      // Tracing is off unless a sample rate or sampler is set (an options object built elsewhere is trusted).
      // A sample rate written as 0 (`tracesSampleRate: 0`) or `enableTracing: false` keeps it off.
      const tracing =
        !options ||
        !isObjectLiteralExpression(options) ||
        options.properties.some(
          (p) =>
            p.name &&
            ['tracesSampleRate', 'tracesSampler', 'enableTracing'].includes(p.name.getText()) &&
            !(isPropertyAssignment(p) && (p.initializer.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(p.initializer) && Number(p.initializer.text) === 0))),
        );
      if (!options || !tracing) return;
      // A framework SDK runs on both sides: in a client entry or a `'use client'` module, its `init` sets up the
      // browser SDK, which instruments the browser's fetch, not the server's http or database clients.
      // On the edge runtime (`sentry.edge.config`) it is the edge SDK, which instruments fetch only.
      const server = SENTRY_SERVER_SDKS.has(sdk) && ctx.summary.runtime !== 'client';
      record(server && ctx.summary.runtime !== 'edge' ? SENTRY_SERVER : [I.fetch], api, call, sdk, server ? undefined : 'browser');
    };

    return {
      ImportDeclaration(node: ts.ImportDeclaration) {
        if (node.importClause || !isStringLiteral(node.moduleSpecifier)) return;
        const spec = node.moduleSpecifier.text;
        if (spec === NODE_AUTO_REGISTER) record(NODE_AUTO, `import '${spec}'`, node);
        else if (spec === 'dd-trace/init') record(DD_TRACE, `import '${spec}'`, node, 'dd-trace');
        else if (DISTRO_PRELOADS.has(spec)) record(DISTROS[DISTRO_PRELOADS.get(spec)!]!.packages, `import '${spec}'`, node, DISTRO_PRELOADS.get(spec));
      },
      NewExpression(node: ts.NewExpression) {
        const kind = ctx.kindOf(node.expression);
        if (!kind?.startsWith(CLASS) || kind.startsWith(`${CLASS}ns:`) || disabled(node.arguments?.[0])) return;
        record([kind.slice(CLASS.length)], `new ${ctx.text(node.expression)}()`, node);
      },
      CallExpression(node: ts.CallExpression) {
        const kind = ctx.kindOf(node.expression);
        if (kind === NODE_AUTO_FN || kind === WEB_AUTO_FN) {
          const config = node.arguments[0];
          const off = new Set<string>();
          if (config && isObjectLiteralExpression(config)) {
            for (const p of config.properties) {
              if (isPropertyAssignment(p) && isStringLiteral(p.name) && disabled(p.initializer)) off.add(p.name.text);
            }
          }
          const all = kind === NODE_AUTO_FN ? NODE_AUTO : WEB_AUTO;
          record(all.filter((p) => !off.has(p)), `${ctx.text(node.expression)}()`, node, undefined, kind === WEB_AUTO_FN ? 'browser' : undefined);
        } else if (kind?.startsWith(DISTRO_FN)) {
          const pkg = kind.slice(DISTRO_FN.length);
          record(DISTROS[pkg]?.packages ?? [], `${ctx.text(node.expression)}()`, node, pkg, DISTROS[pkg]?.browser ? 'browser' : undefined);
        } else if (isPropertyAccessExpression(node.expression) && node.expression.name.text === 'init') {
          agentInit(node, node.expression.expression);
        } else if (kind === VERCEL_REGISTER) {
          // The default (`'auto'`) instruments fetch; an explicit list without 'auto' or 'fetch' does not.
          const options = node.arguments[0];
          let defaults = true;
          if (options && isObjectLiteralExpression(options)) {
            const list = options.properties.find((p) => isPropertyAssignment(p) && p.name.getText() === 'instrumentations');
            if (list && isPropertyAssignment(list) && isArrayLiteralExpression(list.initializer)) {
              defaults = list.initializer.elements.some((e) => isStringLiteral(e) && (e.text === 'auto' || e.text === 'fetch'));
            }
          }
          if (defaults) record([I.vercel], `${ctx.text(node.expression)}()`, node, undefined, 'any');
        }
      },
    };
  },
});
