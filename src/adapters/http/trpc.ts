// tRPC: procedures `.query(fn)`, `.mutation(fn)`, `.subscription(fn)` built from `initTRPC…create()`
// (`t.procedure`, builders such as `publicProcedure = t.procedure`, `.input()` / `.output()` / `.use()` /
// `.meta()` chains), and tRPC v9's `router().query('name', { resolve })`. Targets are named by router path
// (`query orders.byId`): the keys of the router objects the procedure sits in, then, across files, the
// keys under which its router is mounted (`t.router({ orders: ordersRouter })`, `mergeRouters(a, b)`),
// through `mount` registrations and TargetSummary.mountedName.
//
// Builders usually come from a project module (`import { publicProcedure } from '~/server/api/trpc'`):
// a procedure built from an import whose kind one file cannot know is a target only if the import
// resolves to a procedure builder (TargetSummary.onlyIfKind), and a router call through an imported
// `createTRPCRouter` mounts only if that resolves to `t.router` (Registration.onlyIfKind).
//
// Middleware: a builder declared `const protectedProcedure = publicProcedure.use(isAuthed)` registers
// `isAuthed` as middleware of `protectedProcedure` and mounts it on `publicProcedure`; a procedure built
// from `protectedProcedure` (in any file) is covered by the middleware of its builder and of every builder
// it derives from, like a route by the middleware of the routers it is mounted on. `.use()` inline in the
// procedure's own chain covers that procedure.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import type { BindingRef, CallRef, CoverageRef } from '../../types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isArrowFunction,
  isAsExpression,
  isBlock,
  isCallExpression,
  isExportAssignment,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNonNullExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSourceFile,
  isSpreadAssignment,
  isStringLiteral,
  isVariableDeclaration,
  isVariableStatement,
} = ts;

const INSTANCE = 'trpc.instance';
const PROCEDURE = 'trpc.procedure';
const ROUTER_FN = 'trpc.routerFn';
const MERGE_FN = 'trpc.mergeFn';
const LEGACY_ROUTER = 'trpc.legacyRouter';
/** Calls on a builder that give a builder. */
const BUILDER_METHODS = new Set(['input', 'output', 'use', 'meta', 'concat', 'unstable_concat']);
const PROCEDURE_TYPES = new Set(['query', 'mutation', 'subscription']);
/** Names a file that builds procedures or routers from imported builders says (see `mentions`). */
const MENTIONED = ['procedure', 'mergeRouters', 'createTRPCRouter'];
const builder = Object.fromEntries([...BUILDER_METHODS].map((m) => [`${m}()`, PROCEDURE]));
const legacyChain = Object.fromEntries(['query', 'mutation', 'subscription', 'merge', 'middleware'].map((m) => [`${m}()`, LEGACY_ROUTER]));

const unwrap = (e: ts.Expression): ts.Expression =>
  isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || isNonNullExpression(e) ? unwrap(e.expression) : e;

const isFunctionLike = (e: ts.Node): e is ts.ArrowFunction | ts.FunctionExpression => isArrowFunction(e) || isFunctionExpression(e);

/** A builder chain `root.procedure?.input(…).use(mw)…`: its root, the `.use()` arguments, whether it went through `.procedure`. */
interface Chain {
  root: ts.Expression;
  uses: ts.Expression[];
  links: number;
  viaProcedure: boolean;
}

function chainOf(expr: ts.Expression): Chain {
  const uses: ts.Expression[] = [];
  let links = 0;
  let e = unwrap(expr);
  while (isCallExpression(e) && isPropertyAccessExpression(e.expression) && BUILDER_METHODS.has(e.expression.name.text)) {
    if (e.expression.name.text === 'use') uses.unshift(...e.arguments);
    links++;
    e = unwrap(e.expression.expression);
  }
  let viaProcedure = false;
  if (isPropertyAccessExpression(e) && e.name.text === 'procedure') {
    viaProcedure = true;
    e = unwrap(e.expression);
  }
  return { root: e, uses, links, viaProcedure };
}

function keyOf(name: ts.PropertyName): string {
  return isIdentifier(name) || isStringLiteral(name) || isNoSubstitutionTemplateLiteral(name) ? name.text : '<computed>';
}

