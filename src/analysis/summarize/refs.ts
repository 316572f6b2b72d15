// References: what an expression denotes for cross-file analysis (a binding, a function, a member of a
// binding, a call), and the call sites recorded in function summaries.
import { ts } from '#ts';
import type { BindingRef, CallRef, CallSite } from '../../types.js';
import { kindOf } from './kinds.js';
import { fnId, lineOf } from './positions.js';
import { lookup, type WalkState } from './scopes.js';
import { dottedName, unwrap } from './syntax.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter.
const SK = ts.SyntaxKind;
const {
  isArrowFunction,
  isCallExpression,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
} = ts;

export function bindingRefOf(w: WalkState, expr: ts.Node): BindingRef | undefined {
  const e = unwrap(expr);
  if (isIdentifier(e)) {
    const v = lookup(w, e.text);
    if (v && !v.topLevel) return undefined;
    if (v) return { kind: 'local', name: e.text };
    const imp = w.summary.imports[e.text];
    if (imp) return { kind: 'import', specifier: imp.specifier, name: imp.name };
    return undefined;
  }
  if (isPropertyAccessExpression(e) && isIdentifier(e.expression)) {
    const imp = w.summary.imports[e.expression.text];
    if (imp && imp.name === '*' && !lookup(w, e.expression.text)) return { kind: 'import', specifier: imp.specifier, name: e.name.text };
  }
  return undefined;
}

/**
 * A call at the end of a chain on a module-level name or import whose kind this file cannot know
 * (`tracer.scope().active()?.setTag(…)` with `tracer` from a project module): the member is the path
 * from that name, calls marked `()` (`scope().active().setTag`), for the graph to follow by kind
 * (CallRef `member` with a path).
 */
function memberPath(w: WalkState, obj: ts.Expression, member: string): CallRef | undefined {
  const segments: string[] = [];
  let e: ts.Expression = unwrap(obj) as ts.Expression;
  for (let hops = 0; hops < 8; hops++) {
    if (isCallExpression(e) && isPropertyAccessExpression(unwrap(e.expression))) {
      const pa = unwrap(e.expression) as ts.PropertyAccessExpression;
      segments.unshift(`${pa.name.text}()`);
      e = unwrap(pa.expression) as ts.Expression;
    } else if (isPropertyAccessExpression(e)) {
      segments.unshift(e.name.text);
      e = unwrap(e.expression) as ts.Expression;
    } else if (isCallExpression(e) && isIdentifier(e.expression) && !e.arguments.length) {
      // `getMeter().createCounter('orders').add(1)`: what a project function returns, called at the root.
      segments.unshift('()');
      e = e.expression;
      break;
    } else break;
  }
  if (!segments.length || !isIdentifier(e) || kindOf(w, e)) return undefined;
  const v = lookup(w, e.text);
  if (v && !v.topLevel) return undefined;
  const of = bindingRefOf(w, e);
  if (!of || (of.kind === 'import' && of.name === '*')) return undefined;
  return { kind: 'member', of, member: `${segments.join('.')}.${member}` };
}

/**
 * `injector.get(OrdersProvider)`, `moduleRef.get(OrdersService)`: a dependency-injection container handing
 * out the instance of a class (graphql-modules resolvers reach their providers so). A capitalised name only:
 * `map.get(key)` is no instance.
 */
export function containerInstance(w: WalkState, call: ts.CallExpression): BindingRef | undefined {
  const callee = call.expression;
  if (call.arguments.length !== 1 || !isPropertyAccessExpression(callee) || callee.name.text !== 'get') return undefined;
  const arg = call.arguments[0];
  if (!isIdentifier(arg)) return undefined;
  const c = arg.text.charCodeAt(0);
  return c >= 65 && c <= 90 ? bindingRefOf(w, arg) : undefined;
}

export function bindingRefOfEntity(w: WalkState, name: ts.EntityName): BindingRef | undefined {
  if (isIdentifier(name)) {
    if (w.scopes[0].has(name.text)) return { kind: 'local', name: name.text };
    const imp = w.summary.imports[name.text];
    return imp ? { kind: 'import', specifier: imp.specifier, name: imp.name } : undefined;
  }
  if (isIdentifier(name.left)) {
    const imp = w.summary.imports[name.left.text];
    if (imp?.name === '*') return { kind: 'import', specifier: imp.specifier, name: name.right.text };
  }
  return undefined;
}

