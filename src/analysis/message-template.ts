// A log message built from parts (`order ${order.id} created`, `'order ' + id + ' created'`) as a constant
// message template and the fields that carry its values (`'order {id} created'`, `{ id: order.id }`): what
// `--fix` writes for otel/structured-logging. The `{name}` placeholders follow message templates (Serilog,
// OpenTelemetry's log body templates), so the line still reads as before and every value is a field.
import { ts } from '#ts';
import { OUTER_TYPES, skipOuterExpressions } from './semantic.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const SK = ts.SyntaxKind;
const {
  isBinaryExpression,
  isCallExpression,
  isElementAccessExpression,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isNumericLiteral,
  isPropertyAccessExpression,
  isStringLiteral,
  isTemplateExpression,
} = ts;

export interface MessageTemplate {
  /** The constant message, unquoted. */
  message: string;
  /** Field name → the value's source text, in order of first use (the same expression twice is one field). */
  fields: { name: string; value: string }[];
}

type Part = { text: string } | { expr: ts.Expression };

/**
 * The template and fields of a message built by substitution or concatenation; undefined when it cannot be
 * rewritten without changing what is logged (an escape that has no cooked value, a concatenation that adds
 * numbers before it meets a string). `taken`: field names already used (a merge object's keys).
 */
export function messageTemplate(e: ts.Expression, text: (n: ts.Node) => string, taken: ReadonlySet<string> = new Set()): MessageTemplate | undefined {
  const parts = partsOf(skipOuterExpressions(e, OUTER_TYPES));
  if (!parts) return undefined;
  const fields: MessageTemplate['fields'] = [];
  const byValue = new Map<string, string>();
  const used = new Set(taken);
  let message = '';
  for (const p of parts) {
    if ('text' in p) {
      message += p.text;
      continue;
    }
    const value = text(p.expr).trim();
    let name = byValue.get(value);
    if (!name) {
      name = uniqueName(fieldName(p.expr), p.expr, used);
      used.add(name);
      byValue.set(value, name);
      fields.push({ name, value });
    }
    message += `{${name}}`;
  }
  return { message, fields };
}

function partsOf(e: ts.Expression): Part[] | undefined {
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return [{ text: e.text }];
  if (isTemplateExpression(e)) {
    const out: Part[] = [{ text: e.head.text }];
    for (const span of e.templateSpans) {
      // An invalid escape in a tagged-less template is a syntax error; a missing cooked text means one.
      if (span.literal.text === undefined) return undefined;
      const inner = skipOuterExpressions(span.expression, OUTER_TYPES);
      if (isStringLiteral(inner) || isNoSubstitutionTemplateLiteral(inner) || isNumericLiteral(inner)) out.push({ text: inner.text });
      else out.push({ expr: span.expression });
      out.push({ text: span.literal.text });
    }
    return out;
  }
  if (isBinaryExpression(e) && e.operatorToken.kind === SK.PlusToken) {
    const leaves: ts.Expression[] = [];
    const flatten = (x: ts.Expression) => {
      const u = skipOuterExpressions(x, OUTER_TYPES);
      if (isBinaryExpression(u) && u.operatorToken.kind === SK.PlusToken && u === x) {
        flatten(u.left);
        flatten(u.right);
      } else leaves.push(x);
    };
    flatten(e);
    // `a + b + ' items'` adds a and b first when they are numbers: only rewrite when a string comes first or second.
    const stringy = (x: ts.Expression) => {
      const u = skipOuterExpressions(x, OUTER_TYPES);
      return isStringLiteral(u) || isNoSubstitutionTemplateLiteral(u) || isTemplateExpression(u);
    };
    if (!stringy(leaves[0]!) && !stringy(leaves[1]!)) return undefined;
    const out: Part[] = [];
    for (const leaf of leaves) {
      const u = skipOuterExpressions(leaf, OUTER_TYPES);
      if (isNumericLiteral(u)) out.push({ text: u.text });
      else if (stringy(u)) {
        const inner = partsOf(u);
        if (!inner) return undefined;
        out.push(...inner);
      } else out.push({ expr: leaf });
    }
    return out;
  }
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `id` → id, `req.params.id` → id, `order.id.toString()` → id, `getUser()` → getUser, `a['name']` → name; else `value`. */
function fieldName(e: ts.Expression): string {
  const u = skipOuterExpressions(e, OUTER_TYPES);
  if (isIdentifier(u)) return u.text;
  if (isPropertyAccessExpression(u)) return u.name.text;
  if (isElementAccessExpression(u) && (isStringLiteral(u.argumentExpression) || isNoSubstitutionTemplateLiteral(u.argumentExpression)) && IDENTIFIER.test(u.argumentExpression.text)) {
    return u.argumentExpression.text;
  }
  if (isCallExpression(u)) {
    const callee = skipOuterExpressions(u.expression, OUTER_TYPES);
    // `x.toString()`, `String(x)`: the value is x's.
    if (isPropertyAccessExpression(callee) && (callee.name.text === 'toString' || callee.name.text === 'toFixed' || callee.name.text === 'toISOString')) return fieldName(callee.expression);
    if (isIdentifier(callee) && (callee.text === 'String' || callee.text === 'Number' || callee.text === 'JSON') && u.arguments.length === 1) return fieldName(u.arguments[0]!);
    if (isPropertyAccessExpression(callee) && isIdentifier(callee.expression) && callee.expression.text === 'JSON' && u.arguments.length >= 1) return fieldName(u.arguments[0]!);
    if (isIdentifier(callee)) return callee.text;
    if (isPropertyAccessExpression(callee)) return callee.name.text;
  }
  return 'value';
}

/** A name not used yet: `order.id` after another `id` becomes `orderId`, else a number is added (`value2`). */
function uniqueName(name: string, e: ts.Expression, used: ReadonlySet<string>): string {
  const safe = IDENTIFIER.test(name) && name !== 'message' && name !== 'msg' ? name : 'value';
  if (!used.has(safe)) return safe;
  const u = skipOuterExpressions(e, OUTER_TYPES);
  if (isPropertyAccessExpression(u)) {
    const owner = fieldName(u.expression);
    const joined = `${owner}${safe[0]!.toUpperCase()}${safe.slice(1)}`;
    if (owner !== 'value' && IDENTIFIER.test(joined) && !used.has(joined)) return joined;
  }
  for (let i = 2; ; i++) if (!used.has(`${safe}${i}`)) return `${safe}${i}`;
}

/** A string literal of `text` in the file's quote style. */
export function quoted(text: string, quote: "'" | '"'): string {
  const escaped = text.replace(/[\\\n\r\t\u2028\u2029]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u2028': '\\u2028', '\u2029': '\\u2029' })[c]!);
  return quote + escaped.split(quote).join(`\\${quote}`) + quote;
}

/** The object literal of the fields: `{ id, user: req.user }`. */
export function fieldsObject(fields: MessageTemplate['fields']): string {
  return `{ ${fields.map((f) => (f.value === f.name ? f.name : `${f.name}: ${f.value}`)).join(', ')} }`;
}

/** The quote the file's string literals use most (its imports first), single by default. */
export function fileQuote(sf: ts.SourceFile): "'" | '"' {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && isStringLiteral(st.moduleSpecifier)) return sf.text[st.moduleSpecifier.getStart(sf)] === '"' ? '"' : "'";
  }
  return "'";
}
