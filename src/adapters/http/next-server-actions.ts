// Next.js server actions: functions the client calls over HTTP (a POST to the page). Every exported
// function of a module whose directive prologue says `'use server'` (declarations, `export const x = async
// () => …`, `export default`, names re-exported, and actions built by a wrapper such as next-safe-action's
// `client.inputSchema(s).action(async (…) => …)`), and every function whose own body starts with
// `'use server'` (inline actions in server components, `<form action={async (fd) => { 'use server'; … }}>`).
// A `'use server'` string that is not in the prologue is no directive; `'use client'` modules define none;
// functions a `'use server'` module does not export are not callable from the client.
//
// next-safe-action clients are builders like tRPC's: `export const authActionClient = actionClient.use(mw)`
// registers `mw` as middleware of `authActionClient`, and an action built from it (in any module) is
// covered by the middleware of its client and of the clients it derives from.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { hasDirective } from '../../analysis/runtime.js';
import { moduleExports } from '../file-routes.js';
import type { CallRef, CoverageRef } from '../../types.js';
import type { ScanContext } from '../../analysis/plugin.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isArrowFunction,
  isAsExpression,
  isBlock,
  isCallExpression,
  isExpressionStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNonNullExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isSatisfiesExpression,
  isSourceFile,
  isStringLiteral,
  isVariableDeclaration,
  isVariableStatement,
} = ts;

const SOURCE = /\.(?:tsx?|jsx?|mts|cts|mjs|cjs)$/;
const CLIENT = 'next-safe-action.client';
/** Calls on a next-safe-action client that give a client. */
const CLIENT_METHODS = ['use', 'schema', 'inputSchema', 'outputSchema', 'bindArgsSchemas', 'metadata', 'useValidated'];

const unwrap = (e: ts.Expression): ts.Expression =>
  isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || isNonNullExpression(e) ? unwrap(e.expression) : e;

export default defineAdapter({
  name: 'next-server-actions',
  targetKind: 'http-handler',
  packages: ['next-safe-action'],
  // Any module may hold a server action: the text decides (one search per file).
  appliesToPath: (p) => SOURCE.test(p),
  model: {
    imports: { 'next-safe-action': { createSafeActionClient: 'next-safe-action.factory' } },
    members: {
      'next-safe-action.factory': { '()': CLIENT },
      [CLIENT]: Object.fromEntries(CLIENT_METHODS.map((m) => [`${m}()`, CLIENT])),
    },
  },
  create(ctx) {
    const text = ctx.sourceFile.text;
    const clients = ctx.importSpecifiers.has('next-safe-action') ? clientDeclarations(ctx) : undefined;
    if (!text.includes('use server')) return clients ?? {};
    const statements = ctx.sourceFile.statements;
    if (hasDirective(statements, 'use client')) return clients ?? {};
    const moduleLevel = hasDirective(statements, 'use server');
    const file = ctx.file;
    const found = new Set<string>();

    const inline = (node: ts.FunctionLikeDeclaration) => {
      const body = node.body;
      if (!body || !isBlock(body) || !hasDirective(body.statements, 'use server')) return;
      const id = ctx.fnId(node);
      if (found.has(id)) return;
      found.add(id);
      const own = ownName(node);
      const where = ctx.symbolPath(node.parent);
      const label = own ?? `<inline${where === '<module>' ? '' : ` in ${where}`}>`;
      ctx.addTarget({
        kind: 'http-handler',
        framework: 'next-server-actions',
        name: `action ${label} (${file})`,
        symbol: own ? ctx.symbolPath(node) : `${where}.<inline action>`,
        span: ctx.span(node),
        handlers: [{ kind: 'fn', id }],
      });
    };

    return {
      ...clients,
      FunctionDeclaration: inline,
      FunctionExpression: inline,
      ArrowFunction: inline,
      MethodDeclaration: inline,
      end() {
        if (!moduleLevel) return;
        for (const e of moduleExports(ctx)) {
          if (!e.callable || isNonAsyncFunction(e.declaration) || isClassLike(e.declaration)) continue;
          const handlers = [...e.refs];
          let receiver: string | undefined;
          const coveredBy: CoverageRef[] = [];
          const built = e.declaration === undefined ? builtAction(ctx, e.name) : undefined;
          if (built) {
            handlers.push(...built.handlers);
            receiver = built.receiver;
            coveredBy.push(...built.coveredBy);
          }
          if (!handlers.length) continue;
          const fnId = e.declaration ? ctx.fnId(e.declaration) : undefined;
          if (fnId && found.has(fnId)) continue;
          if (fnId) found.add(fnId);
          const label = e.name === 'default' ? (e.localName ?? 'default') : e.name;
          ctx.addTarget({
            kind: 'http-handler',
            framework: 'next-server-actions',
            name: `action ${label} (${file})`,
            symbol: e.name,
            span: e.span,
            handlers,
            ...(coveredBy.length ? { coveredBy } : {}),
            ...(receiver ? { meta: { receiver } } : {}),
          });
        }
      },
    };
  },
});

