// The catalogue's per-file walk: every span, metric, event, log record and attribute key a file emits (the
// names as far as the file tells, see telemetry-names.ts), the calls that may reach a project helper with a
// name (`inSpan('billing.invoice.create', fn)`), and the file's top-level string constants (names kept in a
// module of constants). Plain data: cross-file resolution is the catalogue's (src/engine/telemetry-catalog.ts).
import { ts } from '#ts';
import type { FilePlugin, ScanContext } from './plugin.js';
import type { BindingRef } from '../types.js';
import { OUTER_TYPES, declarationOf, isConstDeclaration, skipOuterExpressions } from './semantic.js';
import { attributeEntries, mayNameTelemetry, promMetric, propertyKeyText, propertyValue, telemetryCall, type TelemetryKind } from './telemetry-calls.js';
import { nameParts, type NamePart } from './telemetry-names.js';

const { isIdentifier, isPropertyAccessExpression, isStringLiteral, isNoSubstitutionTemplateLiteral, isSourceFile, isVariableStatement } = ts;

/** A name part as data: a parameter is named by its function's id in the file. */
export type SerialPart = string | { dynamic: string } | { param: number; fnId: string; prop?: string } | { ref: BindingRef; text: string };

export interface RawItem {
  kind: TelemetryKind;
  parts: SerialPart[];
  api: string;
  file: string;
  line: number;
  column: number;
  /** Enclosing symbol (`OrdersService.create`), `<module>` at top level. */
  symbol: string;
  instrument?: string;
  unit?: string;
  description?: string;
  /** Through project helpers: the helpers' names, outermost first. */
  via?: string[];
}

export interface RawCall {
  callee: BindingRef;
  /** Text of the callee, e.g. `inSpan`. */
  text: string;
  /** Name parts of each argument that could be a name; null for other arguments. */
  args: (SerialPart[] | null)[];
  /** Object-literal arguments by position: the name parts of their properties that could be names (`{ name: 'x' }`). */
  objects?: Record<number, Record<string, SerialPart[]>>;
  file: string;
  line: number;
  column: number;
  symbol: string;
}

export interface FileTelemetry {
  items: RawItem[];
  calls: RawCall[];
  /** Top-level `const NAME = 'text'` of the file. */
  constants: Record<string, string>;
}