export function calleeRef(w: WalkState, expr: ts.Node): CallRef | undefined {
  const e = unwrap(expr);
  if (isCallExpression(e)) {
    // A curried wrapper: `traceFunction(options)(fn)` calls what `traceFunction(options)` returns.
    const site = callSite(w, e);
    return site ? { kind: 'call', call: site } : undefined;
  }
  if (isIdentifier(e)) {
    const v = lookup(w, e.text);
    if (v?.fn) return { kind: 'fn', id: v.fn };
    if (v && !v.topLevel) return undefined;
    const b = bindingRefOf(w, e);
    return b ? { kind: 'binding', ref: b } : undefined;
  }
  if (isPropertyAccessExpression(e)) {
    const member = e.name.text;
    const obj = unwrap(e.expression);
    const cls = w.classStack[w.classStack.length - 1];
    if (obj.kind === SK.ThisKeyword && cls) {
      return { kind: 'member', of: { kind: 'local', name: cls.name }, member, instanceOf: true };
    }
    // `super.logout(…)`: the base class's method (a resolver or controller extending a shared base).
    if (obj.kind === SK.SuperKeyword && cls?.extends) return { kind: 'member', of: cls.extends, member, instanceOf: true };
    if (isPropertyAccessExpression(obj) && obj.expression.kind === SK.ThisKeyword && cls) {
      const of = cls.properties[obj.name.text];
      return of ? { kind: 'member', of, member, instanceOf: true } : undefined;
    }
    if (isNewExpression(obj)) {
      const of = bindingRefOf(w, obj.expression);
      return of ? { kind: 'member', of, member, instanceOf: true } : undefined;
    }
    if (isCallExpression(obj)) {
      const of = containerInstance(w, obj);
      if (of) return { kind: 'member', of, member, instanceOf: true };
      return memberPath(w, obj, member);
    }
    if (isIdentifier(obj)) {
      const v = lookup(w, obj.text);
      if (v?.instanceOf) return { kind: 'member', of: v.instanceOf, member, instanceOf: true };
      if (v && !v.topLevel) return undefined;
      const b = bindingRefOf(w, obj);
      if (!b) return undefined;
      // `ns.fn()` on a namespace import is a plain binding of that module's export.
      if (b.kind === 'import' && b.name === '*') return { kind: 'binding', ref: { kind: 'import', specifier: b.specifier, name: member } };
      return { kind: 'member', of: b, member };
    }
  }
  return undefined;
}

/** A cross-file reference to the function an expression denotes (ScanContext.refOf). */
export function refOf(w: WalkState, expr: ts.Node): CallRef | undefined {
  const e = unwrap(expr);
  // `handler.bind(this)` runs `handler`.
  if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') return refOf(w, e.expression.expression);
  if (isArrowFunction(e) || isFunctionExpression(e)) return { kind: 'fn', id: fnId(w, e) };
  if (isCallExpression(e)) {
    const site = callSite(w, e);
    return site ? { kind: 'call', call: site } : undefined;
  }
  return calleeRef(w, e);
}

/** The callee as written, compact: no whitespace, no leading `this.`, `?.` as `.`; long ones cut. */
export function calleeText(w: WalkState, callee: ts.Node): string {
  const d = dottedName(callee);
  const t = d !== undefined ? (d.startsWith('this.') ? d.slice(5) : d) : callee.getText(w.sourceFile).replace(/\s+/g, '').replace(/^this\./, '').replace(/\?\./g, '.');
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

export function callSite(w: WalkState, node: ts.CallExpression): CallSite | undefined {
  const callee = calleeRef(w, node.expression);
  if (!callee) return undefined;
  const site: CallSite = { callee, text: calleeText(w, unwrap(node.expression)), line: lineOf(w, node) };
  const fnArgs: CallRef[] = [];
  const addFn = (u: ts.Node) => {
    if (isArrowFunction(u) || isFunctionExpression(u)) fnArgs.push({ kind: 'fn', id: fnId(w, u) });
    else if (isIdentifier(u) || isPropertyAccessExpression(u)) {
      const r = refOf(w, u);
      if (r) fnArgs.push(r);
    }
  };
  for (const a of node.arguments) {
    const u = unwrap(a);
    if (!isObjectLiteralExpression(u)) {
      addFn(u);
      continue;
    }
    // Callbacks handed over in an options object (`createHandler({ createContext, onError: (e) => … })`)
    // run when the result runs, as function arguments do.
    for (const p of u.properties) {
      if (isPropertyAssignment(p)) addFn(unwrap(p.initializer));
      else if (isShorthandPropertyAssignment(p)) addFn(p.name);
      else if (isMethodDeclaration(p)) fnArgs.push({ kind: 'fn', id: fnId(w, p) });
    }
  }
  if (fnArgs.length) site.fnArgs = fnArgs;
  return site;
}
