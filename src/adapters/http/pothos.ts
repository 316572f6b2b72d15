// Pothos (`@pothos/core`): fields of the operation types declared on a schema builder (`new SchemaBuilder(…)`)
// — `builder.queryField('orders', (t) => t.field({ resolve }))`, `builder.queryFields((t) => ({ … }))`,
// `builder.queryType({ fields: (t) => ({ … }) })`, and the same for `mutation*` and `subscription*` — named
// `Query.orders`. The handler is the field's `resolve` (a subscription's `subscribe`), whatever field
// helper declares it (`t.field`, `t.string`, `t.prismaField`, `t.connection`, `t.withAuth(…).field`).
// Object type fields (`builder.objectType`, `builder.prismaObject`) resolve inside an operation: not targets.
// The builder is usually exported by one module and used by many that import nothing from Pothos: in every
// file with imports, a call of one of these methods on an import is a target only when the import resolves
// to a `SchemaBuilder` (TargetSummary.onlyIfKind). Coverage: a tracing plugin `wrap`
// function of the project that emits (`new SchemaBuilder({ tracing: { wrap } })`) and the plugins of a
// Yoga / Apollo server given `builder.toSchema()` (registered by the graphql adapter) cover every field.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import type { BindingRef, CallRef } from '../../types.js';
import { keyOf, option, skipOuter } from '../graphql-common.js';

const { isArrowFunction, isBlock, isCallExpression, isFunctionExpression, isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isReturnStatement, isShorthandPropertyAssignment, isStringLiteral, isNoSubstitutionTemplateLiteral } = ts;

const FRAMEWORK = 'pothos';
export const POTHOS_BUILDER = 'pothos.builder';
const ROLES: Record<string, string> = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };
/** `queryField`, `mutationFields`, `subscriptionType`, … → [operation type, form]. */
const METHODS = new Map<string, [string, 'Field' | 'Fields' | 'Type']>();
for (const [prefix, role] of Object.entries(ROLES)) for (const form of ['Field', 'Fields', 'Type'] as const) METHODS.set(`${prefix}${form}`, [role, form]);


