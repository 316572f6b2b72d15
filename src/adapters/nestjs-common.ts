// What every NestJS adapter needs (not an adapter itself): the `@nestjs/common` / `@nestjs/core` slice of
// the library model, decorators recognised by where they are imported from, interceptor coverage
// (`@UseInterceptors`), and the lifecycle hooks Nest calls on providers.
import { ts } from '#ts';
import type { PartialModel } from '../analysis/model.js';
import type { ScanContext } from '../analysis/plugin.js';
import type { BindingRef, CallRef, CoverageRef, TargetSummary } from '../types.js';
import { classMethods, className } from './util.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  canHaveDecorators,
  getDecorators,
  isAsExpression,
  isCallExpression,
  isNewExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
} = ts;

/** Route decorators of `@nestjs/common`; `@Sse(path)` is a GET route streaming server-sent events, `@Search` the SEARCH method. */
export const HTTP_METHODS = ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Search', 'Sse'];

/** Kinds of `@nestjs/common` exports: `nest.<ExportName>`, so a decorator is known by its origin. */
const COMMON_EXPORTS = [...HTTP_METHODS, 'Controller', 'RequestMapping', 'RequestMethod', 'UseInterceptors', 'Module'];
const commonKinds: Record<string, string> = Object.fromEntries(COMMON_EXPORTS.map((n) => [n, `nest.${n}`]));

export const nestCommonModel: PartialModel = {
  imports: {
    '@nestjs/common': {
      ...commonKinds,
      '*': 'nest.common',
      INestApplication: 'nest.app',
      INestMicroservice: 'nest.microservice',
    },
    '@nestjs/core': { NestFactory: 'nest.factory', APP_INTERCEPTOR: 'nest.APP_INTERCEPTOR', '*': 'nest.core' },
    '@nestjs/platform-express': { NestExpressApplication: 'nest.app' },
    '@nestjs/platform-fastify': { NestFastifyApplication: 'nest.app' },
  },
  members: {
    'nest.common': { ...commonKinds, INestApplication: 'nest.app', INestMicroservice: 'nest.microservice' },
    'nest.core': { NestFactory: 'nest.factory', APP_INTERCEPTOR: 'nest.APP_INTERCEPTOR' },
    'nest.factory': { 'create()': 'nest.app', 'createMicroservice()': 'nest.microservice' },
  },
};

/** Hooks Nest calls on every provider and controller when the application starts or stops. */
export const LIFECYCLE_HOOKS = new Set(['onModuleInit', 'onModuleDestroy', 'onApplicationBootstrap', 'onApplicationShutdown']);

export function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  return (canHaveDecorators(node) ? getDecorators(node) : undefined) ?? [];
}

/** A decorator as the library model sees it: the kind of what is applied (`@Get(':id')` → `nest.Get`) and its arguments. */
export function decoratorKind(ctx: ScanContext, d: ts.Decorator): { kind: string | undefined; args: readonly ts.Expression[] } {
  const e = d.expression;
  if (isCallExpression(e)) return { kind: ctx.kindOf(e.expression), args: e.arguments };
  return { kind: ctx.kindOf(e), args: [] };
}

/** The first decorator of `node` whose kind is one of `kinds`. */
export function findDecorator(ctx: ScanContext, node: ts.Node, kinds: readonly string[]) {
  for (const d of decoratorsOf(node)) {
    const k = decoratorKind(ctx, d);
    if (k.kind && kinds.includes(k.kind)) return { decorator: d, kind: k.kind, args: k.args };
  }
  return undefined;
}

/**
 * What runs when Nest applies an interceptor: its `intercept` method. The interceptor is given as a class
 * (`TelemetryInterceptor`), an instance (`new TelemetryInterceptor()`), `app.get(TelemetryInterceptor)`,
 * or built by a mixin factory (`TracingInterceptor('orders')`, a function declaring the class it returns:
 * the factory's nested `intercept` counts as its own code).
 */
