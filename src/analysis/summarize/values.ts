// Variables, assignments and exported values: the scope entry a declaration makes, and the ValueSummary
// a module-level name, a CommonJS export or the default export gets.
import { ts } from '#ts';
import type { CallRef, ValueSummary } from '../../types.js';
import { recordProperty } from './classes.js';
import { kindOf, kindOfType, returnKind } from './kinds.js';
import { fnId } from './positions.js';
import { bindingRefOf, callSite, containerInstance, refOf } from './refs.js';
import { lookup, type VarInfo, type WalkState } from './scopes.js';
import { bindingNames, isLiteral, isUndefinedOrNull, propName, unwrap } from './syntax.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter.
const SK = ts.SyntaxKind;
const {
  isArrayLiteralExpression,
  isArrowFunction,
  isCallExpression,
  isClassExpression,
  isConditionalExpression,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isSpreadElement,
} = ts;

export function onAssignment(w: WalkState, node: ts.BinaryExpression): void {
  const left = node.left;
  const cls = w.classStack[w.classStack.length - 1];
  if (cls && isPropertyAccessExpression(left) && left.expression.kind === SK.ThisKeyword) {
    if (!cls.properties[left.name.text] && !cls.propertyTypes?.[left.name.text]) {
      recordProperty(w, cls, left.name.text, undefined, node.right);
    }
  } else if (isIdentifier(left)) {
    const info = lookup(w, left.text);
    const kind = kindOf(w, node.right);
    if (info && kind && !info.kind) info.kind = kind;
    // `let tracer; export function init() { tracer = trace.getTracer('x') }`, `client ??= createClient()`:
    // a module-level variable declared without a value has the first one assigned to it.
    if (info?.lazy && !w.summary.values[left.text]) {
      info.lazy = undefined;
      const init = unwrap(node.right);
      const v = valueOf(w, init, {
        kind,
        fn: isArrowFunction(init) || isFunctionExpression(init) ? fnId(w, init) : undefined,
        instanceOf: isNewExpression(init) ? bindingRefOf(w, init.expression) : undefined,
      });
      if (v) w.summary.values[left.text] = v;
    }
  } else if (w.fnStack.length === 0 && isPropertyAccessExpression(left)) onCommonJsExport(w, left, node.right);
}

/**
 * CommonJS exports at module level: `exports.name = …`, `module.exports.name = …`, `module.exports = {
 * name, other: … }`. Recorded as exports (a value with the local name `exports.name` when it is not a
 * top-level binding), so `require` of the module and declared entry points (`handler: file.name` in a
 * serverless.yml) resolve as they do for `export`.
 */
function onCommonJsExport(w: WalkState, left: ts.PropertyAccessExpression, right: ts.Expression): void {
  const target = left.expression;
  const isModuleExports = (e: ts.Node) => isPropertyAccessExpression(e) && isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
  const exportOne = (name: string, value: ts.Node) => {
    const e = unwrap(value);
    if (isIdentifier(e) && w.scopes[0].has(e.text)) {
      w.summary.exports[name] = { kind: 'local', name: e.text };
      return;
    }
    const info: VarInfo = { kind: kindOf(w, e), fn: isArrowFunction(e) || isFunctionExpression(e) || isMethodDeclaration(e) ? fnId(w, e) : undefined };
    const v = valueOf(w, e, info);
    if (!v) return;
    w.summary.values[`exports.${name}`] = v;
    w.summary.exports[name] = { kind: 'local', name: `exports.${name}` };
  };
  if ((isIdentifier(target) && target.text === 'exports' && !lookup(w, 'exports')) || isModuleExports(target)) exportOne(left.name.text, right);
  else if (isModuleExports(left) && isObjectLiteralExpression(unwrap(right))) {
    for (const p of (unwrap(right) as ts.ObjectLiteralExpression).properties) {
      if (isShorthandPropertyAssignment(p)) exportOne(p.name.text, p.name);
      else if (isPropertyAssignment(p) || isMethodDeclaration(p)) {
        const n = propName(p.name);
        if (n) exportOne(n, isPropertyAssignment(p) ? p.initializer : p);
      }
    }
  }
}

/** `export default wrap(fn)` / `export default async (app) => …` / `export default new Metrics()`: the default export's value. */
export function onExportDefault(w: WalkState, node: ts.ExportAssignment): void {
  const e = unwrap(node.expression);
  if (isIdentifier(e)) return;
  const info: VarInfo = {
    kind: kindOf(w, e),
    fn: isArrowFunction(e) || isFunctionExpression(e) ? fnId(w, e) : undefined,
    instanceOf: isNewExpression(e) ? bindingRefOf(w, e.expression) : undefined,
  };
  const v = valueOf(w, e, info);
  if (v) w.summary.values.default = v;
}

