// Registered OpenTelemetry auto-instrumentation: which instrumentation packages the project enables, so an
// outbound call through a library they cover counts as instrumented (the client adapters name the
// packages that cover them). Recognised by origin:
//  - `new HttpInstrumentation()` and every other `*Instrumentation` class of an instrumentation package
//    (its constructor enables it, whether or not it is then passed to `registerInstrumentations` or
//    `new NodeSDK({ instrumentations })`), unless `{ enabled: false }`;
//  - `getNodeAutoInstrumentations(config)` (minus packages the config disables) and the zero-code
//    `import '@opentelemetry/auto-instrumentations-node/register'`;
//  - `@vercel/otel` `registerOTel(…)`, whose default instrumentation patches `fetch`.
import { ts } from '#ts';
import type { AutoInstrumentation } from '../../types.js';
import { defineAdapter } from '../types.js';

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
const NODE_AUTO_PKG = '@opentelemetry/auto-instrumentations-node';
const NODE_AUTO_REGISTER = `${NODE_AUTO_PKG}/register`;

const CLASS = 'otel.instrumentationClass:';
const NODE_AUTO_FN = 'otel.nodeAutoInstrumentations';
const WEB_AUTO_FN = 'otel.webAutoInstrumentations';
const VERCEL_REGISTER = 'otel.vercelRegister';

/** Each instrumentation package exports its `*Instrumentation` class; a namespace import reaches it too. */
const classImports = Object.fromEntries(Object.values(INSTRUMENTATION).filter((p) => p !== I.vercel).map((p) => [p, { '*Instrumentation': CLASS + p, '*': `${CLASS}ns:${p}` }]));
const classNamespaces = Object.fromEntries(Object.values(INSTRUMENTATION).map((p) => [`${CLASS}ns:${p}`, { '*': CLASS + p }]));

/** `{ enabled: false }` written literally in an options object. */
function disabled(options: ts.Node | undefined): boolean {
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some(
    (p) => ts.isPropertyAssignment(p) && p.name.getText() === 'enabled' && p.initializer.kind === ts.SyntaxKind.FalseKeyword,
  );
}

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
    },
    members: {
      ...classNamespaces,
      'otel.nodeAutoNs': { getNodeAutoInstrumentations: NODE_AUTO_FN },
      'otel.webAutoNs': { getWebAutoInstrumentations: WEB_AUTO_FN },
      'otel.vercelNs': { registerOTel: VERCEL_REGISTER },
    },
  },
  create(ctx) {
    const text = ctx.sourceFile.text;
    if (!text.includes('@opentelemetry/') && !text.includes('@vercel/otel') && !text.includes('@prisma/instrumentation')) return {};
    const record = (packages: string[], api: string, node: ts.Node) => {
      if (!packages.length) return;
      const reg: AutoInstrumentation = { packages, api, line: ctx.span(node).line };
      (ctx.summary.autoInstrumentation ??= []).push(reg);
    };
    return {
      [ts.SyntaxKind.ImportDeclaration](node: ts.ImportDeclaration) {
        if (!node.importClause && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === NODE_AUTO_REGISTER) {
          record(NODE_AUTO, `import '${NODE_AUTO_REGISTER}'`, node);
        }
      },
      [ts.SyntaxKind.NewExpression](node: ts.NewExpression) {
        const kind = ctx.kindOf(node.expression);
        if (!kind?.startsWith(CLASS) || kind.startsWith(`${CLASS}ns:`) || disabled(node.arguments?.[0])) return;
        record([kind.slice(CLASS.length)], `new ${ctx.text(node.expression)}()`, node);
      },
      [ts.SyntaxKind.CallExpression](node: ts.CallExpression) {
        const kind = ctx.kindOf(node.expression);
        if (kind === NODE_AUTO_FN || kind === WEB_AUTO_FN) {
          const config = node.arguments[0];
          const off = new Set<string>();
          if (config && ts.isObjectLiteralExpression(config)) {
            for (const p of config.properties) {
              if (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.name) && disabled(p.initializer)) off.add(p.name.text);
            }
          }
          const all = kind === NODE_AUTO_FN ? NODE_AUTO : WEB_AUTO;
          record(all.filter((p) => !off.has(p)), `${ctx.text(node.expression)}()`, node);
        } else if (kind === VERCEL_REGISTER) {
          // The default (`'auto'`) instruments fetch; an explicit list without 'auto' or 'fetch' does not.
          const options = node.arguments[0];
          let defaults = true;
          if (options && ts.isObjectLiteralExpression(options)) {
            const list = options.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'instrumentations');
            if (list && ts.isPropertyAssignment(list) && ts.isArrayLiteralExpression(list.initializer)) {
              defaults = list.initializer.elements.some((e) => ts.isStringLiteral(e) && (e.text === 'auto' || e.text === 'fetch'));
            }
          }
          if (defaults) record([I.vercel], `${ctx.text(node.expression)}()`, node);
        }
      },
    };
  },
});