export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'http-handler',
  packages: ['@pothos/core'],
  // A builder imported from a project module: the file calls one of its field or type methods.
  mentions: [...METHODS.keys()],
  model: {
    imports: { '@pothos/core': { default: 'pothos.SchemaBuilder', SchemaBuilder: 'pothos.SchemaBuilder' } },
    members: { 'pothos.SchemaBuilder': { new: POTHOS_BUILDER, ':': POTHOS_BUILDER } },
  },
  create(ctx) {
    // A builder is imported: from Pothos (declared here) or from a module of the project (used here).
    if (!ctx.importSpecifiers.size) return {};
    return {
      NewExpression(node: ts.NewExpression) {
        // `new SchemaBuilder({ plugins: [TracingPlugin], tracing: { wrap: (resolver, options) => … } })`.
        if (ctx.kindOf(node.expression) !== 'pothos.SchemaBuilder') return;
        const opts = node.arguments?.[0] && skipOuter(node.arguments[0]);
        const tracing = opts && isObjectLiteralExpression(opts) ? option(opts, 'tracing') : undefined;
        const wrap = tracing && isObjectLiteralExpression(tracing) ? wrapOf(tracing) : undefined;
        if (wrap) ctx.addRegistration({ receiver: FRAMEWORK, type: 'global', ref: wrap.ref, text: `tracing.wrap ${wrap.text}`, line: wrap.line, via: 'plugin' });
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee)) return;
        const m = METHODS.get(callee.name.text);
        if (!m) return;
        const receiver = skipOuter(callee.expression);
        let onlyIf: BindingRef | undefined;
        if (ctx.kindOf(receiver) !== POTHOS_BUILDER) {
          // `import { builder } from '../builder'`: decided when the import is resolved.
          if (!isIdentifier(receiver) || !ctx.summary.imports[receiver.text]) return;
          const r = ctx.refOf(receiver);
          if (r?.kind !== 'binding' || r.ref.kind !== 'import') return;
          onlyIf = r.ref;
        }
        const [role, form] = m;
        const add = (field: string, at: ts.Node, handler: CallRef) => {
          const name = `${role}.${field}`;
          ctx.addTarget({
            kind: 'http-handler',
            framework: FRAMEWORK,
            name,
            symbol: name,
            span: ctx.span(at),
            handlers: [handler],
            ...(onlyIf ? { onlyIfKind: { ref: onlyIf, kinds: [POTHOS_BUILDER] } } : {}),
          });
        };
        if (form === 'Field') {
          const nameArg = node.arguments[0];
          const field = nameArg && (isStringLiteral(nameArg) || isNoSubstitutionTemplateLiteral(nameArg)) ? nameArg.text : undefined;
          const fn = node.arguments[1];
          if (!field || !fn) return;
          for (const config of returned(fn)) {
            const h = handlerOf(config, role);
            if (h) add(field, config, h);
          }
          return;
        }
        let fieldsFn: ts.Expression | undefined = node.arguments[0];
        if (form === 'Type') {
          const opts = fieldsFn && skipOuter(fieldsFn);
          fieldsFn = opts && isObjectLiteralExpression(opts) ? option(opts, 'fields') : undefined;
        }
        if (!fieldsFn) return;
        for (const fields of returned(fieldsFn)) {
          if (!isObjectLiteralExpression(fields)) continue;
          for (const p of fields.properties) {
            const field = keyOf(p);
            if (!field || !isPropertyAssignment(p)) continue;
            const h = handlerOf(skipOuter(p.initializer), role);
            if (h) add(field, p, h);
          }
        }
      },
    };

    /** `resolve` of a field helper call (`t.field({ resolve })`, `t.withAuth(…).prismaField({ resolve })`); `subscribe` for a subscription. */
    function handlerOf(config: ts.Expression, role: string): CallRef | undefined {
      if (!isCallExpression(config)) return undefined;
      for (const a of config.arguments) {
        const o = skipOuter(a);
        if (!isObjectLiteralExpression(o)) continue;
        const key = role === 'Subscription' ? 'subscribe' : 'resolve';
        for (const p of o.properties) {
          if (keyOf(p) !== key) continue;
          if (isMethodDeclaration(p)) return { kind: 'fn', id: ctx.fnId(p) };
          const v = isPropertyAssignment(p) ? skipOuter(p.initializer) : isShorthandPropertyAssignment(p) ? p.name : undefined;
          if (!v) continue;
          if (isArrowFunction(v) || isFunctionExpression(v)) return { kind: 'fn', id: ctx.fnId(v) };
          return ctx.refOf(v);
        }
      }
      return undefined;
    }

    function wrapOf(tracing: ts.ObjectLiteralExpression): { ref: CallRef; text: string; line: number } | undefined {
      for (const p of tracing.properties) {
        if (keyOf(p) !== 'wrap') continue;
        if (isMethodDeclaration(p)) return { ref: { kind: 'fn', id: ctx.fnId(p) }, text: 'wrap()', line: ctx.span(p).line };
        const v = isPropertyAssignment(p) ? skipOuter(p.initializer) : isShorthandPropertyAssignment(p) ? p.name : undefined;
        if (!v) return undefined;
        const ref = isArrowFunction(v) || isFunctionExpression(v) ? ({ kind: 'fn', id: ctx.fnId(v) } as const) : ctx.refOf(v);
        return ref && { ref, text: ctx.text(v).slice(0, 60), line: ctx.span(v).line };
      }
      return undefined;
    }
  },
});

/** What a field callback returns: `(t) => t.field(…)`, `(t) => ({ … })`, `function (t) { return … }`. */
function returned(fn: ts.Expression): ts.Expression[] {
  const f = skipOuter(fn);
  if (!isArrowFunction(f) && !isFunctionExpression(f)) return [];
  if (!isBlock(f.body)) return [skipOuter(f.body)];
  return f.body.statements.flatMap((s) => (isReturnStatement(s) && s.expression ? [skipOuter(s.expression)] : []));
}
