// What the socket adapters share (not an adapter itself): which function a connection's socket is a
// parameter of. A server calls its connection listener with the socket (`io.on('connection', socket => …)`,
// `wss.on('connection', ws => …)`); a listener may be given inline, by the name of a function of the file or
// as a method (`this.onConnection`), and it may hand the socket on to other functions
// (`registerOrderHandlers(io, socket)`), where a parameter typed as the library's socket says what it is.
import { ts } from '#ts';
import type { CallRef } from '../types.js';

const {
  isArrowFunction,
  isBlock,
  isCallExpression,
  isClassLike,
  isConstructorDeclaration,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isPropertyAccessExpression,
  isPropertyDeclaration,
  isSourceFile,
  isVariableStatement,
} = ts;

export type FunctionNode = ts.FunctionLikeDeclaration;

function isFunctionNode(n: ts.Node): n is FunctionNode {
  return isArrowFunction(n) || isFunctionExpression(n) || isFunctionDeclaration(n) || isMethodDeclaration(n) || isConstructorDeclaration(n);
}

/** The parameter an identifier names: of the nearest enclosing function that declares one by that name. */
export function parameterOf(id: ts.Identifier): { fn: FunctionNode; index: number; param: ts.ParameterDeclaration } | undefined {
  for (let n: ts.Node | undefined = id.parent; n && !isSourceFile(n); n = n.parent) {
    if (!isFunctionNode(n)) continue;
    const index = n.parameters.findIndex((p) => isIdentifier(p.name) && p.name.text === id.text);
    if (index >= 0) return { fn: n, index, param: n.parameters[index] };
  }
  return undefined;
}

/**
 * The function of this file a listener expression denotes: inline, `this.onConnection` (a method or a
 * function-valued property of the enclosing class), a function declared by name in an enclosing scope, or
 * any of these with `.bind(this)`.
 */
export function localFunction(e: ts.Expression | undefined): FunctionNode | undefined {
  while (e && isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') e = e.expression.expression;
  if (!e) return undefined;
  if (isArrowFunction(e) || isFunctionExpression(e)) return e;
  if (isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let cls: ts.Node | undefined = e.parent;
    while (cls && !isClassLike(cls)) cls = cls.parent;
    if (!cls) return undefined;
    for (const m of (cls as ts.ClassLikeDeclaration).members) {
      if (!m.name || !isIdentifier(m.name) || m.name.text !== e.name.text) continue;
      if (isMethodDeclaration(m) && m.body) return m;
      if (isPropertyDeclaration(m) && m.initializer && (isArrowFunction(m.initializer) || isFunctionExpression(m.initializer))) return m.initializer;
    }
    return undefined;
  }
  if (!isIdentifier(e)) return undefined;
  for (let n: ts.Node | undefined = e.parent; n; n = n.parent) {
    if (!isBlock(n) && !isSourceFile(n)) continue;
    for (const st of n.statements) {
      if (isFunctionDeclaration(st) && st.name?.text === e.text && st.body) return st;
      if (!isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (isIdentifier(d.name) && d.name.text === e.text && init && (isArrowFunction(init) || isFunctionExpression(init))) return init;
      }
    }
  }
  return undefined;
}

/** A call that may hand a socket on (`registerOrderHandlers(io, socket)`), with its callee's reference. */
export interface HandOff {
  call: ts.CallExpression;
  ref?: CallRef;
}

/** A hand-off of a connection's socket: the function that had it, and what it was handed to. */
export interface SocketMount {
  from: FunctionNode;
  ref: CallRef;
  call: ts.CallExpression;
}

/**
 * Which functions of a file hold a connection's socket as a parameter, with what the adapter knows of the
 * connection (`T`: its namespace, its server's path). Listeners are added as the walk finds them; `of`
 * answers after the walk (it reads parent pointers and type annotations only).
 */
export class SocketScopes<T> {
  private readonly scopes = new Map<FunctionNode, { index: number; info?: T }>();

  constructor(private readonly isSocketType: (type: ts.TypeNode | undefined) => boolean) {}

  /** A connection listener: its first parameter is the socket. */
  addListener(listener: ts.Expression, info: T): FunctionNode | undefined {
    const fn = localFunction(listener);
    if (fn) this.scopes.set(fn, { index: 0, info });
    return fn;
  }

  /**
   * The function a socket expression is the parameter of, and the connection's info; `typed`: the walk
   * already knows the expression is a socket (a callback parameter of the server's API, a typed property).
   * Undefined when the expression is not known to be a socket.
   */
  of(e: ts.Expression, typed: boolean): { fn?: FunctionNode; info?: T } | undefined {
    const p = isIdentifier(e) ? parameterOf(e) : undefined;
    const known = p && this.scopes.get(p.fn);
    if (p && known && known.index === p.index) return { fn: p.fn, info: known.info };
    if (p && this.isSocketType(p.param.type)) return { fn: p.fn };
    return typed ? { fn: p?.fn } : undefined;
  }

  /**
   * Follows the socket into the functions it is handed to: one of this file (its parameter at that
   * position then holds the socket, transitively) or any other (a reference, for coverage across files).
   */
  followHandOffs(handOffs: HandOff[], fnId: (n: ts.Node) => string): SocketMount[] {
    const mounts: SocketMount[] = [];
    const done = new Set<HandOff>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const h of handOffs) {
        if (done.has(h)) continue;
        const i = h.call.arguments.findIndex((a) => isIdentifier(a) && this.of(a, false)?.fn);
        if (i < 0) continue;
        done.add(h);
        changed = true;
        const from = this.of(h.call.arguments[i], false)!;
        const local = localFunction(h.call.expression);
        if (local && !this.scopes.has(local)) this.scopes.set(local, { index: i, info: from.info });
        const ref: CallRef | undefined = local ? { kind: 'fn', id: fnId(local) } : h.ref;
        if (ref) mounts.push({ from: from.fn!, ref, call: h.call });
      }
    }
    return mounts;
  }
}
