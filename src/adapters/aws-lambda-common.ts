// AWS Lambda, shared by the http and actor adapters: which exports of a module are Lambda handlers and
// what invokes them, from the module alone (types from `aws-lambda`, `middy` wrappers, Powertools handler
// classes), and, after the walk, from the config that deploys them (serverless.yml / serverless.ts, SAM
// and CloudFormation templates, CDK `NodejsFunction` declarations the walk recorded).
//
// A handler invoked by API Gateway (v1 REST, v2 HTTP), an ALB, a function URL, CloudFront or AppSync is
// an `http-handler` target; one invoked by a queue, topic, stream, schedule, bucket or event bus is an
// `actor` target. Names: `lambda GET /orders/{id} getOrder` when the config gives the route and the
// function's name, `lambda sqs processOrders` for an event, else `lambda src/orders/get.handler` (the
// handler string a config would use).
import path from 'node:path';
import fs from 'node:fs';
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { ConfigDocument, ProjectContext } from '../analysis/framework-config.js';
import { spanAtId } from '../analysis/framework-config.js';
import { isSamFile, isServerlessFile } from '../analysis/config-files.js';
import type { CallRef, CoverageRef, EntryDeclaration, Span, TargetSummary } from '../types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isBlock,
  isCallExpression,
  isClassDeclaration,
  isExportDeclaration,
  isExpressionStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNamedExports,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isNonNullExpression,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isQualifiedName,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isTemplateExpression,
  isTypeReferenceNode,
  isUnionTypeNode,
  isVariableStatement,
} = ts;

export const FRAMEWORK = 'aws-lambda';
/** Packages whose import marks a module that may export Lambda handlers. */
export const LAMBDA_PACKAGES = ['aws-lambda', '@types/aws-lambda', '@middy/core', '@aws-lambda-powertools'];
/** `aws-lambda`, its subpaths (`aws-lambda/trigger/sqs`), and `@types/aws-lambda`. */
const isTypePackage = (specifier: string) => /^(?:@types\/)?aws-lambda(?:\/|$)/.test(specifier);
export const MIDDY = 'middy.factory';
const MIDDY_INSTANCE = 'middy.instance';

/**
 * Packages that turn a web framework app into a Lambda handler (`serverless(app)`, `handle(app)`): such a
 * handler only hands the request to the app, whose routes are the targets.
 */
const APP_ADAPTERS = /^(?:serverless-http|aws-serverless-express|@vendia\/serverless-express|@codegenie\/serverless-express|@fastify\/aws-lambda|aws-lambda-fastify|@hono\/aws-lambda|hono\/aws-lambda|@h4ad\/serverless-adapter|lambda-api)(?:\/|$)/;
export const isAppAdapter = (specifier: string) => APP_ADAPTERS.test(specifier);

/** Events whose handler serves a request: an `http-handler` target. The rest are `actor` targets. */
const REQUEST_EVENTS = new Set(['http', 'authorizer', 'cloudfront', 'appsync']);
export const isRequestEvent = (event: string | undefined) => event === undefined || REQUEST_EVENTS.has(event);

/** An `aws-lambda` type name (`SQSHandler`, `APIGatewayProxyEventV2`, `SQSBatchResponse`) → the event it is for. */
function eventOfTypeName(name: string): string | undefined {
  const table: [RegExp, string][] = [
    [/^APIGatewayProxy/, 'http'],
    [/^APIGateway\w*Authorizer/, 'authorizer'],
    [/^(?:APIGateway|ALB|LambdaFunctionURL)/, 'http'],
    [/^SQS/, 'sqs'],
    [/^SNS/, 'sns'],
    [/^EventBridge/, 'eventbridge'],
    [/^Scheduled/, 'schedule'],
    [/^(?:Kinesis|KinesisStream)/, 'kinesis'],
    [/^DynamoDB/, 'dynamodb'],
    [/^S3Batch/, 's3-batch'],
    [/^S3/, 's3'],
    [/^CloudWatchLogs/, 'cloudwatch-logs'],
    [/^Firehose/, 'firehose'],
    [/^(?:Cognito|PreSignUp|PostConfirmation|PreAuthentication|PostAuthentication|PreTokenGeneration|CustomMessage|DefineAuthChallenge|CreateAuthChallenge|VerifyAuthChallenge|UserMigration|CustomEmailSender|CustomSMSSender)/, 'cognito'],
    [/^CloudFormationCustomResource/, 'cloudformation'],
    [/^CloudFront/, 'cloudfront'],
    [/^AppSync/, 'appsync'],
    [/^SES/, 'ses'],
    [/^MSK/, 'msk'],
    [/^SelfManagedKafka/, 'kafka'],
    [/^CodePipeline/, 'codepipeline'],
    [/^CodeBuild/, 'codebuild'],
    [/^IoT/, 'iot'],
    [/^Lex/, 'lex'],
    [/^SecretsManagerRotation/, 'secretsmanager'],
    [/^ConnectContactFlow/, 'connect'],
    [/^AmazonMQ|^RabbitMQ/, 'mq'],
  ];
  if (name === 'Handler') return undefined;
  return table.find(([re]) => re.test(name))?.[1];
}

// ------------------------------------------------------------------------------------------------
// The module alone

export interface LambdaHandler {
  exportName: string;
  /** What invokes it, when the module says (an event type); undefined: unknown. */
  event?: string;
  handlers: CallRef[];
  coveredBy: CoverageRef[];
  span: Span;
}

const strip = (e: ts.Expression): ts.Expression =>
  isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || isNonNullExpression(e) ? strip(e.expression) : e;

/** The handlers of the file being walked, worked out once for the http and actor adapters alike. */
const memo = new WeakMap<ts.SourceFile, LambdaHandler[]>();
export function lambdaHandlers(ctx: ScanContext): LambdaHandler[] {
  let out = memo.get(ctx.sourceFile);
  if (!out) memo.set(ctx.sourceFile, (out = findHandlers(ctx)));
  return out;
}

interface Exported {
  name: string;
  value: ts.Node;
  /** The declared type (`const handler: SQSHandler = …`, `… satisfies Handler`). */
  type?: ts.TypeNode;
  /** Where to report when the value is not a function of this file. */
  at: ts.Node;
}

