import { defineRule } from '../../src/engine/rule.js';
import { ts as TS } from '#ts';
import { OUTER_TYPES, constness, declarationOf, isConstDeclaration, skipOuterExpressions } from '../../src/analysis/semantic.js';
import { mayNameTelemetry, telemetryCall } from '../../src/analysis/telemetry-calls.js';
import type { BindingRef } from '../../src/types.js';
import { nameParts, partText, type NamePart } from '../../src/analysis/telemetry-names.js';

/** Literal text of a span name that carries a value instead of naming an operation. */
const SHAPES: { test: RegExp; what: string }[] = [
  { test: /\b[a-z][a-z0-9+.-]*:\/\//i, what: 'a full URL' },
  { test: /\?[^\s?]*=/, what: 'a query string' },
  { test: /(?:^|[/\s:])\d{2,}(?=$|[/\s?])/, what: 'a numeric id segment' },
  { test: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, what: 'a UUID' },
];

/**
 * A member of an imported value or of a `const` object of the file (`SpanNames.Checkout`, `OPS.charge`): an enum
 * or a table of names, fixed when the code is written.
 */
function isStableMember(e: TS.Expression, imports: Record<string, unknown>): boolean {
  e = skipOuterExpressions(e, OUTER_TYPES);
  if (!TS.isPropertyAccessExpression(e)) return false;
  let root: TS.Expression = e;
  while (TS.isPropertyAccessExpression(root)) root = root.expression;
  if (!TS.isIdentifier(root)) return false;
  const decl = declarationOf(root);
  if (!decl) return root.text in imports;
  if (TS.isEnumDeclaration(decl)) return true;
  const init = TS.isVariableDeclaration(decl) && isConstDeclaration(decl) && decl.initializer && skipOuterExpressions(decl.initializer, OUTER_TYPES);
  return !!init && TS.isObjectLiteralExpression(init);
}

/** The values an expression may take, as separate expressions: both sides of `??` and `||`, both branches of `?:`. */
function alternatives(e: TS.Expression, depth = 0): TS.Expression[] {
  const u = skipOuterExpressions(e, OUTER_TYPES);
  if (TS.isConditionalExpression(u)) return [...alternatives(u.whenTrue, depth), ...alternatives(u.whenFalse, depth)];
  if (TS.isBinaryExpression(u) && (u.operatorToken.kind === TS.SyntaxKind.QuestionQuestionToken || u.operatorToken.kind === TS.SyntaxKind.BarBarToken)) {
    return [...alternatives(u.left, depth), ...alternatives(u.right, depth)];
  }
  // `const name = options.spanName ?? 'default'`: the alternatives of what it holds.
  if (TS.isIdentifier(u) && depth < 4) {
    const decl = declarationOf(u);
    if (decl && TS.isVariableDeclaration(decl) && isConstDeclaration(decl) && decl.initializer) {
      const init = skipOuterExpressions(decl.initializer, OUTER_TYPES);
      if (TS.isConditionalExpression(init) || TS.isBinaryExpression(init)) return alternatives(init, depth + 1);
    }
  }
  return [u];
}

/**
 * A parameter of the enclosing function that is part of the name is the helper's callers' to give
 * (`${this.constructor.name}.${operation}`), unless its name says it holds an instance (`orderId`, `url`).
 */
const ID_WORDS = new Set(['id', 'ids', 'key', 'url', 'uri', 'path', 'pathname', 'uuid', 'email', 'hash', 'query', 'number']);
const idLike = (name: string) => ID_WORDS.has(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).pop()!.toLowerCase());

export default defineRule({
  meta: {
    id: 'otel/span-name',
    pillar: 'otel',
    description: 'Span names are low-cardinality operation names: built from constants, never from ids, URLs or free text.',
    defaultSeverity: 'warn',
    messages: {
      dynamic: 'Span name of {{call}} is built from {{part}}, a value known only at run time',
      shape: 'Span name {{name}} contains {{what}}',
    },
    help: 'Name the operation with a constant (HTTP: "GET /orders/:id") and put the variable part in an attribute.',
    findingHelp: {
      dynamic: "Name the operation with a constant and set {{part}} as an attribute; a low-cardinality value can be listed in the rule's lowCardinality option.",
      shape: 'Use the route template or operation name and set the concrete value as an attribute.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { lowCardinality: { type: 'array', items: { type: 'string' } } },
    },
    defaultOptions: {
      /**
       * Names (last property, or a dotted tail such as `constructor.name`) of values known to take few values:
       * an HTTP method and route template, an operation or job name, a class or method name.
       */
      lowCardinality: ['method', 'route', 'routePath', 'status', 'statusCode', 'operation', 'operationName', 'spanName', 'queueName', 'jobName', 'taskName', 'methodName', 'functionName', 'className', 'constructor.name', 'propertyKey'],
    },
  },
  create(ctx) {
    const names = { imports: ctx.imports, kindOf: (e: TS.Node) => ctx.kindOf(e) };
    const text = (n: TS.Node) => ctx.text(n);
    const low = ctx.options.lowCardinality;
    const isLow = (t: string) => {
      const path = t.replace(/\?\./g, '.').replace(/^this\./, '');
      return low.some((l) => path === l || path.endsWith(`.${l}`));
    };
    /** What is wrong with one alternative of a name; imports it depends on are added to `refs`. */
    const judge = (e: TS.Expression, refs: BindingRef[]): { messageId: 'dynamic' | 'shape'; data: Record<string, string> } | undefined => {
      const parts = nameParts(names, e, text);
      // A helper's parameter passed straight through: its callers name the span (the catalogue follows them).
      if (parts.length === 1 && typeof parts[0] === 'object' && 'param' in parts[0] && !idLike(parts[0].text)) return undefined;
      const literal = parts.filter((p): p is string => typeof p === 'string').join(' ');
      const shape = SHAPES.find((sh) => sh.test.test(literal));
      if (shape) return { messageId: 'shape', data: { what: shape.what } };
      const c = constness(ctx, e);
      if (c.constant) {
        refs.push(...c.imports);
        return undefined;
      }
      const offending = parts.find(
        (p): p is Exclude<NamePart, string> =>
          typeof p !== 'string' && !('ref' in p) && !isLow(partText(p)) && !('node' in p && p.node && isStableMember(p.node, ctx.imports)) && !('param' in p && !idLike(p.text)),
      );
      if (offending) return { messageId: 'dynamic', data: { part: partText(offending) } };
      for (const p of parts) if (typeof p === 'object' && 'ref' in p) refs.push(p.ref);
      return undefined;
    };
    return {
      CallExpression(call: TS.CallExpression) {
        if (!mayNameTelemetry(call)) return;
        const t = telemetryCall(names, call, text);
        if (!t || t.kind !== 'span' || !t.name) return;
        // Each alternative of `a ?? b`, `a || b`, `c ? a : b` is a name the span may get.
        const refs: BindingRef[] = [];
        for (const alt of alternatives(t.name)) {
          const problem = judge(alt, refs);
          if (problem) return ctx.report(t.name, problem.messageId, { call: t.api, name: text(t.name), ...problem.data });
        }
        // Only imports (decided across files) and low-cardinality values.
        if (refs.length) ctx.report(t.name, 'dynamic', { call: t.api, part: text(t.name) }, { unlessConstant: refs });
      },
    };
  },
});