export function interceptorRef(ctx: ScanContext, arg: ts.Expression): CallRef | undefined {
  let e: ts.Expression = arg;
  while (isParenthesizedExpression(e) || isAsExpression(e)) e = e.expression;
  if (isNewExpression(e)) e = e.expression;
  else if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'get' && e.arguments[0]) {
    e = e.arguments[0];
  } else if (isCallExpression(e)) {
    const call = ctx.refOf(e);
    return call?.kind === 'call' ? call : undefined;
  }
  const ref = ctx.refOf(e);
  if (ref?.kind !== 'binding') return undefined;
  return { kind: 'member', of: ref.ref, member: 'intercept', instanceOf: true };
}

/** Interceptors bound with `@UseInterceptors(…)` on a class or method; guards and pipes do not emit for the handler. */
export function interceptorCoverage(ctx: ScanContext, node: ts.Node): CoverageRef[] {
  const out: CoverageRef[] = [];
  for (const d of decoratorsOf(node)) {
    const { kind, args } = decoratorKind(ctx, d);
    if (kind !== 'nest.UseInterceptors') continue;
    for (const a of args) {
      const ref = interceptorRef(ctx, a);
      if (ref) out.push({ via: 'interceptor', ref, text: `@UseInterceptors(${ctx.text(a).slice(0, 60)})`, line: ctx.span(a).line });
    }
  }
  return out;
}

/**
 * The class a class extends when it is the project's (seen from this file), not a library class: routes,
 * handlers and class-level interceptors declared on it are inherited (Nest reads metadata through the
 * prototype chain).
 */
export function projectBaseClass(ctx: ScanContext, node: ts.ClassLikeDeclaration): { ref: BindingRef; call?: true } | undefined {
  const ext = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!ext || ctx.kindOf(ext)) return undefined;
  // `extends CrudFactory(Entity)`: the class a project function (a mixin) returns.
  if (ts.isCallExpression(ext)) {
    const fn = ctx.kindOf(ext.expression) ? undefined : ctx.refOf(ext.expression);
    return fn?.kind === 'binding' ? { ref: fn.ref, call: true } : undefined;
  }
  const ref = ctx.refOf(ext);
  return ref?.kind === 'binding' ? { ref: ref.ref } : undefined;
}

/**
 * Inheritance for a class of a Nest framework: its class-level interceptors are recorded on the class (classes
 * derived from it get them too), and when it extends a project class, a placeholder stands for the targets it
 * inherits (TargetSummary.inherits), with `fill` giving the derived class's part of their names. Returns the
 * base, for the class's own targets (TargetSummary.inheritsFrom).
 */
export function declareInheritance(
  ctx: ScanContext,
  node: ts.ClassLikeDeclaration,
  o: { kind: string; framework: string; classCoverage: CoverageRef[]; entry: boolean; fill?: { paths?: string[]; prefix?: string }; meta?: TargetSummary['meta'] },
): TargetSummary['inheritsFrom'] {
  const cls = ctx.currentClass();
  if (o.classCoverage.length && cls) cls.coverage = o.classCoverage;
  const base = projectBaseClass(ctx, node);
  if (!base || !o.entry) return base;
  const name = className(node);
  ctx.addTarget({
    kind: o.kind,
    framework: o.framework,
    name: `${name} (inherited)`,
    symbol: name,
    span: ctx.span(node.name ?? node),
    handlers: [],
    ...(o.classCoverage.length ? { coveredBy: o.classCoverage } : {}),
    inheritsFrom: base,
    inherits: { class: name, ...o.fill },
    ...(o.meta ? { meta: o.meta } : {}),
  });
  return base;
}

/**
 * Start/stop hooks of a class Nest manages, as lifecycle targets (the actor rule judges them only on
 * request). Interceptors do not run around these hooks, so no coverage applies.
 */
export function addLifecycleTargets(ctx: ScanContext, node: ts.ClassLikeDeclaration, framework: string): void {
  const cls = className(node);
  for (const m of classMethods(node)) {
    if (!m.isPublic || !LIFECYCLE_HOOKS.has(m.name)) continue;
    const name = `${cls}.${m.name}`;
    ctx.addTarget({
      kind: 'actor',
      framework,
      name,
      symbol: name,
      span: ctx.span(m.member),
      handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }],
      meta: { lifecycle: true },
    });
  }
}