/** A type annotation naming an `aws-lambda` type: its name and type arguments. */
function lambdaType(ctx: ScanContext, type: ts.TypeNode | undefined): { name: string; args: readonly ts.TypeNode[] } | undefined {
  if (!type) return undefined;
  if (isUnionTypeNode(type)) {
    for (const t of type.types) {
      const r = lambdaType(ctx, t);
      if (r) return r;
    }
    return undefined;
  }
  if (!isTypeReferenceNode(type)) return undefined;
  const n = type.typeName;
  const args = type.typeArguments ?? [];
  if (isIdentifier(n)) {
    if (n.text === 'Promise' && args[0]) return lambdaType(ctx, args[0]);
    const imp = ctx.summary.imports[n.text];
    return imp && isTypePackage(imp.specifier) ? { name: imp.name, args } : undefined;
  }
  if (isQualifiedName(n) && isIdentifier(n.left)) {
    const imp = ctx.summary.imports[n.left.text];
    return imp && isTypePackage(imp.specifier) && (imp.name === '*' || imp.name === 'default') ? { name: n.right.text, args } : undefined;
  }
  return undefined;
}

/** A declared handler type (`SQSHandler`, `Handler<SQSEvent>`, `APIGatewayProxyHandlerV2`): the event, or '' when it says none. */
function handlerTypeEvent(ctx: ScanContext, type: ts.TypeNode | undefined): string | undefined {
  const t = lambdaType(ctx, type);
  if (!t || !t.name.includes('Handler')) return undefined;
  if (t.name === 'Handler') {
    const arg = lambdaType(ctx, t.args[0]);
    return (arg && eventOfTypeName(arg.name)) ?? '';
  }
  return eventOfTypeName(t.name) ?? '';
}

/**
 * A function that looks like a Lambda handler from its signature: an event-typed first parameter, and
 * a `Context` second parameter, a Lambda result type, or a handler's name (`handler`, `main`). A helper
 * that takes the event (`getUserId(event: APIGatewayProxyEvent): string`) is none of these.
 */
function signatureEvent(ctx: ScanContext, fn: ts.SignatureDeclaration, exportName: string): string | undefined {
  const [first, second] = fn.parameters;
  const event = lambdaType(ctx, first?.type);
  const eventKind = event && eventOfTypeName(event.name);
  const context = lambdaType(ctx, second?.type)?.name === 'Context';
  const result = lambdaType(ctx, fn.type);
  const resultKind = result && eventOfTypeName(result.name);
  if (eventKind && (context || resultKind || /handler$|^main$|^handle$/i.test(exportName))) return eventKind;
  if (context) return eventKind ?? resultKind ?? '';
  if (resultKind && /(?:Result|Response)(?:V2)?$/.test(result!.name)) return resultKind;
  return undefined;
}

