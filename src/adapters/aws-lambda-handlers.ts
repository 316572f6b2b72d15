// AWS Lambda handlers from the module alone: which exports are Lambda handlers and what invokes them,
// from types of `aws-lambda`, `middy` wrappers and Powertools handler classes (aws-lambda-common.ts lists
// the other parts).
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { CallRef, CoverageRef, Span, TargetSummary } from '../types.js';
import { FRAMEWORK, MIDDY, MIDDY_INSTANCE, isAppAdapter, isRequestEvent, isTypePackage, strip } from './aws-lambda-base.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
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
  isNonNullExpression,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isQualifiedName,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isTypeReferenceNode,
  isUnionTypeNode,
  isVariableStatement,
} = ts;

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

export interface LambdaHandler {
  exportName: string;
  /** What invokes it, when the module says (an event type); undefined: unknown. */
  event?: string;
  handlers: CallRef[];
  coveredBy: CoverageRef[];
  span: Span;
}

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