function isNonAsyncFunction(n: ts.Node | undefined): boolean {
  if (!n || !(isFunctionDeclaration(n) || isArrowFunction(n) || isFunctionExpression(n))) return false;
  return !n.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function isClassLike(n: ts.Node | undefined): boolean {
  return !!n && (n.kind === ts.SyntaxKind.ClassDeclaration || n.kind === ts.SyntaxKind.ClassExpression);
}

/** The name an inline action has: its own, or the variable or JSX attribute it is given to. */
function ownName(node: ts.FunctionLikeDeclaration): string | undefined {
  if ((isFunctionDeclaration(node) || isFunctionExpression(node) || isMethodDeclaration(node)) && node.name && isIdentifier(node.name)) return node.name.text;
  const p = node.parent;
  if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
  return undefined;
}

/**
 * An action exported as a built value: `export const create = client.inputSchema(s).action(async () => …)`.
 * What runs is every function given along the chain (the action body, inline middleware); the client at
 * the chain's root (a name) is the receiver whose middleware covers it.
 */
function builtAction(ctx: ScanContext, exported: string): { handlers: CallRef[]; coveredBy: CoverageRef[]; receiver?: string } | undefined {
  const decl = topLevelDeclaration(ctx, exported);
  const init = decl?.initializer && unwrap(decl.initializer);
  if (!init || !isCallExpression(init)) return undefined;
  const handlers: CallRef[] = [];
  const coveredBy: CoverageRef[] = [];
  let e: ts.Expression = init;
  let outer = true;
  while (isCallExpression(e)) {
    const method = isPropertyAccessExpression(e.expression) ? e.expression.name.text : undefined;
    for (const a of e.arguments) {
      const u = unwrap(a);
      const fnLike = isArrowFunction(u) || isFunctionExpression(u);
      if (!fnLike && !(outer && (isIdentifier(u) || isPropertyAccessExpression(u)))) continue;
      const ref = ctx.refOf(u);
      if (!ref) continue;
      if (method === 'use') coveredBy.push({ via: 'middleware', ref, text: ctx.text(u).replace(/\s+/g, ' ').slice(0, 80), line: ctx.span(u).line });
      else handlers.push(ref);
    }
    outer = false;
    e = unwrap(e.expression);
    if (isPropertyAccessExpression(e)) e = unwrap(e.expression);
  }
  return { handlers, coveredBy, receiver: isIdentifier(e) ? e.text : undefined };
}

function topLevelDeclaration(ctx: ScanContext, name: string): ts.VariableDeclaration | undefined {
  const local = ctx.summary.exports[name];
  const localName = local?.kind === 'local' ? local.name : name;
  for (const st of ctx.sourceFile.statements) {
    if (!isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) if (isIdentifier(d.name) && d.name.text === localName) return d;
  }
  return undefined;
}

/**
 * next-safe-action clients declared at top level from another client: `export const authActionClient =
 * actionClient.use(mw)` registers `mw` as its middleware and mounts it on `actionClient`.
 */
function clientDeclarations(ctx: ScanContext): { VariableDeclaration(node: ts.VariableDeclaration): void } {
  return {
    VariableDeclaration(node: ts.VariableDeclaration) {
      if (!isIdentifier(node.name) || !node.initializer || ctx.kindOf(node.initializer) !== CLIENT) return;
      const st = node.parent?.parent;
      if (!st || !isVariableStatement(st) || !isSourceFile(st.parent)) return;
      const name = node.name.text;
      let e = unwrap(node.initializer);
      while (isCallExpression(e) && isPropertyAccessExpression(e.expression) && CLIENT_METHODS.includes(e.expression.name.text)) {
        if (e.expression.name.text === 'use') {
          for (const a of e.arguments) {
            const ref = ctx.refOf(a);
            if (ref) ctx.addRegistration({ receiver: name, type: 'middleware', ref, text: ctx.text(a).replace(/\s+/g, ' ').slice(0, 80), line: ctx.span(a).line });
          }
        }
        e = unwrap(e.expression.expression);
      }
      if (isIdentifier(e) && e !== node.initializer) {
        ctx.addRegistration({ receiver: e.text, type: 'mount', ref: { kind: 'binding', ref: { kind: 'local', name } }, text: name, line: ctx.span(node).line });
      }
    },
  };
}