export function declareVariable(w: WalkState, node: ts.VariableDeclaration): void {
  // A `require` recorded as an import: a scope entry would hide the import from kindOf and refOf.
  if (w.requireDeclarations.has(node)) return;
  if (!isIdentifier(node.name)) {
    const scope = w.scopes[w.scopes.length - 1];
    // `const { users } = proto`, `const { Pool } = pg`: a property of a value of known kind has the
    // member's kind.
    const initKind = node.initializer && isObjectBindingPattern(node.name) ? kindOf(w, node.initializer) : undefined;
    const members = initKind ? w.model.members[initKind] : undefined;
    if (members && isObjectBindingPattern(node.name)) {
      for (const el of node.name.elements) {
        if (el.dotDotDotToken || !isIdentifier(el.name) || scope.has(el.name.text)) continue;
        const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
        const kind = prop ? (members[prop] ?? members['*']) : undefined;
        scope.set(el.name.text, kind ? { kind } : {});
      }
    }
    for (const n of bindingNames(node.name)) if (!scope.has(n)) scope.set(n, {});
    return;
  }
  const name = node.name.text;
  const scope = w.scopes[w.scopes.length - 1];
  const topLevel = w.scopes.length === 1;
  const info: VarInfo = { topLevel: topLevel || undefined };
  const init = node.initializer ? unwrap(node.initializer) : undefined;
  info.kind = kindOfType(w, node.type) ?? (init ? kindOf(w, init) : undefined);
  if (init && (isArrowFunction(init) || isFunctionExpression(init))) info.fn = fnId(w, init);
  if (init && isNewExpression(init)) info.instanceOf = bindingRefOf(w, init.expression);
  else if (init && isCallExpression(init)) info.instanceOf = containerInstance(w, init);
  scope.set(name, info);
  if (topLevel && init) {
    const constant = node.parent.flags & ts.NodeFlags.Const && isLiteral(init) ? ({ kind: 'constant' } as const) : undefined;
    const v = constant ?? valueOf(w, init, info);
    if (v) w.summary.values[name] = v;
  } else if (topLevel && info.kind) {
    // `let tracer: Tracer;`, assigned later (a lazily required client): a value of the declared kind.
    w.summary.values[name] = { kind: 'typed', type: info.kind };
  } else if (topLevel && !(node.parent.flags & ts.NodeFlags.Const) && (!init || isUndefinedOrNull(init))) {
    info.lazy = true;
  }
}

function valueOf(w: WalkState, init: ts.Node, info: VarInfo): ValueSummary | undefined {
  if (info.fn) return { kind: 'function', id: info.fn };
  if (info.kind) return { kind: 'typed', type: info.kind };
  if (info.instanceOf) return { kind: 'instance', of: info.instanceOf };
  // `const auth = middleware.sessionAuth.bind(middleware)` runs `sessionAuth`.
  if (isCallExpression(init) && isPropertyAccessExpression(init.expression) && init.expression.name.text === 'bind') {
    const ref = refOf(w, init);
    return ref ? { kind: 'alias', ref } : undefined;
  }
  if (isArrayLiteralExpression(init) || (isConditionalExpression(init) && (isArrayLiteralExpression(unwrap(init.whenTrue)) || isArrayLiteralExpression(unwrap(init.whenFalse))))) {
    const items: CallRef[] = [];
    const add = (e: ts.Expression) => {
      const x = unwrap(e);
      if (isArrayLiteralExpression(x)) {
        for (const el of x.elements) if (!isSpreadElement(el)) add(el);
      } else if (isConditionalExpression(x)) {
        add(x.whenTrue);
        add(x.whenFalse);
      } else if (!isLiteral(x)) {
        const r = refOf(w, x);
        if (r) items.push(r);
      }
    };
    add(init as ts.Expression);
    return items.length ? { kind: 'list', items } : undefined;
  }
  if (isCallExpression(init)) {
    const site = callSite(w, init);
    if (!site) return undefined;
    // What inline function arguments return, for a generic helper (`singleton('tracer', () => trace.getTracer('x'))`).
    const args = init.arguments;
    for (let i = 0; i < args.length; i++) {
      const a = unwrap(args[i]);
      const k = isArrowFunction(a) || isFunctionExpression(a) ? returnKind(w, a) : undefined;
      if (k) (site.argReturns ??= {})[i] = k;
    }
    return { kind: 'call', call: site };
  }
  if (isObjectLiteralExpression(init)) {
    const members: Record<string, CallRef> = {};
    for (const p of init.properties) {
      if (isPropertyAssignment(p)) {
        const n = propName(p.name);
        const r = n ? refOf(w, p.initializer) : undefined;
        if (n && r) members[n] = r;
      } else if (isShorthandPropertyAssignment(p)) {
        const r = refOf(w, p.name);
        if (r) members[p.name.text] = r;
      } else if (isMethodDeclaration(p)) {
        const n = propName(p.name);
        if (n) members[n] = { kind: 'fn', id: fnId(w, p) };
      }
    }
    return { kind: 'object', members };
  }
  if (isClassExpression(init)) return undefined;
  const ref = refOf(w, init);
  return ref ? { kind: 'alias', ref } : undefined;
}
