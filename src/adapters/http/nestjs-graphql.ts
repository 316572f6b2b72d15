// NestJS GraphQL (`@nestjs/graphql`): in a class decorated `@Resolver(…)`, methods decorated `@Query`,
// `@Mutation` or `@Subscription` are the operations clients call, named after the schema field they serve
// (`Query.orders`: the `name` option, the string given schema-first, else the method). `@ResolveField`
// methods resolve fields of an object type, inside an operation: not targets. Decorators are recognised by
// their import, so a project's own `Resolver` class or another library's `@Query` is not one.
// Coverage: interceptors bound with `@UseInterceptors` on the class or the method, global interceptors
// (registered by the nestjs adapter for this framework too), and Apollo plugins the application loads:
// classes decorated `@Plugin()` (`@nestjs/apollo`), and `plugins: […]` in `GraphQLModule.forRoot(…)`;
// a plugin counts when its `requestDidStart` hook (with the per-request hooks it returns) emits.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { findDecorator, interceptorCoverage, nestCommonModel } from '../nestjs-common.js';
import { pluginRefs, stringOption } from '../graphql-common.js';

const { isArrowFunction, isBlock, isFunctionExpression, isIdentifier, isNoSubstitutionTemplateLiteral, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isReturnStatement, isStringLiteral } = ts;

const OPERATIONS: Record<string, string> = { 'nestgql.Query': 'Query', 'nestgql.Mutation': 'Mutation', 'nestgql.Subscription': 'Subscription' };
const OPERATION_KINDS = Object.keys(OPERATIONS);
const FRAMEWORK = 'nestjs-graphql';
const exportsOf = { Resolver: 'nestgql.Resolver', Query: 'nestgql.Query', Mutation: 'nestgql.Mutation', Subscription: 'nestgql.Subscription', GraphQLModule: 'nestgql.module' };

export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'http-handler',
  packages: ['@nestjs/graphql', '@nestjs/apollo'],
  model: {
    imports: {
      ...nestCommonModel.imports,
      '@nestjs/graphql': { ...exportsOf, Plugin: 'nestgql.Plugin', '*': 'nestgql.ns' },
      '@nestjs/apollo': { Plugin: 'nestgql.Plugin', '*': 'nestapollo.ns' },
    },
    members: {
      ...nestCommonModel.members,
      'nestgql.ns': { ...exportsOf, Plugin: 'nestgql.Plugin' },
      'nestapollo.ns': { Plugin: 'nestgql.Plugin' },
    },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const cls = className(node);
      if (findDecorator(ctx, node, ['nestgql.Plugin'])) {
        // `@Plugin()` classes are Apollo plugins Nest installs on the server: they run for every operation.
        ctx.addRegistration({
          receiver: FRAMEWORK,
          type: 'global',
          ref: { kind: 'member', of: { kind: 'local', name: cls }, member: 'requestDidStart', instanceOf: true },
          text: `@Plugin() ${cls}`,
          line: ctx.span(node).line,
        });
        return;
      }
      if (!findDecorator(ctx, node, ['nestgql.Resolver'])) return;
      let classCoverage: ReturnType<typeof interceptorCoverage> | undefined;
      for (const m of classMethods(node)) {
        const op = findDecorator(ctx, m.member, OPERATION_KINDS);
        if (!op) continue;
        classCoverage ??= interceptorCoverage(ctx, node);
        const coveredBy = [...classCoverage, ...interceptorCoverage(ctx, m.member)];
        const name = `${OPERATIONS[op.kind]}.${fieldName(op.args) ?? m.name}`;
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
      // `GraphQLModule.forRoot({ driver: ApolloDriver, plugins: [new TracingPlugin()] })`, also `forRootAsync`'s `useFactory: () => ({ plugins })`.
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || !/^forRoot(Async)?$/.test(callee.name.text) || ctx.kindOf(callee.expression) !== 'nestgql.module') return;
        const options = node.arguments[0];
        if (!options || !isObjectLiteralExpression(options)) return;
        for (const plugins of pluginLists(options)) {
          for (const p of pluginRefs(ctx, plugins)) {
            ctx.addRegistration({ receiver: FRAMEWORK, type: 'global', ref: p.ref, text: `GraphQLModule plugins: ${p.text}`, line: p.line });
          }
        }
      },
    };
  },
});

/** `@Query(() => [Order], { name: 'orders' })`, `@Query('orders')` (schema first), `@Query({ name })`. */
function fieldName(args: readonly ts.Expression[]): string | undefined {
  for (const a of args) {
    if (isStringLiteral(a) || isNoSubstitutionTemplateLiteral(a)) return a.text;
    if (isObjectLiteralExpression(a)) {
      const n = stringOption(a, 'name');
      if (n) return n;
    }
  }
  return undefined;
}

/** The `plugins` arrays of GraphQLModule options, directly or returned by `useFactory`. */
function pluginLists(options: ts.ObjectLiteralExpression): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const p of options.properties) {
    if (!isPropertyAssignment(p) || !isIdentifier(p.name)) continue;
    if (p.name.text === 'plugins') out.push(p.initializer);
    else if (p.name.text === 'useFactory') {
      const fn = p.initializer;
      let body: ts.Node | undefined = isArrowFunction(fn) || isFunctionExpression(fn) ? fn.body : undefined;
      while (body && isParenthesizedExpression(body)) body = body.expression;
      if (body && isObjectLiteralExpression(body)) out.push(...pluginLists(body));
      else if (body && isBlock(body)) {
        for (const st of body.statements) {
          if (isReturnStatement(st) && st.expression && isObjectLiteralExpression(st.expression)) out.push(...pluginLists(st.expression));
        }
      }
    }
  }
  return out;
}