function findHandlers(ctx: ScanContext): LambdaHandler[] {
  const topLevel = new Map<string, { value: ts.Node; type?: ts.TypeNode }>();
  for (const st of ctx.sourceFile.statements) {
    if (isFunctionDeclaration(st) && st.name) topLevel.set(st.name.text, { value: st });
    else if (isClassDeclaration(st) && st.name) topLevel.set(st.name.text, { value: st });
    else if (isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (isIdentifier(d.name) && d.initializer) topLevel.set(d.name.text, { value: d.initializer, type: d.type });
      }
    }
  }
  const exported: Exported[] = [];
  const hasExport = (st: ts.Statement) => {
    const mods = ts.canHaveModifiers(st) ? (ts.getModifiers(st) ?? []) : [];
    return mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && !mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  };
  for (const st of ctx.sourceFile.statements) {
    if (isFunctionDeclaration(st) && st.name && hasExport(st)) exported.push({ name: st.name.text, value: st, at: st });
    else if (isVariableStatement(st) && hasExport(st)) {
      for (const d of st.declarationList.declarations) {
        if (isIdentifier(d.name) && d.initializer) exported.push({ name: d.name.text, value: d.initializer, type: d.type, at: d });
      }
    } else if (isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && isNamedExports(st.exportClause) && !st.isTypeOnly) {
      for (const el of st.exportClause.elements) {
        const local = topLevel.get((el.propertyName ?? el.name).text);
        if (local && el.name.text !== 'default') exported.push({ name: el.name.text, value: local.value, type: local.type, at: el });
      }
    } else if (isExpressionStatement(st) && isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // CommonJS: `exports.handler = …`, `module.exports.handler = …`, `module.exports = { handler }`.
      const { left, right } = st.expression;
      const isModuleExports = (e: ts.Node) => isPropertyAccessExpression(e) && isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
      if (isPropertyAccessExpression(left) && ((isIdentifier(left.expression) && left.expression.text === 'exports') || isModuleExports(left.expression))) {
        exported.push({ name: left.name.text, value: right, at: st });
      } else if (isModuleExports(left) && isObjectLiteralExpression(right)) {
        for (const p of right.properties) {
          if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name))) exported.push({ name: p.name.text, value: p.initializer, at: p });
          else if (isShorthandPropertyAssignment(p)) exported.push({ name: p.name.text, value: p.name, at: p });
          else if (isMethodDeclaration(p) && isIdentifier(p.name)) exported.push({ name: p.name.text, value: p, at: p });
        }
      }
    }
  }

  const out: LambdaHandler[] = [];
  for (const e of exported) {
    const h = describe(e.value, e.type, e.name, 0) ?? byConvention(e);
    if (h) out.push({ exportName: e.name, event: h.event || undefined, handlers: h.handlers, coveredBy: h.coveredBy, span: h.span ?? ctx.span(e.at) });
  }
  return out;

  /**
   * `export const handler = async () => …` with nothing typed: in a module that uses Lambda-only packages
   * (the file is gated by them), the export Lambda's convention names `handler` is the handler.
   */
  function byConvention(e: Exported): { event: string; handlers: CallRef[]; coveredBy: CoverageRef[]; span?: Span } | undefined {
    if (e.name !== 'handler') return undefined;
    let v: ts.Node = e.value;
    if (isIdentifier(v)) {
      const local = topLevel.get(v.text);
      if (local && !isClassDeclaration(local.value)) v = local.value;
    }
    v = ts.isExpression(v) ? strip(v) : v;
    if (isArrowFunction(v) || isFunctionExpression(v) || isFunctionDeclaration(v) || isMethodDeclaration(v)) return { event: '', handlers: [{ kind: 'fn', id: ctx.fnId(v) }], coveredBy: [], span: ctx.span(v) };
    if (isCallExpression(v) && !isAppAdapterCall(v)) {
      const ref = ctx.refOf(v);
      // Powertools' `kafkaConsumer(fn, schema)` is an MSK / self-managed Kafka consumer.
      const callee = strip(v.expression);
      const imp = isIdentifier(callee) ? ctx.summary.imports[callee.text] : undefined;
      const event = imp?.specifier === '@aws-lambda-powertools/kafka' && imp.name === 'kafkaConsumer' ? 'kafka' : '';
      return ref ? { event, handlers: [ref], coveredBy: [] } : undefined;
    }
    return undefined;
  }

  function isAppAdapterCall(call: ts.CallExpression): boolean {
    const callee = strip(call.expression);
    const root = isPropertyAccessExpression(callee) ? strip(callee.expression) : callee;
    const imp = isIdentifier(root) ? ctx.summary.imports[root.text] : undefined;
    return !!imp && isAppAdapter(imp.specifier);
  }

  /** Whether a value is a Lambda handler, with what runs and what wraps it; undefined when nothing says it is one. */
  function describe(
    node: ts.Node,
    declared: ts.TypeNode | undefined,
    exportName: string,
    depth: number,
  ): { event: string; handlers: CallRef[]; coveredBy: CoverageRef[]; span?: Span } | undefined {
    if (depth > 4) return undefined;
    let n = node;
    let type = declared;
    while (isParenthesizedExpression(n) || isAsExpression(n) || isSatisfiesExpression(n) || isNonNullExpression(n)) {
      if ((isAsExpression(n) || isSatisfiesExpression(n)) && !type) type = n.type;
      n = n.expression;
    }
    const typed = handlerTypeEvent(ctx, type);
    if (isArrowFunction(n) || isFunctionExpression(n) || isFunctionDeclaration(n) || isMethodDeclaration(n)) {
      // A generic `Handler` says no event: the parameter types may.
      const event = typed ? typed : (signatureEvent(ctx, n, exportName) ?? typed);
      return event === undefined ? undefined : { event, handlers: [{ kind: 'fn', id: ctx.fnId(n) }], coveredBy: [], span: ctx.span(n) };
    }
    if (isIdentifier(n)) {
      const local = topLevel.get(n.text);
      const inner = local && !isClassDeclaration(local.value) ? describe(local.value, local.type, exportName, depth + 1) : undefined;
      if (inner) return { ...inner, event: typed || inner.event };
      const ref = ctx.refOf(n);
      return typed !== undefined && ref ? { event: typed, handlers: [ref], coveredBy: [] } : undefined;
    }
    if (!isCallExpression(n)) return undefined;
    const chain = middyChain(n);
    if (chain) {
      const inner = chain.base ? describe(chain.base, undefined, exportName, depth + 1) : undefined;
      const ref = chain.base ? ctx.refOf(chain.base) : undefined;
      const handlers = inner?.handlers ?? (ref ? [ref] : []);
      // Reported at the export: several exports may wrap one function.
      return { event: typed || inner?.event || '', handlers, coveredBy: chain.middlewares };
    }
    const bound = boundMethod(n);
    if (bound) {
      const event = typed || signatureEvent(ctx, bound.method, 'handler') || '';
      return { event, handlers: [{ kind: 'fn', id: ctx.fnId(bound.method) }], coveredBy: [], span: ctx.span(bound.method) };
    }
    // `serverless(app)`: the app's routes are the targets.
    if (isAppAdapterCall(n)) return undefined;
    // `wrapper(handler)`: a handler when the declared type or a function argument says so; what runs is the call.
    const ref = ctx.refOf(n);
    if (!ref) return undefined;
    if (typed !== undefined) return { event: typed, handlers: [ref], coveredBy: [] };
    for (const a of n.arguments) {
      const inner = describe(a, undefined, exportName, depth + 1);
      if (inner) return { event: inner.event, handlers: [ref], coveredBy: [] };
    }
    return undefined;
  }

  /**
   * `middy(fn).use(mw).before(f)`, `middy().use(mw).handler(fn)`, through constants of this file: the
   * function that runs and the middlewares around it (coverage when they emit).
   */
  function middyChain(call: ts.CallExpression): { base?: ts.Expression; middlewares: CoverageRef[] } | undefined {
    const middlewares: CoverageRef[] = [];
    let base: ts.Expression | undefined;
    let e: ts.Expression = call;
    for (let hops = 0; hops < 50; hops++) {
      e = strip(e);
      if (isIdentifier(e)) {
        const local = topLevel.get(e.text)?.value;
        if (!local || !ts.isExpression(local)) return undefined;
        e = local;
        continue;
      }
      if (!isCallExpression(e)) return undefined;
      const callee = strip(e.expression);
      if (isPropertyAccessExpression(callee) && ctx.kindOf(callee.expression) === MIDDY_INSTANCE) {
        const m = callee.name.text;
        const arg = e.arguments[0];
        if (m === 'handler' && arg) base ??= arg;
        else if (arg && ['use', 'before', 'after', 'onError'].includes(m)) middlewares.push(...middlewareRefs(arg, m));
        e = callee.expression;
        continue;
      }
      if (ctx.kindOf(callee) === MIDDY) {
        const arg = e.arguments[0];
        if (arg && !isObjectLiteralExpression(strip(arg))) base ??= arg;
        return { base, middlewares };
      }
      return undefined;
    }
    return undefined;
  }

  function middlewareRefs(arg: ts.Expression, method: string): CoverageRef[] {
    const a = strip(arg);
    const items = isArrayLiteralExpression(a) ? a.elements : [a];
    const out: CoverageRef[] = [];
    for (const item of items) {
      const i = strip(item);
      const text = ctx.text(i).slice(0, 80);
      const line = ctx.span(i).line;
      // An inline middleware object: its hooks run around the handler.
      if (isObjectLiteralExpression(i)) {
        for (const p of i.properties) {
          const r = isMethodDeclaration(p) ? ({ kind: 'fn', id: ctx.fnId(p) } as CallRef) : isPropertyAssignment(p) ? ctx.refOf(p.initializer) : undefined;
          if (r) out.push({ via: 'middleware', ref: r, text, line });
        }
        continue;
      }
      const ref = ctx.refOf(i);
      if (ref) out.push({ via: method === 'use' ? 'middleware' : `middy ${method}`, ref, text, line });
    }
    return out;
  }

  /**
   * `handlerClass.handler.bind(handlerClass)` with `const handlerClass = new Lambda()` and `Lambda` a class
   * of this file implementing Powertools' `LambdaInterface` or decorated with a Powertools handler
   * decorator (`@tracer.captureLambdaHandler()`, `@logger.injectLambdaContext()`).
   */
  function boundMethod(call: ts.CallExpression): { method: ts.MethodDeclaration } | undefined {
    const callee = strip(call.expression);
    if (!isPropertyAccessExpression(callee) || callee.name.text !== 'bind') return undefined;
    const target = strip(callee.expression);
    if (!isPropertyAccessExpression(target) || !isIdentifier(target.expression)) return undefined;
    const init = topLevel.get(target.expression.text)?.value;
    const e = init && ts.isExpression(init) ? strip(init) : undefined;
    if (!e || !isNewExpression(e) || !isIdentifier(e.expression)) return undefined;
    const cls = topLevel.get(e.expression.text)?.value;
    if (!cls || !isClassDeclaration(cls)) return undefined;
    const method = cls.members.find((m): m is ts.MethodDeclaration => isMethodDeclaration(m) && !!m.body && isIdentifier(m.name) && m.name.text === target.name.text);
    if (!method) return undefined;
    const implementsLambda = (cls.heritageClauses ?? []).some((h) =>
      h.types.some((t) => isIdentifier(t.expression) && t.expression.text === 'LambdaInterface' && ctx.summary.imports.LambdaInterface?.specifier.startsWith('@aws-lambda-powertools')),
    );
    const decorated = (method.modifiers ?? []).some((m) => {
      if (m.kind !== ts.SyntaxKind.Decorator) return false;
      const x = (m as ts.Decorator).expression;
      const c = isCallExpression(x) ? x.expression : x;
      return isPropertyAccessExpression(c) && ['captureLambdaHandler', 'injectLambdaContext', 'logMetrics'].includes(c.name.text);
    });
    return implementsLambda || decorated ? { method } : undefined;
  }
}

