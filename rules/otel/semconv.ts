import { ts } from '#ts';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';
import { SEMCONV } from '../../src/analysis/semconv-table.js';
import { OUTER_TYPES, skipOuterExpressions } from '../../src/analysis/semantic.js';
import { attributeEntries, mayNameTelemetry, telemetryCall } from '../../src/analysis/telemetry-calls.js';
import { SEMCONV_PACKAGE, isLiteral, nameParts, semconvConstant } from '../../src/analysis/telemetry-names.js';

const { isStringLiteral, isNoSubstitutionTemplateLiteral, isNamedImports } = ts;
const isModuleName = isStringLiteral;

type Deprecation = { replacement?: string; note: string };

/**
 * A key the package marks `@deprecated` only because it moved to another registry of conventions ("Moved to
 * the OpenTelemetry GenAI semantic conventions repository"): still current there, so not reported.
 */
const moved = (dep: Deprecation | undefined) => !!dep && /^Moved to /.test(dep.note);

/** The stable or incubating constant that holds a key (`http.request.method` → `ATTR_HTTP_REQUEST_METHOD`). */
let constantByValue: Map<string, string> | undefined;
function constantFor(value: string): string | undefined {
  if (!constantByValue) {
    constantByValue = new Map();
    for (const [name, v] of Object.entries(SEMCONV.constants)) if (/^(ATTR|METRIC)_/.test(name) && !constantByValue.has(v)) constantByValue.set(v, name);
  }
  return constantByValue.get(value);
}

/** What to use instead of a deprecated key's constant: the replacement key and its constant, or what the conventions say. */
function advice(dep: Deprecation): string {
  if (!dep.replacement) return `The conventions say: ${dep.note}`;
  const replacement = constantFor(dep.replacement);
  return `Use '${dep.replacement}'${replacement ? ` (${replacement})` : ''} instead.`;
}

export default defineRule({
  meta: {
    id: 'otel/semconv',
    pillar: 'otel',
    description: `Attribute keys and metric names are current OpenTelemetry semantic conventions (${SEMCONV.version}), not deprecated ones.`,
    defaultSeverity: 'warn',
    messages: {
      renamed: "{{what}} '{{name}}' is deprecated by the semantic conventions; use '{{replacement}}'",
      removed: "{{what}} '{{name}}' is deprecated by the semantic conventions with no single replacement",
      constant: "{{constant}} stands for the deprecated key '{{name}}'",
    },
    help: 'Rename the key to the current semantic-conventions name (--fix does it for a literal key with a single replacement).',
    findingHelp: {
      renamed: "Rename it to '{{replacement}}' (--fix does it for a literal key).",
      removed: 'The conventions say: {{note}}',
      constant: '{{advice}}',
    },
  },
  create(ctx) {
    const names = { imports: ctx.imports, kindOf: (e: ts.Node) => ctx.kindOf(e) };
    const text = (n: ts.Node) => ctx.text(n);
    /** Judge a key or name expression; constants of the package are reported at their import instead. */
    const judge = (node: ts.Node, expr: ts.Expression | undefined, keyText: string | undefined, table: Record<string, Deprecation>, what: string) => {
      const sc = expr && semconvConstant(names, expr);
      if (sc) {
        // A member of a namespace import (`semconv.SEMATTRS_HTTP_METHOD`) is reported here; a named import at its import.
        const dep = ts.isPropertyAccessExpression(skipOuterExpressions(expr, OUTER_TYPES)) ? table[sc.value] : undefined;
        if (dep && !moved(dep)) ctx.report(node, 'constant', { constant: sc.name, name: sc.value, advice: advice(dep) });
        return;
      }
      let name = keyText;
      if (name === undefined && expr) {
        const parts = nameParts(names, expr, text);
        if (!isLiteral(parts)) return;
        name = parts.join('');
      }
      const dep = name !== undefined ? table[name] : undefined;
      if (!dep || name === undefined || moved(dep)) return;
      report(ctx, node, expr, name, dep, what);
    };
    return {
      CallExpression(call: ts.CallExpression) {
        if (!mayNameTelemetry(call)) return;
        const t = telemetryCall(names, call, text);
        if (!t || (t.family !== 'opentelemetry' && t.family !== 'sentry')) return;
        if (t.kind === 'metric' && t.name) judge(t.name, t.name, undefined, SEMCONV.metrics, 'Metric name');
        if (t.kind === 'attribute' && t.name) judge(t.name, t.name, undefined, SEMCONV.attributes, 'Attribute key');
        for (const e of t.attributes ? attributeEntries(t.attributes) : []) {
          judge(e.key, e.keyExpr ?? (isStringLiteral(e.key) ? e.key : undefined), e.text, SEMCONV.attributes, 'Attribute key');
        }
      },
      // `import { SEMATTRS_HTTP_METHOD } from '@opentelemetry/semantic-conventions'`: the constant of a deprecated key.
      ImportDeclaration(node: ts.ImportDeclaration) {
        if (!isModuleName(node.moduleSpecifier) || !node.moduleSpecifier.text.startsWith(SEMCONV_PACKAGE)) return;
        const bindings = node.importClause?.namedBindings;
        if (!bindings || !isNamedImports(bindings)) return;
        for (const el of bindings.elements) {
          const constant = (el.propertyName ?? el.name).text;
          const value = SEMCONV.constants[constant];
          const dep = value !== undefined ? (constant.startsWith('METRIC_') ? SEMCONV.metrics[value] : SEMCONV.attributes[value]) : undefined;
          if (!dep || value === undefined || moved(dep)) continue;
          ctx.report(el, 'constant', { constant, name: value, advice: advice(dep) });
        }
      },
    };
  },
});

function report(ctx: RuleContext, node: ts.Node, expr: ts.Expression | undefined, name: string, dep: Deprecation, what: string) {
  if (!dep.replacement) return ctx.report(node, 'removed', { what, name, note: dep.note });
  // The fix renames a key written as a string literal right there (not a `const` used elsewhere too).
  const lit = expr && skipOuterExpressions(expr, OUTER_TYPES);
  const target = lit && (isStringLiteral(lit) || isNoSubstitutionTemplateLiteral(lit)) ? lit : isStringLiteral(node) ? node : undefined;
  const fix =
    target && target.text === name
      ? [{ start: target.getStart(ctx.sourceFile) + 1, end: target.getEnd() - 1, text: dep.replacement }]
      : undefined;
  ctx.report(node, 'renamed', { what, name, replacement: dep.replacement }, fix ? { fix } : undefined);
}