/** Where a procedure or router call sits: the top-level binding it belongs to and the router keys down to it. */
interface Place {
  unit?: string;
  path: string[];
}

export default defineAdapter({
  name: 'trpc',
  targetKind: 'http-handler',
  packages: ['@trpc/server'],
  // Procedures are mostly built in files that import only the project's own builders: such a file calls a
  // procedure type (`.query(…)`) or names `procedure`, builds a router (`createTRPCRouter({ … })`, `t.router({`:
  // Express files name `router` too), or derives a builder from an imported one (`adminProcedure =
  // protectedProcedure.use(isAdmin)`): a builder method and a name ending in `Procedure` (builder methods
  // alone are named by nearly every Express and Zod file).
  mentions: (ids, text) => {
    // `.query(…)` called, not `req.query` read (every Express handler names `query`).
    for (const m of PROCEDURE_TYPES) if (ids.has(m) && text.includes(`${m}(`)) return true;
    for (const m of MENTIONED) if (ids.has(m)) return true;
    // `Router({ mergeParams: true })` is Express's.
    if ((ids.has('router') && text.includes('router({')) || (ids.has('createRouter') && text.includes('createRouter({'))) return true;
    let method = false;
    for (const m of BUILDER_METHODS) if (ids.has(m)) method = true;
    if (!method) return false;
    for (const id of ids.keys()) if (id.endsWith('Procedure')) return true;
    return false;
  },
  model: {
    imports: {
      '@trpc/server': {
        initTRPC: 'trpc.init',
        router: 'trpc.legacyRouterFn',
        mergeRouters: MERGE_FN,
        '*': 'trpc.module',
      },
      // A tRPC middleware that opens an OpenTelemetry span per procedure call, with input and result.
      '@baselime/trpc-opentelemetry-middleware': { tracing: 'trpc.otelMiddleware' },
    },
    emits: { 'trpc.otelMiddleware': { '()': 'opentelemetry' } },
    members: {
      'trpc.module': { initTRPC: 'trpc.init', router: 'trpc.legacyRouterFn', 'router()': LEGACY_ROUTER, mergeRouters: MERGE_FN },
      'trpc.init': { 'context()': 'trpc.init', 'meta()': 'trpc.init', 'create()': INSTANCE },
      [INSTANCE]: { procedure: PROCEDURE, router: ROUTER_FN, mergeRouters: MERGE_FN },
      [PROCEDURE]: builder,
      'trpc.legacyRouterFn': { '()': LEGACY_ROUTER },
      [LEGACY_ROUTER]: legacyChain,
    },
  },
  create(ctx) {
    // A file that imports nothing builds no procedure from an import and has no `initTRPC`.
    if (!ctx.importSpecifiers.size) return {};
    let topLevel: Map<string, ts.VariableDeclaration> | undefined;

    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          if (PROCEDURE_TYPES.has(method)) procedure(node, callee, method);
          else if (method === 'merge' && ctx.kindOf(callee.expression) === LEGACY_ROUTER) legacyMerge(node);
        }
        // Router calls: an object of routers and procedures, or routers merged (`mergeRouters(a, b)`; the
        // name only keeps other calls out, the kind of the callee decides).
        const arg = node.arguments[0];
        if (arg && (isObjectLiteralExpression(arg) || calleeName(callee) === 'mergeRouters')) routerCall(node);
      },
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (isIdentifier(node.name) && node.initializer && isTopLevel(node)) builderDeclaration(node.name.text, node.initializer);
      },
    };

    /** `X.query(fn)`: a procedure when X is a builder, known here or through an import. */
    function procedure(node: ts.CallExpression, callee: ts.PropertyAccessExpression, type: string) {
      const recvKind = ctx.kindOf(callee.expression);
      if (recvKind === LEGACY_ROUTER) return legacyProcedure(node, type);
      if (node.arguments.length !== 1) return;
      const handler = node.arguments[0];
      const u = unwrap(handler);
      const chain = chainOf(callee.expression);
      let onlyIfKind: { ref: BindingRef; kinds: string[]; call?: string } | undefined;
      const place = placeOf(node);
      if (recvKind !== PROCEDURE) {
        // `db.query(sql)` on an import is no procedure: a resolver is a function, or a name given in a
        // builder chain, a router object or a procedure constant.
        if (!isFunctionLike(u) && !((isIdentifier(u) || isPropertyAccessExpression(u)) && (chain.links || place.unit))) return;
        onlyIfKind = importedBuilder(chain);
        if (!onlyIfKind) return;
      }
      const ref = ctx.refOf(handler);
      if (!ref) return;
      const receiver = !chain.viaProcedure && isIdentifier(chain.root) ? chain.root.text : undefined;
      const coveredBy: CoverageRef[] = chain.uses.flatMap((m) => middlewareRefs(m));
      // Middleware of a builder of this file (a builder imported or derived is reached through mounts).
      if (receiver) {
        for (const r of ctx.summary.registrations) {
          if (r.receiver === receiver && r.type === 'middleware') coveredBy.push({ via: 'middleware', ref: r.ref, text: r.text, line: r.line });
        }
      }
      addProcedure(type, place, node, u, [ref], coveredBy, receiver, onlyIfKind);
    }

    function addProcedure(
      type: string,
      place: Place,
      call: ts.Node,
      handler: ts.Node,
      handlers: CallRef[],
      coveredBy: CoverageRef[],
      receiver: string | undefined,
      onlyIfKind: { ref: BindingRef; kinds: string[]; call?: string } | undefined,
    ) {
      const path = place.path.join('.');
      const name = `${type} ${path || place.unit || `<in ${ctx.symbolPath(call)}>`}`;
      const symbol = [place.unit ?? `${type} ${ctx.symbolPath(call)}`, ...place.path].join('.');
      ctx.addTarget({
        kind: 'http-handler',
        framework: 'trpc',
        name,
        symbol,
        span: ctx.span(handler),
        handlers,
        coveredBy,
        ...(receiver ? { meta: { receiver } } : {}),
        ...(onlyIfKind ? { onlyIfKind } : {}),
        ...(place.unit ? { mountedName: { unit: place.unit, prefix: `${type} `, path, separator: '.' } } : {}),
      });
    }

    /**
     * The condition for a chain whose root's kind this file cannot know: its root is an import (or a
     * top-level builder of this file declared from one) that must resolve to a builder, or to the tRPC
     * instance when the chain starts with `.procedure`.
     */
    function importedBuilder(chain: Chain, hops = 0): { ref: BindingRef; kinds: string[]; call?: string } | undefined {
      const root = chain.root;
      // A builder handed out by a project function: `permissionRequiredProcedure.requiresPermission('admin')`.
      if (isCallExpression(root) && isPropertyAccessExpression(root.expression) && !chain.viaProcedure) {
        const r = ctx.refOf(root.expression.expression);
        if (r?.kind !== 'binding' || r.ref.kind !== 'import' || r.ref.name === '*') return undefined;
        return { ref: r.ref, kinds: [PROCEDURE], call: root.expression.name.text };
      }
      if (!isIdentifier(root) && !isPropertyAccessExpression(root)) return undefined;
      const r = ctx.refOf(root);
      if (r?.kind !== 'binding') return undefined;
      if (r.ref.kind === 'import') return r.ref.name === '*' ? undefined : { ref: r.ref, kinds: [chain.viaProcedure ? INSTANCE : PROCEDURE] };
      if (chain.viaProcedure || hops > 5 || !isIdentifier(root)) return undefined;
      const decl = declarationOf(root.text);
      if (!decl?.initializer) return undefined;
      return importedBuilder(chainOf(decl.initializer), hops + 1);
    }

    /**
     * `const protectedProcedure = publicProcedure.use(isAuthed)`: the builder's middleware, and the builder
     * it derives from (a mount: the base's middleware covers it).
     */
    function builderDeclaration(name: string, init: ts.Expression) {
      const chain = chainOf(init);
      if (!chain.links && !chain.viaProcedure) return;
      let onlyIfKind: { ref: BindingRef; kinds: string[] } | undefined;
      if (ctx.kindOf(init) !== PROCEDURE) {
        onlyIfKind = importedBuilder(chain);
        if (!onlyIfKind) return;
      }
      for (const m of chain.uses) {
        for (const c of middlewareRefs(m)) ctx.addRegistration({ receiver: name, type: 'middleware', ref: c.ref, text: c.text, line: c.line });
      }
      if (!chain.viaProcedure && isIdentifier(chain.root)) {
        ctx.addRegistration({
          receiver: chain.root.text,
          type: 'mount',
          ref: { kind: 'binding', ref: { kind: 'local', name } },
          text: name,
          line: ctx.span(init).line,
          ...(onlyIfKind ? { onlyIfKind } : {}),
        });
      }
    }

    /**
     * What runs for `.use(arg)`: the argument, and what a middleware factory of this file was given
     * (`const isAuthed = t.middleware(async ({ ctx, next }) => …)`, `experimental_standaloneMiddleware()
     * .create(fn)`, `t.middleware(Sentry.trpcMiddleware())`), which a reference to the factory's result
     * would not reach.
     */
    function middlewareRefs(arg: ts.Expression): CoverageRef[] {
      const text = ctx.text(arg).replace(/\s+/g, ' ').slice(0, 80);
      const line = ctx.span(arg).line;
      const out: CoverageRef[] = [];
      const ref = ctx.refOf(arg);
      if (ref) out.push({ via: 'middleware', ref, text, line });
      let e = unwrap(arg);
      if (isIdentifier(e)) {
        const init = declarationOf(e.text)?.initializer;
        if (init) e = unwrap(init);
      }
      if (isCallExpression(e)) {
        // A factory call the walk can follow (`t.middleware(fn)`) already leads to its function arguments.
        const followed = ctx.refOf(e) !== undefined;
        for (const a of e.arguments) {
          const inner = unwrap(a);
          if (!(isFunctionLike(inner) && !followed) && !isCallExpression(inner)) continue;
          const r = ctx.refOf(inner);
          if (r) out.push({ via: 'middleware', ref: r, text, line });
        }
      }
      return out;
    }

    /**
     * A router call: `t.router({ … })`, `createTRPCRouter({ … })`, `mergeRouters(a, b)`. Routers and
     * procedures given by name are mounted on the router's top-level binding under their key.
     */
    function routerCall(node: ts.CallExpression) {
      // Only a router bound to a top-level name (directly or nested in one) can be mounted: ask first, it is cheap.
      const place = placeOf(node);
      if (!place.unit) return;
      const callee = unwrap(node.expression);
      const kind = ctx.kindOf(callee);
      let onlyIfKind: { ref: BindingRef; kinds: string[] } | undefined;
      if (kind !== ROUTER_FN && kind !== MERGE_FN) {
        if (kind !== undefined || !isMountList(node)) return;
        if (isIdentifier(callee)) {
          const r = ctx.refOf(callee);
          if (r?.kind !== 'binding' || r.ref.kind !== 'import' || r.ref.name === '*') return;
          onlyIfKind = { ref: r.ref, kinds: [ROUTER_FN, MERGE_FN] };
        } else if (isPropertyAccessExpression(callee) && (callee.name.text === 'router' || callee.name.text === 'mergeRouters')) {
          const r = ctx.refOf(callee.expression);
          if (r?.kind !== 'binding' || r.ref.kind !== 'import' || r.ref.name === '*') return;
          onlyIfKind = { ref: r.ref, kinds: [INSTANCE] };
        } else return;
      }
      const mount = (value: ts.Expression, path: string[]) => {
        const v = unwrap(value);
        const lazy = lazyRouter(v);
        if (!lazy && !isIdentifier(v) && !isPropertyAccessExpression(v)) return;
        const ref: CallRef | undefined = lazy ? { kind: 'binding', ref: lazy } : ctx.refOf(v);
        if (!ref || ref.kind === 'fn' || ref.kind === 'call') return;
        ctx.addRegistration({
          receiver: place.unit!,
          type: 'mount',
          ref,
          text: ctx.text(v).slice(0, 80),
          line: ctx.span(v).line,
          path: path.join('.'),
          ...(onlyIfKind ? { onlyIfKind } : {}),
        });
      };
      const arg = node.arguments[0];
      if (arg && isObjectLiteralExpression(arg)) mountObject(arg, place.path, mount);
      else for (const a of node.arguments) mount(a, place.path);
    }

    /** tRPC v9: `router().merge('orders.', ordersRouter)`. */
    function legacyMerge(node: ts.CallExpression) {
      const [first, second] = node.arguments;
      const prefix = second && (isStringLiteral(first) || isNoSubstitutionTemplateLiteral(first)) ? first.text.replace(/\.$/, '') : '';
      const child = second ?? first;
      const place = placeOf(chainTop(node));
      if (!child || !place.unit) return;
      const ref = ctx.refOf(child);
      if (!ref || ref.kind === 'fn' || ref.kind === 'call') return;
      ctx.addRegistration({ receiver: place.unit, type: 'mount', ref, text: ctx.text(child).slice(0, 80), line: ctx.span(child).line, path: [...place.path, prefix].filter(Boolean).join('.') });
    }

    /** tRPC v9: `router().query('byId', { input, resolve })`. */
    function legacyProcedure(node: ts.CallExpression, type: string) {
      const [nameArg, options] = node.arguments;
      if (!nameArg || !options || !(isStringLiteral(nameArg) || isNoSubstitutionTemplateLiteral(nameArg))) return;
      const o = unwrap(options);
      if (!isObjectLiteralExpression(o)) return;
      let resolve: ts.Node | undefined;
      for (const p of o.properties) {
        if (!p.name || keyOf(p.name) !== 'resolve') continue;
        if (isMethodDeclaration(p)) resolve = p;
        else if (isPropertyAssignment(p)) resolve = unwrap(p.initializer);
        else if (isShorthandPropertyAssignment(p)) resolve = p.name;
      }
      const ref = resolve && (isMethodDeclaration(resolve) ? ({ kind: 'fn', id: ctx.fnId(resolve) } as CallRef) : ctx.refOf(resolve));
      if (!ref) return;
      const place = placeOf(chainTop(node));
      addProcedure(type, { unit: place.unit, path: [...place.path, nameArg.text] }, node, resolve!, [ref], [], undefined, undefined);
    }

    /** The outermost call of a method chain a call is part of (`router().query(…).merge(…)`). */
    function chainTop(node: ts.Expression): ts.Expression {
      let n: ts.Expression = node;
      while (n.parent && isPropertyAccessExpression(n.parent) && n.parent.expression === n && n.parent.parent && isCallExpression(n.parent.parent)) n = n.parent.parent;
      return n;
    }

    /**
     * The router keys from the top-level binding down to a node: `export const appRouter = t.router({
     * orders: t.router({ byId: <node> }) })` → `appRouter`, [orders, byId]. Router calls and plain objects
     * of procedures (tRPC 11) both nest; a node elsewhere (inside a function) has no unit.
     */
    function placeOf(node: ts.Node): Place {
      const path: string[] = [];
      let n: ts.Node = node;
      for (let depth = 0; depth < 50; depth++) {
        let p = n.parent;
        while (p && (isParenthesizedExpression(p) || isAsExpression(p) || isSatisfiesExpression(p) || isNonNullExpression(p))) {
          n = p;
          p = p.parent;
        }
        if (!p) break;
        if (isPropertyAssignment(p) && p.initializer === n) {
          path.unshift(keyOf(p.name));
          n = p.parent;
          continue;
        }
        if (isCallExpression(p) && p.arguments.includes(n as ts.Expression) && (isObjectLiteralExpression(n) || isRouterLike(p))) {
          n = p;
          continue;
        }
        if (isVariableDeclaration(p) && p.initializer === n && isIdentifier(p.name)) return isTopLevel(p) ? { unit: p.name.text, path } : { path };
        if (isExportAssignment(p)) return { unit: 'default', path };
        break;
      }
      return { path };
    }

    /** A merge call one of whose arguments is a router call: `mergeRouters(a, t.router({ … }))` (the name suffices for naming). */
    function isRouterLike(call: ts.CallExpression): boolean {
      const k = ctx.kindOf(call.expression);
      return k === MERGE_FN || k === ROUTER_FN || calleeName(unwrap(call.expression)) === 'mergeRouters';
    }

    function isTopLevel(d: ts.VariableDeclaration): boolean {
      const st = d.parent?.parent;
      return !!st && isVariableStatement(st) && isSourceFile(st.parent);
    }

    /** The top-level `const` of this file with that name. */
    function declarationOf(name: string): ts.VariableDeclaration | undefined {
      if (!topLevel) {
        topLevel = new Map();
        for (const st of ctx.sourceFile.statements) {
          if (!isVariableStatement(st)) continue;
          for (const d of st.declarationList.declarations) if (isIdentifier(d.name)) topLevel.set(d.name.text, d);
        }
      }
      return topLevel.get(name);
    }
  },
});