/** The target for a handler found in the module alone. */
export function moduleTarget(ctx: ScanContext, h: LambdaHandler): TargetSummary {
  const handlerString = `${ctx.file.replace(/\.[^./]+$/, '')}.${h.exportName}`;
  const request = isRequestEvent(h.event);
  return {
    kind: request ? 'http-handler' : 'actor',
    framework: FRAMEWORK,
    name: request ? `lambda ${handlerString}` : `lambda ${h.event} ${handlerString}`,
    symbol: `lambda:${h.exportName}`,
    span: h.span,
    handlers: h.handlers,
    ...(h.coveredBy.length ? { coveredBy: h.coveredBy } : {}),
    meta: { lambdaExport: h.exportName, ...(h.event ? { lambdaEvent: h.event } : {}) },
  };
}

// ------------------------------------------------------------------------------------------------
// AWS CDK: `new NodejsFunction(this, id, { entry, handler })`, `new lambda.Function(this, id, { handler,
// code: Code.fromAsset(dir) })`, recorded in the stack file's summary and resolved after the walk.

export const CDK_PACKAGES = ['aws-cdk-lib', '@aws-cdk/aws-lambda-nodejs', '@aws-cdk/aws-lambda'];
const CDK_NODEJS = 'cdk.NodejsFunction';
const CDK_FUNCTION = 'cdk.Function';
const CDK_CODE = 'cdk.Code';
const nodejsExports = { NodejsFunction: CDK_NODEJS };
const lambdaExports = { Function: CDK_FUNCTION, Code: CDK_CODE };
export const CDK_MODEL = {
  imports: {
    // `default`: what `const lambda = require('aws-cdk-lib/aws-lambda')` gives.
    'aws-cdk-lib/aws-lambda-nodejs': { ...nodejsExports, '*': 'cdk.nodejsModule', default: 'cdk.nodejsModule' },
    '@aws-cdk/aws-lambda-nodejs': { ...nodejsExports, '*': 'cdk.nodejsModule', default: 'cdk.nodejsModule' },
    'aws-cdk-lib/aws-lambda': { ...lambdaExports, '*': 'cdk.lambdaModule', default: 'cdk.lambdaModule' },
    '@aws-cdk/aws-lambda': { ...lambdaExports, '*': 'cdk.lambdaModule', default: 'cdk.lambdaModule' },
    'aws-cdk-lib': { aws_lambda_nodejs: 'cdk.nodejsModule', aws_lambda: 'cdk.lambdaModule', '*': 'cdk.lib', default: 'cdk.lib' },
  },
  members: {
    'cdk.lib': { aws_lambda_nodejs: 'cdk.nodejsModule', aws_lambda: 'cdk.lambdaModule' },
    'cdk.nodejsModule': nodejsExports,
    'cdk.lambdaModule': lambdaExports,
  },
};

/** `new …EventSource(…)` classes of `aws-cdk-lib/aws-lambda-event-sources` → event. */
const CDK_EVENT_SOURCES: Record<string, string> = {
  SqsEventSource: 'sqs',
  SnsEventSource: 'sns',
  KinesisEventSource: 'kinesis',
  DynamoEventSource: 'dynamodb',
  S3EventSource: 's3',
  S3EventSourceV2: 's3',
  ManagedKafkaEventSource: 'msk',
  SelfManagedKafkaEventSource: 'kafka',
  ApiEventSource: 'http',
};
/** Constructs that invoke a function given to them: the event, and which argument is the function. */
const CDK_INVOKERS: Record<string, { event: string; arg: number | 'handler' }> = {
  LambdaIntegration: { event: 'http', arg: 0 },
  HttpLambdaIntegration: { event: 'http', arg: 1 },
  LambdaRestApi: { event: 'http', arg: 'handler' },
  LambdaFunction: { event: 'eventbridge', arg: 0 },
  LambdaSubscription: { event: 'sns', arg: 0 },
  LambdaDestination: { event: 's3', arg: 0 },
  LambdaInvoke: { event: 'stepfunctions', arg: 'handler' },
  LambdaDataSource: { event: 'appsync', arg: 'handler' },
};