/** A plugin filling `into` with what the file emits (one FileTelemetry per file walked). */
export function catalogPlugin(into: Map<string, FileTelemetry>): FilePlugin {
  return {
    create(ctx: ScanContext) {
      const out: FileTelemetry = { items: [], calls: [], constants: {} };
      into.set(ctx.file, out);
      const text = (n: ts.Node) => ctx.text(n);
      const serial = (parts: NamePart[]): SerialPart[] =>
        parts.map((p) => (typeof p === 'string' ? p : 'dynamic' in p ? { dynamic: p.dynamic } : 'param' in p ? { param: p.param, fnId: ctx.fnId(p.fn), ...(p.prop !== undefined ? { prop: p.prop } : {}) } : { ref: p.ref, text: p.text }));
      const names = { imports: ctx.summary.imports, kindOf: (e: ts.Node) => ctx.kindOf(e) };
      const partsOf = (e: ts.Expression) => serial(nameParts(names, e, text));
      const at = (node: ts.Node) => {
        const s = ctx.span(node);
        return { file: ctx.file, line: s.line, column: s.column, symbol: ctx.symbolPath(node) || '<module>' };
      };
      const literal = (e: ts.Expression | undefined) => {
        const u = e && skipOuterExpressions(e, OUTER_TYPES);
        return u && (isStringLiteral(u) || isNoSubstitutionTemplateLiteral(u)) ? u.text : undefined;
      };
      return {
        VariableStatement(node: ts.VariableStatement) {
          if (!isSourceFile(node.parent)) return;
          for (const d of node.declarationList.declarations) {
            const value = isIdentifier(d.name) && isConstDeclaration(d) ? literal(d.initializer) : undefined;
            if (value !== undefined) out.constants[(d.name as ts.Identifier).text] = value;
          }
        },
        NewExpression(node: ts.NewExpression) {
          const m = promMetric(names, node);
          if (!m?.name) return;
          const where = at(node);
          const item: RawItem = { kind: 'metric', parts: partsOf(m.name), api: `new ${text(node.expression)}`, ...where, instrument: m.instrument };
          const help = literal(m.help);
          if (help !== undefined) item.description = help;
          out.items.push(item);
          const labels = m.labels && skipOuterExpressions(m.labels, OUTER_TYPES);
          if (labels && ts.isArrayLiteralExpression(labels)) {
            for (const l of labels.elements) if (isStringLiteral(l)) out.items.push({ kind: 'attribute', parts: [l.text], api: item.api, ...at(l), symbol: where.symbol });
          }
        },
        CallExpression(call: ts.CallExpression) {
          if (mayNameTelemetry(call)) {
            const t = telemetryCall(names, call, text);
            if (t) {
              const where = at(call);
              if (t.name) {
                const item: RawItem = { kind: t.kind, parts: partsOf(t.name), api: t.api, ...where };
                if (t.kind === 'metric') {
                  item.instrument = t.instrument;
                  const unit = t.options && literal(propertyValue(t.options, 'unit'));
                  const description = t.options && literal(propertyValue(t.options, 'description'));
                  if (unit !== undefined) item.unit = unit;
                  if (description !== undefined) item.description = description;
                }
                out.items.push(item);
              }
              for (const entry of t.attributes ? attributeEntries(t.attributes) : []) {
                const parts = entry.text !== undefined ? [entry.text] : entry.keyExpr ? partsOf(entry.keyExpr) : undefined;
                if (parts) out.items.push({ kind: 'attribute', parts, api: t.api, ...at(entry.key), symbol: where.symbol });
              }
              return;
            }
          }
          // A call that may reach a project helper: a plain or namespace-member callee, with a name-like argument.
          const callee = skipOuterExpressions(call.expression, OUTER_TYPES);
          const ref = calleeRef(ctx, callee);
          if (!ref || !call.arguments.length) return;
          let named = false;
          let objects: RawCall['objects'];
          const args = call.arguments.map((a, i) => {
            const u = skipOuterExpressions(a, OUTER_TYPES);
            if (ts.isObjectLiteralExpression(u)) {
              const props: Record<string, SerialPart[]> = {};
              for (const p of u.properties) {
                const key = ts.isPropertyAssignment(p) ? propertyKeyText(p.name) : ts.isShorthandPropertyAssignment(p) ? p.name.text : undefined;
                const value = ts.isPropertyAssignment(p) ? skipOuterExpressions(p.initializer, OUTER_TYPES) : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
                if (key !== undefined && value && isStringish(value)) props[key] = partsOf(value);
              }
              if (Object.keys(props).length) {
                (objects ??= {})[i] = props;
                named = true;
              }
              return null;
            }
            if (!isStringish(u)) return null;
            named = true;
            return partsOf(u);
          });
          if (named) out.calls.push({ callee: ref, text: text(callee), args, ...(objects ? { objects } : {}), ...at(call) });
        },
      };
    },
  };
}

function isStringish(e: ts.Expression): boolean {
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return true;
  if (isIdentifier(e)) {
    const d = declarationOf(e);
    return !d || ts.isParameter(d) || (ts.isVariableDeclaration(d) && isConstDeclaration(d));
  }
  return isPropertyAccessExpression(e) && isIdentifier(e.expression);
}

/** `helper(…)` (a binding of the file or an import) or `ns.helper(…)` (a namespace import's member). */
function calleeRef(ctx: ScanContext, callee: ts.Expression): BindingRef | undefined {
  if (isIdentifier(callee)) {
    const imp = ctx.summary.imports[callee.text];
    if (imp && !declarationOf(callee)) return { kind: 'import', specifier: imp.specifier, name: imp.name };
    const decl = declarationOf(callee);
    return decl && isSourceFileLevel(decl) ? { kind: 'local', name: callee.text } : undefined;
  }
  if (isPropertyAccessExpression(callee) && isIdentifier(callee.expression)) {
    const imp = ctx.summary.imports[callee.expression.text];
    if (imp?.name === '*' && !declarationOf(callee.expression)) return { kind: 'import', specifier: imp.specifier, name: callee.name.text };
  }
  return undefined;
}

function isSourceFileLevel(decl: ts.Node): boolean {
  let n: ts.Node | undefined = decl;
  if (ts.isVariableDeclaration(n)) n = n.parent?.parent;
  return !!n && isSourceFile(n.parent) && (ts.isFunctionDeclaration(decl) || isVariableStatement(n));
}