/**
 * A router loaded on first use (tRPC 11 `lazy`): `lazy(() => import('./user').then((m) => m.userRouter))`
 * names the export `userRouter` of `./user`; `lazy(() => import('./user'))` its default export.
 */
function lazyRouter(e: ts.Expression): BindingRef | undefined {
  if (!isCallExpression(e) || e.arguments.length !== 1) return undefined;
  const loader = unwrap(e.arguments[0]);
  if (!isArrowFunction(loader) || isBlock(loader.body)) return undefined;
  let body = unwrap(loader.body);
  let name = 'default';
  if (isCallExpression(body) && isPropertyAccessExpression(body.expression) && body.expression.name.text === 'then') {
    const pick = body.arguments[0] && unwrap(body.arguments[0]);
    if (!pick || !isArrowFunction(pick) || isBlock(pick.body) || !isPropertyAccessExpression(pick.body)) return undefined;
    name = pick.body.name.text;
    body = unwrap(body.expression.expression);
  }
  if (!isCallExpression(body) || body.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  const spec = body.arguments[0];
  return spec && (isStringLiteral(spec) || isNoSubstitutionTemplateLiteral(spec)) ? { kind: 'import', specifier: spec.text, name } : undefined;
}

function calleeName(e: ts.Expression): string | undefined {
  return isIdentifier(e) ? e.text : isPropertyAccessExpression(e) ? e.name.text : undefined;
}

/**
 * Could this call's arguments be routers by name? One object whose values are all names, members, calls
 * or nested objects (at least one name or member), or only names and members (`mergeRouters(a, b)`).
 * Keeps options objects (`{ port: 3000, onError: (e) => … }`) out without knowing the callee.
 */
function isMountList(node: ts.CallExpression): boolean {
  const arg = node.arguments[0];
  if (!isObjectLiteralExpression(arg)) return node.arguments.length > 0;
  if (node.arguments.length !== 1) return false;
  let named = false;
  const walk = (o: ts.ObjectLiteralExpression): boolean => {
    for (const p of o.properties) {
      if (isShorthandPropertyAssignment(p)) named = true;
      else if (isSpreadAssignment(p)) {
        const v = unwrap(p.expression);
        if (!isIdentifier(v) && !isPropertyAccessExpression(v)) return false;
        named = true;
      } else if (isPropertyAssignment(p)) {
        const v = unwrap(p.initializer);
        if (isIdentifier(v) || isPropertyAccessExpression(v) || lazyRouter(v)) named = true;
        else if (isObjectLiteralExpression(v)) {
          if (!walk(v)) return false;
        } else if (!isCallExpression(v)) return false;
      } else return false;
    }
    return true;
  };
  return walk(arg) && named;
}

/**
 * Mount every named value of a router object (nested plain objects add their key; an object of procedures
 * spread into it, `...allMembersRoutes`, adds none).
 */
function mountObject(o: ts.ObjectLiteralExpression, path: string[], mount: (v: ts.Expression, path: string[]) => void): void {
  for (const p of o.properties) {
    if (isShorthandPropertyAssignment(p)) mount(p.name, [...path, p.name.text]);
    else if (isSpreadAssignment(p)) mount(p.expression, path);
    else if (isPropertyAssignment(p)) {
      const v = unwrap(p.initializer);
      if (isObjectLiteralExpression(v)) mountObject(v, [...path, keyOf(p.name)], mount);
      else mount(v, [...path, keyOf(p.name)]);
    }
  }
}