/** The CDK part of the http adapter's visitor: declarations into the summary, events from their wiring. */
export function cdkVisitor(ctx: ScanContext) {
  const byVar = new Map<string, EntryDeclaration>();
  const events = new Map<string, Set<string>>();
  const addEvent = (e: ts.Expression | undefined, event: string) => {
    if (!e) return;
    const key = ctx.text(strip(e));
    let s = events.get(key);
    if (!s) events.set(key, (s = new Set()));
    s.add(event);
  };
  const classText = (e: ts.Expression) => (isPropertyAccessExpression(e) ? e.name.text : isIdentifier(e) ? e.text : '');
  /** API Gateway resources of this file by variable: their paths (`const orders = api.root.addResource('orders')`). */
  const resources = new Map<string, string>();
  /** `const integration = new LambdaIntegration(fn)`: the function, by variable. */
  const integrations = new Map<string, ts.Expression>();
  const resourcePath = (expr: ts.Expression, hops = 0): string | undefined => {
    const e = strip(expr);
    if (hops > 20) return undefined;
    if (isIdentifier(e)) return resources.get(e.text);
    if (isPropertyAccessExpression(e) && e.name.text === 'root') return '';
    if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'addResource') {
      const seg = e.arguments[0];
      const parent = resourcePath(e.expression.expression, hops + 1);
      return parent !== undefined && seg && isStringLiteral(seg) ? `${parent}/${seg.text}` : undefined;
    }
    return undefined;
  };
  return {
    NewExpression(node: ts.NewExpression) {
      const kind = ctx.kindOf(node.expression);
      const args = node.arguments ?? [];
      if (kind === CDK_NODEJS || kind === CDK_FUNCTION) {
        const decl = declaration(node, kind === CDK_NODEJS);
        if (!decl) return;
        (ctx.summary.declares ??= []).push(decl);
        const owner = node.parent;
        if (owner && ts.isVariableDeclaration(owner) && isIdentifier(owner.name)) byVar.set(owner.name.text, decl);
        else if (owner && isBinaryExpression(owner) && owner.right === node) byVar.set(ctx.text(owner.left), decl);
        else if (owner && ts.isPropertyDeclaration(owner) && isIdentifier(owner.name)) byVar.set(`this.${owner.name.text}`, decl);
        const props = args[2] && strip(args[2]);
        if (props && isObjectLiteralExpression(props)) {
          const ev = props.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === 'events');
          const list = ev && strip(ev.initializer);
          if (list && isArrayLiteralExpression(list)) {
            for (const x of list.elements) {
              const y = strip(x);
              const event = isNewExpression(y) ? CDK_EVENT_SOURCES[classText(y.expression)] : undefined;
              if (event) (decl.events ??= []).push(event);
            }
          }
        }
        return;
      }
      const invoker = CDK_INVOKERS[classText(node.expression)];
      if (!invoker) return;
      if (invoker.arg === 'handler') {
        const props = args.find((a) => isObjectLiteralExpression(strip(a)));
        const p = props && (strip(props) as ts.ObjectLiteralExpression).properties.find((x) => (isPropertyAssignment(x) || isShorthandPropertyAssignment(x)) && isIdentifier(x.name) && ['handler', 'lambdaFunction'].includes(x.name.text));
        if (p) addEvent(isPropertyAssignment(p) ? p.initializer : (p as ts.ShorthandPropertyAssignment).name, invoker.event);
      } else addEvent(args[invoker.arg], invoker.event);
    },
    CallExpression(node: ts.CallExpression) {
      const callee = node.expression;
      if (!isPropertyAccessExpression(callee)) return;
      const m = callee.name.text;
      if (m === 'addEventSource') {
        const src = node.arguments[0] && strip(node.arguments[0]);
        const event = src && isNewExpression(src) ? CDK_EVENT_SOURCES[classText(src.expression)] : undefined;
        if (event) addEvent(callee.expression, event);
      } else if (m === 'addFunctionUrl') addEvent(callee.expression, 'http');
      else if (m === 'addLambdaDataSource') addEvent(node.arguments[1], 'appsync');
      else if (m === 'addMethod') {
        // `api.root.addResource('orders').addResource('{id}').addMethod('GET', new LambdaIntegration(fn))`:
        // the route, when the resource's path is known in this file.
        const [verb, integration] = node.arguments;
        const i = integration && strip(integration);
        const fn = i && isNewExpression(i) && classText(i.expression) === 'LambdaIntegration' ? i.arguments?.[0] : i && isIdentifier(i) ? integrations.get(i.text) : undefined;
        const route = resourcePath(callee.expression);
        if (fn && verb && isStringLiteral(verb) && route !== undefined) addEvent(fn, `http ${verb.text.toUpperCase()} ${route}`);
      }
    },
    VariableDeclaration(node: ts.VariableDeclaration) {
      if (isIdentifier(node.name) && node.initializer) {
        const route = resourcePath(node.initializer);
        if (route !== undefined) resources.set(node.name.text, route);
        const init = strip(node.initializer);
        if (isNewExpression(init) && classText(init.expression) === 'LambdaIntegration' && init.arguments?.[0]) integrations.set(node.name.text, init.arguments[0]);
      }
    },
    end() {
      for (const [key, evs] of events) {
        const decl = byVar.get(key);
        if (decl) decl.events = [...new Set([...(decl.events ?? []), ...evs])];
      }
    },
  };

  function declaration(node: ts.NewExpression, nodejs: boolean): EntryDeclaration | undefined {
    const [, idArg, propsArg] = node.arguments ?? [];
    const id = idArg && (isStringLiteral(idArg) || isNoSubstitutionTemplateLiteral(idArg)) ? idArg.text : undefined;
    const props = propsArg && strip(propsArg);
    const get = (name: string): ts.Expression | undefined => {
      if (!props || !isObjectLiteralExpression(props)) return undefined;
      for (const p of props.properties) {
        if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) return strip(p.initializer);
      }
      return undefined;
    };
    const owner = node.parent && ts.isVariableDeclaration(node.parent) && isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
    const name = id ?? owner ?? '<function>';
    const line = ctx.span(node).line;
    const handlerProp = get('handler');
    const handler = handlerProp && (isStringLiteral(handlerProp) || isNoSubstitutionTemplateLiteral(handlerProp)) ? handlerProp.text : undefined;
    if (nodejs) {
      const entry = get('entry');
      let module: EntryDeclaration['module'] | undefined;
      if (entry) module = pathOf(entry);
      // No entry: `<stack file>.<id>.ts` beside the stack file, as NodejsFunction looks for it.
      else if (id) module = { from: 'file', path: `${path.basename(ctx.file).replace(/\.[^.]+$/, '')}.${id}` };
      if (!module) return undefined;
      return { framework: FRAMEWORK, module, export: handler ?? 'handler', name, line };
    }
    const runtime = get('runtime');
    if (runtime && !/NODEJS/i.test(ctx.text(runtime))) return undefined;
    const code = get('code');
    if (!handler || !code || !isCallExpression(code) || !isPropertyAccessExpression(code.expression) || code.expression.name.text !== 'fromAsset') return undefined;
    const dir = code.arguments[0] && pathOf(strip(code.arguments[0]));
    const dot = handler.lastIndexOf('.');
    if (!dir || dot <= 0) return undefined;
    return { framework: FRAMEWORK, module: { from: dir.from, path: path.posix.join(dir.path, handler.slice(0, dot)) }, export: handler.slice(dot + 1), name, line };
  }

  /** `'lambda/orders.ts'`, `path.join(__dirname, '../lambda/orders.ts')`, `` `${__dirname}/x.ts` ``. */
  function pathOf(e: ts.Expression): EntryDeclaration['module'] | undefined {
    if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return { from: 'cwd', path: e.text };
    if (isTemplateExpression(e) && isIdentifier(e.templateSpans[0]?.expression) && (e.templateSpans[0].expression as ts.Identifier).text === '__dirname' && e.head.text === '') {
      if (e.templateSpans.length !== 1) return undefined;
      return { from: 'file', path: `.${e.templateSpans[0].literal.text}` };
    }
    if (isCallExpression(e) && isPropertyAccessExpression(e.expression) ? ['join', 'resolve'].includes(e.expression.name.text) : isCallExpression(e) && isIdentifier(e.expression) && ['join', 'resolve'].includes(e.expression.text)) {
      const args = (e as ts.CallExpression).arguments.map(strip);
      const dirname = args[0] && isIdentifier(args[0]) && args[0].text === '__dirname';
      const rest = args.slice(dirname ? 1 : 0);
      if (!rest.every((a) => isStringLiteral(a) || isNoSubstitutionTemplateLiteral(a))) return undefined;
      const joined = path.posix.join(...rest.map((a) => (a as ts.StringLiteral).text));
      return { from: dirname ? 'file' : 'cwd', path: joined };
    }
    return undefined;
  }
}

