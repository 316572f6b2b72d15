import { defineRule } from '../../src/engine/rule.js';
import { ts as TS } from '#ts';
import { OUTER_TYPES, constness, declarationOf, isConstDeclaration, skipOuterExpressions } from '../../src/analysis/semantic.js';
import { mayNameTelemetry, telemetryCall } from '../../src/analysis/telemetry-calls.js';
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
      lowCardinality: ['method', 'route', 'routePath', 'operation', 'operationName', 'queueName', 'jobName', 'taskName', 'methodName', 'functionName', 'className', 'constructor.name', 'propertyKey'],
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
    return {
      CallExpression(call: TS.CallExpression) {
        if (!mayNameTelemetry(call)) return;
        const t = telemetryCall(names, call, text);
        if (!t || t.kind !== 'span' || !t.name) return;
        const parts = nameParts(names, t.name, text);
        // A helper's parameter passed straight through: its callers name the span (the catalogue follows them).
        if (parts.length === 1 && typeof parts[0] === 'object' && 'param' in parts[0]) return;
        const literal = parts.filter((p): p is string => typeof p === 'string').join(' ');
        const shape = SHAPES.find((s) => s.test.test(literal));
        if (shape) return ctx.report(t.name, 'shape', { name: text(t.name), what: shape.what });
        const c = constness(ctx, t.name);
        if (c.constant && !c.imports.length) return;
        const offending = parts.find((p): p is Exclude<NamePart, string> => typeof p !== 'string' && !('ref' in p) && !isLow(partText(p)) && !('node' in p && p.node && isStableMember(p.node, ctx.imports)));
        if (c.constant) return ctx.report(t.name, 'dynamic', { call: t.api, part: text(t.name) }, { unlessConstant: c.imports });
        if (!offending) {
          // Only imports (decided across files) and low-cardinality values.
          const refs = parts.flatMap((p) => (typeof p === 'object' && 'ref' in p ? [p.ref] : []));
          if (refs.length) ctx.report(t.name, 'dynamic', { call: t.api, part: text(t.name) }, { unlessConstant: refs });
          return;
        }
        ctx.report(t.name, 'dynamic', { call: t.api, part: partText(offending) });
      },
    };
  },
});
