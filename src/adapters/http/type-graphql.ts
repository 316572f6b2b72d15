// type-graphql: in a class decorated `@Resolver(…)`, methods decorated `@Query`, `@Mutation` or
// `@Subscription` (from `type-graphql`) are operations, named after their schema field (`Query.recipes`:
// the `name` option, else the method). `@FieldResolver` methods resolve fields inside an operation: not
// targets. Coverage: middleware bound with `@UseMiddleware(…)` on the class or the method, and
// `globalMiddlewares` given to `buildSchema` / `buildSchemaSync` (every resolver of the project's schema);
// a middleware is a function `(action, next) => …` or a class whose `use` method runs.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { decoratorKind, decoratorsOf, findDecorator } from '../nestjs-common.js';
import type { ScanContext } from '../../analysis/plugin.js';
import type { CoverageRef } from '../../types.js';
import { option, skipOuter, stringOption } from '../graphql-common.js';

const { isArrayLiteralExpression, isCallExpression, isObjectLiteralExpression, isSpreadElement } = ts;

const FRAMEWORK = 'type-graphql';
const OPERATIONS: Record<string, string> = { 'tgql.Query': 'Query', 'tgql.Mutation': 'Mutation', 'tgql.Subscription': 'Subscription' };
const OPERATION_KINDS = Object.keys(OPERATIONS);
const exportsOf = {
  Resolver: 'tgql.Resolver',
  Query: 'tgql.Query',
  Mutation: 'tgql.Mutation',
  Subscription: 'tgql.Subscription',
  UseMiddleware: 'tgql.UseMiddleware',
  buildSchema: 'tgql.buildSchema',
  buildSchemaSync: 'tgql.buildSchema',
};

export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'http-handler',
  packages: ['type-graphql'],
  model: {
    imports: { 'type-graphql': { ...exportsOf, '*': 'tgql.ns' } },
    members: { 'tgql.ns': exportsOf },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      if (!findDecorator(ctx, node, ['tgql.Resolver'])) return;
      const cls = className(node);
      let classCoverage: CoverageRef[] | undefined;
      for (const m of classMethods(node)) {
        const op = findDecorator(ctx, m.member, OPERATION_KINDS);
        if (!op) continue;
        classCoverage ??= middlewareCoverage(ctx, node);
        const coveredBy = [...classCoverage, ...middlewareCoverage(ctx, m.member)];
        const named = op.args.map((a) => skipOuter(a)).find(isObjectLiteralExpression);
        const name = `${OPERATIONS[op.kind]}.${(named && stringOption(named, 'name')) ?? m.name}`;
        ctx.addTarget({
          kind: 'http-handler',
          framework: FRAMEWORK,
          name,
          symbol: `${cls}.${m.name}`,
          span: ctx.span(m.member),
          handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }],
          ...(coveredBy.length ? { coveredBy } : {}),
          meta: { resolver: cls },
        });
      }
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
      // `buildSchema({ resolvers, globalMiddlewares: [Tracing] })`: every resolver of the schema runs through them.
      CallExpression(node: ts.CallExpression) {
        if (ctx.kindOf(node.expression) !== 'tgql.buildSchema') return;
        const opts = node.arguments[0] && skipOuter(node.arguments[0]);
        const list = opts && isObjectLiteralExpression(opts) ? option(opts, 'globalMiddlewares') : undefined;
        if (!list || !isArrayLiteralExpression(list)) return;
        for (const el of list.elements) {
          for (const c of middlewareRefs(ctx, isSpreadElement(el) ? el.expression : el, 'globalMiddlewares')) {
            ctx.addRegistration({ receiver: FRAMEWORK, type: 'global', ref: c.ref, text: c.text, line: c.line, via: c.via });
          }
        }
      },
    };
  },
});

/** `@UseMiddleware(A, B)` on a class or method. */
function middlewareCoverage(ctx: ScanContext, node: ts.Node): CoverageRef[] {
  const out: CoverageRef[] = [];
  for (const d of decoratorsOf(node)) {
    const { kind, args } = decoratorKind(ctx, d);
    if (kind !== 'tgql.UseMiddleware') continue;
    for (const a of args) {
      const x = skipOuter(a);
      for (const el of isArrayLiteralExpression(x) ? x.elements : [x]) out.push(...middlewareRefs(ctx, el, 'UseMiddleware'));
    }
  }
  return out;
}

/** A middleware function (inline, a name, a factory call) runs itself; a class runs its `use` method. */
function middlewareRefs(ctx: ScanContext, expr: ts.Expression, where: string): CoverageRef[] {
  const e = skipOuter(expr);
  const text = `${where}(${ctx.text(e).replace(/\s+/g, ' ').slice(0, 60)})`;
  const line = ctx.span(e).line;
  const ref = ctx.refOf(e);
  if (!ref) return [];
  const out: CoverageRef[] = [{ via: 'middleware', ref, text, line }];
  if (ref.kind === 'binding' && !isCallExpression(e)) out.push({ via: 'middleware', ref: { kind: 'member', of: ref.ref, member: 'use', instanceOf: true }, text, line });
  return out;
}