// ------------------------------------------------------------------------------------------------
// After the walk: what serverless.yml, SAM templates and CDK declare.

/** One function a config deploys, with the module and export that run. */
interface Declared {
  /** Candidate module paths (absolute, extension optional), first found wins. */
  modules: string[];
  exportName: string;
  /** The function's name in the config (serverless function key, SAM logical id, CDK construct id). */
  functionName: string;
  /** `http GET /orders` style for requests (method and path when known), else the event name. */
  events: LambdaEvent[];
}

type LambdaEvent = { event: string; method?: string; path?: string };


/** The aws-lambda project hook: config-declared handlers become targets, or rename and re-kind the walk's. */
export function lambdaProjectHook(p: ProjectContext): void {
  const declared: Declared[] = [];
  for (const doc of p.configs(isServerlessFile)) declared.push(...serverlessFunctions(doc, p));
  for (const doc of p.configs(isSamFile)) declared.push(...samFunctions(doc));
  for (const { file, decl } of p.declarations(FRAMEWORK)) {
    const base = decl.module.from === 'file' ? path.dirname(file) : cdkAppDir(file, p.cwd);
    const events = (decl.events ?? []).map((e): LambdaEvent => {
      const route = /^http (\S+) (\S*)$/.exec(e);
      return route ? { event: 'http', method: route[1], path: route[2] || '/' } : { event: e };
    });
    // An integration counted without its route adds nothing when the route is known.
    const routed = events.some((e) => e.path !== undefined);
    declared.push({ modules: [path.resolve(base, decl.module.path)], exportName: decl.export, functionName: decl.name, events: routed ? events.filter((e) => e.event !== 'http' || e.path !== undefined) : events });
  }
  if (!declared.length) return;

  // Group by the module and export that run: one handler deployed as several functions is one target.
  const groups = new Map<string, { file: string; exportName: string; decls: Declared[] }>();
  for (const d of declared) {
    const file = findModule(p, d.modules);
    if (!file) {
      p.diagnostic(`aws-lambda: no analysed file for handler ${d.functionName} (${d.modules[0]}.${d.exportName})`);
      continue;
    }
    const key = `${file}\0${d.exportName}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { file, exportName: d.exportName, decls: [] }));
    g.decls.push(d);
  }
  for (const g of groups.values()) applyDeclarations(p, g.file, g.exportName, g.decls);
}

function findModule(p: ProjectContext, modules: string[]): string | undefined {
  for (const m of modules) {
    const candidates = [m, m.replace(/([/\\])(?:dist|build|\.build|out|lib)([/\\])/, '$1src$2'), m.replace(/([/\\])(?:dist|build|\.build|out)([/\\])/, '$1')];
    for (const c of candidates) {
      const f = p.sourceFile(c);
      if (f) return f;
    }
  }
  return undefined;
}

/** The folder a CDK app runs in (where `cdk.json` is): relative paths in a stack are relative to it. */
function cdkAppDir(file: string, cwd: string): string {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'cdk.json'))) return d;
    if (path.dirname(d) === d || d === path.dirname(cwd)) break;
  }
  return path.dirname(file);
}

function applyDeclarations(p: ProjectContext, file: string, exportName: string, decls: Declared[]): void {
  const events = decls.flatMap((d) => d.events);
  const requests = events.filter((e) => REQUEST_EVENTS.has(e.event));
  // Named after what invokes it: the routes, else the events, with each function's name.
  const parts = decls.map((d) => {
    const routes = d.events.filter((e) => REQUEST_EVENTS.has(e.event)).map((e) => (e.path !== undefined ? `${e.method ?? 'ANY'} ${e.path}` : e.event));
    const others = [...new Set(d.events.filter((e) => !REQUEST_EVENTS.has(e.event)).map((e) => e.event))];
    const what = requests.length ? routes : others;
    return what.length ? `${[...new Set(what)].join(', ')} ${d.functionName}` : d.functionName;
  });
  const configKind = requests.length ? 'http-handler' : events.length ? 'actor' : undefined;

  // The walk's target for this export (in this file, or where a re-export leads).
  let owner = file;
  let existing = p.targets(file).filter((t) => t.framework === FRAMEWORK && t.meta?.lambdaExport === exportName);
  const resolved = p.resolveExport(file, exportName);
  if (!existing.length && resolved?.kind === 'function' && resolved.file !== file) {
    const there = p.targets(resolved.file).filter((t) => t.framework === FRAMEWORK && t.handlers.some((h) => h.kind === 'fn' && h.id === resolved.fn.id));
    if (there.length) {
      owner = resolved.file;
      existing = there;
    }
  }
  const base: Omit<TargetSummary, 'kind' | 'name'> | undefined = existing[0] ?? synthesize(p, file, exportName, resolved);
  if (!base) {
    p.diagnostic(`aws-lambda: ${p.display(file)}: export "${exportName}" (declared for ${decls.map((d) => d.functionName).join(', ')}) is missing, or hands requests to a web framework app whose routes are the targets`);
    return;
  }
  const typedEvent = typeof existing[0]?.meta?.lambdaEvent === 'string' ? (existing[0].meta.lambdaEvent as string) : undefined;
  const kind = configKind ?? (typedEvent && !isRequestEvent(typedEvent) ? 'actor' : configKind === undefined && !typedEvent ? 'actor' : 'http-handler');
  const name =
    configKind !== undefined ? `lambda ${parts.join('; ')}` : typedEvent ? `lambda ${typedEvent} ${parts.join('; ')}` : `lambda invoke ${parts.join('; ')}`;
  const target: TargetSummary = { ...base, kind, name, meta: { ...(base.meta ?? {}), lambdaExport: exportName } };
  const others = p.targets(owner).filter((t) => !existing.includes(t));
  p.setTargets(owner, [...others, target]);
}

/** A target for a declared export the walk found nothing about (an untyped handler, CommonJS, a custom wrapper). */
function synthesize(p: ProjectContext, file: string, exportName: string, resolved: ReturnType<ProjectContext['resolveExport']>): Omit<TargetSummary, 'kind' | 'name'> | undefined {
  const s = p.summary(file);
  const e = s?.exports[exportName];
  // A value the walk could not describe (`export const alexa = SkillBuilders.custom()….lambda()`) is still
  // the declared handler: reported at the top of the file.
  if (!s || !e || e.kind === 'star' || (!resolved && e.kind !== 'local')) return undefined;
  const ref: CallRef = e.kind === 'local' ? { kind: 'binding', ref: { kind: 'local', name: e.name } } : { kind: 'binding', ref: { kind: 'import', specifier: e.specifier, name: e.name } };
  let span: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (resolved?.kind === 'function' && resolved.file === file) span = spanAtId(resolved.fn.id);
  else if (resolved?.kind === 'value' && resolved.file === file) {
    const v = resolved.value;
    if (v.kind === 'function') span = spanAtId(v.id);
    else if (v.kind === 'call') {
      const c = v.call.callee;
      const of = c.kind === 'binding' ? c.ref : c.kind === 'member' ? c.of : undefined;
      if (of?.kind === 'import' && isAppAdapter(of.specifier)) return undefined;
      span = { line: v.call.line, column: 1, endLine: v.call.line, endColumn: 1 };
    }
    else if (v.kind === 'alias' && v.ref.kind === 'fn') span = spanAtId(v.ref.id);
    else if (v.kind === 'constant' || v.kind === 'object' || v.kind === 'typed' || v.kind === 'instance') return undefined;
  } else if (resolved?.kind === 'class' || resolved?.kind === 'module') return undefined;
  return { framework: FRAMEWORK, symbol: `lambda:${exportName}`, span, handlers: [ref], meta: { lambdaExport: exportName } };
}

// --- serverless.yml / serverless.ts ------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function serverlessFunctions(doc: ConfigDocument, p: ProjectContext): Declared[] {
  const data = doc.data;
  if (!isObj(data)) return [];
  const dir = path.dirname(doc.abs);
  const provider = isObj(data.provider) ? data.provider : {};
  // Azure, Google, Aliyun … services deploy no Lambda.
  if (typeof provider.name === 'string' && provider.name !== 'aws') return [];
  const providerRuntime = typeof provider.runtime === 'string' ? provider.runtime : undefined;
  const fns: [string, unknown][] = [];
  const addAll = (v: unknown) => {
    const x = typeof v === 'string' ? include(v) : v;
    if (isObj(x)) fns.push(...Object.entries(x));
    else if (Array.isArray(x)) for (const item of x) addAll(item);
  };
  /** `${file(./functions.yml)}` / `${file(./functions.yml):functions}`: another YAML file's content. */
  const include = (v: string): unknown => {
    const m = /^\$\{file\(([^)]+)\)(?::([\w.]+))?\}$/.exec(v.trim());
    if (!m) return undefined;
    const included = p.readConfig(path.resolve(dir, m[1]));
    let out: unknown = included?.data;
    for (const k of m[2]?.split('.') ?? []) out = isObj(out) ? out[k] : undefined;
    return out;
  };
  addAll(data.functions);
  // Functions other functions' `http` events name as their `authorizer`: API Gateway runs them per request.
  const authorizers = new Set<string>();
  for (const [, fn] of fns) {
    for (const e of isObj(fn) && Array.isArray(fn.events) ? fn.events : []) {
      const http = isObj(e) ? (e.http ?? e.httpApi) : undefined;
      const a = isObj(http) ? http.authorizer : undefined;
      const name = typeof a === 'string' ? a : isObj(a) && typeof a.name === 'string' ? a.name : undefined;
      if (name) authorizers.add(name);
    }
  }
  const out: Declared[] = [];
  for (const [functionName, fn] of fns) {
    if (!isObj(fn) || typeof fn.handler !== 'string') continue;
    const runtime = typeof fn.runtime === 'string' ? fn.runtime : providerRuntime;
    if (runtime && !/^nodejs/i.test(runtime)) continue;
    const handler = selfVariables(fn.handler, data);
    const dot = handler.lastIndexOf('.');
    if (handler.includes('${') || dot <= 0) {
      p.diagnostic(`aws-lambda: ${doc.file}: handler "${fn.handler}" of ${functionName} is not a file.export path`);
      continue;
    }
    const events = (Array.isArray(fn.events) ? fn.events : []).flatMap((e) => serverlessEvent(e));
    if (authorizers.has(functionName)) events.push({ event: 'authorizer' });
    out.push({ modules: [path.resolve(dir, handler.slice(0, dot))], exportName: handler.slice(dot + 1), functionName, events });
  }
  return out;
}

/** `${self:custom.dir}` resolved in the same file; other variables are left as written. */
function selfVariables(s: string, data: Json): string {
  return s.replace(/\$\{self:([\w.-]+)\}/g, (all, key: string) => {
    let v: unknown = data;
    for (const k of key.split('.')) v = isObj(v) ? v[k] : undefined;
    return typeof v === 'string' ? v : all;
  });
}

const SERVERLESS_EVENTS: Record<string, string> = {
  sqs: 'sqs',
  sns: 'sns',
  schedule: 'schedule',
  eventBridge: 'eventbridge',
  cloudwatchEvent: 'eventbridge',
  cloudwatchLog: 'cloudwatch-logs',
  s3: 's3',
  cognitoUserPool: 'cognito',
  iot: 'iot',
  iotFleetProvisioning: 'iot',
  alexaSkill: 'alexa',
  alexaSmartHome: 'alexa',
  msk: 'msk',
  kafka: 'kafka',
  activemq: 'mq',
  rabbitmq: 'mq',
  websocket: 'websocket',
  cloudFront: 'cloudfront',
};

function serverlessEvent(e: unknown): LambdaEvent[] {
  if (!isObj(e)) return [];
  const [key, v] = Object.entries(e)[0] ?? [];
  if (!key) return [];
  if (key === 'http' || key === 'httpApi') {
    if (typeof v === 'string') {
      if (v.trim() === '*') return [{ event: 'http', method: 'ANY', path: '*' }];
      const [method, route] = v.trim().split(/\s+/);
      return [{ event: 'http', method: normMethod(method), path: normPath(route) }];
    }
    if (isObj(v)) return [{ event: 'http', method: normMethod(v.method), path: normPath(v.path) }];
    return [{ event: 'http' }];
  }
  if (key === 'alb') {
    const c = isObj(v) && isObj(v.conditions) ? v.conditions : {};
    const paths = ([] as unknown[]).concat(c.path ?? []);
    const methods = ([] as unknown[]).concat(c.method ?? []);
    return [{ event: 'http', method: methods.length ? methods.map((m) => normMethod(m)).join(',') : undefined, path: typeof paths[0] === 'string' ? normPath(paths[0]) : undefined }];
  }
  if (key === 'stream') {
    const type = isObj(v) ? v.type : undefined;
    const arn = JSON.stringify(isObj(v) ? v.arn : v) ?? '';
    return [{ event: type === 'kinesis' || /kinesis/i.test(arn) ? 'kinesis' : 'dynamodb' }];
  }
  return [{ event: SERVERLESS_EVENTS[key] ?? key.toLowerCase() }];
}

function normMethod(m: unknown): string | undefined {
  if (typeof m !== 'string' || !m) return undefined;
  return m === '*' ? 'ANY' : m.toUpperCase();
}

function normPath(p: unknown): string | undefined {
  if (typeof p !== 'string') return undefined;
  return p === '*' ? '*' : `/${p.replace(/^\/+/, '')}`;
}

// --- SAM / CloudFormation -------------------------------------------------------------------------

const SAM_EVENTS: Record<string, string> = {
  Api: 'http',
  HttpApi: 'http',
  SQS: 'sqs',
  SNS: 'sns',
  Schedule: 'schedule',
  ScheduleV2: 'schedule',
  EventBridgeRule: 'eventbridge',
  CloudWatchEvent: 'eventbridge',
  CloudWatchLogs: 'cloudwatch-logs',
  Kinesis: 'kinesis',
  DynamoDB: 'dynamodb',
  S3: 's3',
  MSK: 'msk',
  MQ: 'mq',
  SelfManagedKafka: 'kafka',
  Cognito: 'cognito',
  IoTRule: 'iot',
  AlexaSkill: 'alexa',
  DocumentDB: 'documentdb',
};

function samFunctions(doc: ConfigDocument): Declared[] {
  const data = doc.data;
  if (!isObj(data) || !isObj(data.Resources)) return [];
  const dir = path.dirname(doc.abs);
  const globals = isObj(data.Globals) && isObj(data.Globals.Function) ? data.Globals.Function : {};
  const out: Declared[] = [];
  for (const [logicalId, res] of Object.entries(data.Resources)) {
    if (!isObj(res) || (res.Type !== 'AWS::Serverless::Function' && res.Type !== 'AWS::Lambda::Function')) continue;
    const props = isObj(res.Properties) ? res.Properties : {};
    const sam = res.Type === 'AWS::Serverless::Function';
    const handler = props.Handler ?? (sam ? globals.Handler : undefined);
    const runtime = props.Runtime ?? (sam ? globals.Runtime : undefined);
    if (typeof handler !== 'string' || (typeof runtime === 'string' && !/^nodejs/i.test(runtime)) || props.PackageType === 'Image') continue;
    const code = sam ? (props.CodeUri ?? globals.CodeUri) : props.Code;
    const codeDir = typeof code === 'string' ? code : code === undefined && sam ? '.' : undefined;
    if (codeDir === undefined) continue;
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) continue;
    const module = handler.slice(0, dot);
    const root = path.resolve(dir, codeDir);
    const modules = [path.join(root, module)];
    // An esbuild build (`Metadata: BuildMethod: esbuild`) names the source entry points.
    const build = isObj(res.Metadata) && isObj(res.Metadata.BuildProperties) ? res.Metadata.BuildProperties : {};
    for (const ep of Array.isArray(build.EntryPoints) ? build.EntryPoints : []) {
      if (typeof ep === 'string' && path.basename(ep).replace(/\.[^.]+$/, '') === path.basename(module)) modules.push(path.join(root, ep));
    }
    const events: LambdaEvent[] = [];
    for (const ev of Object.values(isObj(props.Events) ? props.Events : {})) {
      if (!isObj(ev) || typeof ev.Type !== 'string') continue;
      const event = SAM_EVENTS[ev.Type] ?? ev.Type.toLowerCase();
      const ep = isObj(ev.Properties) ? ev.Properties : {};
      if (event === 'http') events.push({ event, method: normMethod(ep.Method ?? 'ANY'), path: typeof ep.Path === 'string' ? normPath(ep.Path) : undefined });
      else events.push({ event });
    }
    out.push({ modules, exportName: handler.slice(dot + 1), functionName: logicalId, events });
  }
  return out;
}
