// GraphQL resolver maps: the fields of `Query`, `Mutation` and `Subscription` in a map given to a server —
// Apollo Server (`new ApolloServer({ typeDefs, resolvers })`, `@apollo/server` and `apollo-server*`), GraphQL
// Yoga (`createSchema`, `createYoga`, v2 `createServer`, v1 `new GraphQLServer`), graphql-tools
// (`makeExecutableSchema`, `addResolversToSchema`), Apollo Federation (`buildSubgraphSchema`), graphql-modules
// (`createModule`), Mercurius (`app.register(mercurius, { resolvers })`) — or typed as one by GraphQL Code
// Generator (`Resolvers`, `QueryResolvers`, … from a generated module) or graphql-tools (`IResolvers`).
// A subscription field is `{ subscribe, resolve }`: `subscribe` runs per operation. Fields of object types
// (`Order: { items() {…} }`) resolve inside an operation: not targets.
//
// Maps are usually written in one file and given to the server in another, often merged on the way
// (`[orders, users]`, `{ ...orders, ...users }`, lodash `merge`, `mergeResolvers`, `{ Query, Mutation }`
// of per-type modules). The target lives where the field is written. Every file's top-level maps are
// candidates (a look at its top-level statements, nothing per node); one no server is given is no entry
// point: its targets are `mountedOnly`, and the links — map into composite, composite or map into schema,
// schema into server — are mount registrations, the server's (or schema's) being `root`. The same links
// carry the server's plugins to every field below it (registration-level coverage): Apollo plugins whose
// `requestDidStart` hooks emit, envelop / Yoga plugins whose `on*` hooks emit, Mercurius hooks
// (`app.graphql.addHook('preExecution', …)`). Generic tracing plugins (`useOpenTelemetry` of
// `@envelop/opentelemetry`) are library code and count as nothing, as auto-instrumentation does not.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import type { CallRef, CoverageRef } from '../../types.js';
import { option, pluginRefs, skipOuter, type PluginRef } from '../graphql-common.js';
import { FRAMEWORK, MERGE_KIND, MapScanner, RESOLVERS_TYPE_KIND, hasOperationKey } from '../graphql-maps.js';

const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isAwaitExpression,
  isCallExpression,
  isExportAssignment,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNonNullExpression,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isReturnStatement,
  isSatisfiesExpression,
  isSpreadAssignment,
  isSpreadElement,
  isVariableDeclaration,
  isVariableStatement,
} = ts;

/** Library kinds: what a server or schema call is (the server named in evidence), and merge helpers. */
const K = {
  apollo: 'gql.ApolloServer',
  yogaV1: 'gql.GraphQLServer',
  schema: 'gql.makeExecutableSchema',
  addResolvers: 'gql.addResolversToSchema',
  subgraph: 'gql.buildSubgraphSchema',
  yogaSchema: 'gql.createSchema',
  yoga: 'gql.createYoga',
  module: 'gql.createModule',
  mercurius: 'gql.mercurius',
  merge: MERGE_KIND,
  resolverType: RESOLVERS_TYPE_KIND,
} as const;

/** Server and schema constructors → the server named in `meta.server`. */
const UNITS: Record<string, string> = {
  [K.apollo]: 'apollo',
  [K.yogaV1]: 'yoga',
  [K.schema]: 'graphql-tools',
  [K.addResolvers]: 'graphql-tools',
  [K.subgraph]: 'apollo',
  [K.yogaSchema]: 'yoga',
  [K.yoga]: 'yoga',
  [K.module]: 'graphql-modules',
};
/** Units that serve requests and take a `schema` built elsewhere (its maps then run under their plugins). */
const SERVES_SCHEMA = new Set<string>([K.apollo, K.yoga, K.yogaV1]);

const apolloLegacy = { ApolloServer: K.apollo, makeExecutableSchema: K.schema, IResolvers: K.resolverType, '*': 'gql.apolloNs' };
const tools = { makeExecutableSchema: K.schema, addResolversToSchema: K.addResolvers, IResolvers: K.resolverType, '*': 'gql.toolsNs' };
const SERVER_PACKAGES = [
  '@apollo/server',
  'apollo-server',
  'apollo-server-express',
  'apollo-server-fastify',
  'apollo-server-koa',
  'apollo-server-hapi',
  'apollo-server-lambda',
  'apollo-server-micro',
  'apollo-server-cloud-functions',
  'apollo-server-azure-functions',
  'apollo-server-cloudflare',
  '@graphql-tools/schema',
  'graphql-tools',
  '@apollo/subgraph',
  '@apollo/federation',
  'graphql-yoga',
  '@graphql-yoga/node',
  'mercurius',
  'graphql-modules',
];

const SERVER_PACKAGE_SET = new Set(SERVER_PACKAGES);

interface Unit {
  node: ts.CallExpression | ts.NewExpression;
  key: string;
  server: string;
  kind: string;
  options?: ts.ObjectLiteralExpression;
  /** Units of this file that serve this one's schema (their plugins run for its fields). */
  parents: Unit[];
  plugins: PluginRef[];
  /** Schemas built in other modules that this server serves: mounted after its plugins are registered. */
  schemas: { ref: CallRef; text: string; line: number }[];
}

/**
 * Every resolver map names an operation type or a resolver (its variable, type or file): the parser's
 * identifier table first, then one text search, for `lver` (a search is quick when its first letter is rare
 * in code: `esolver` measured 15 ms on the generated 10,000 files, `lver` 6 ms).
 */
function mayHoldMaps(sf: ts.SourceFile): boolean {
  const ids = (sf as unknown as { identifiers?: ReadonlyMap<string, string> }).identifiers;
  if (!ids) return /Query|Mutation|Subscription|esolver/.test(sf.text);
  return ids.has('Query') || ids.has('Mutation') || ids.has('Subscription') || sf.text.includes('lver');
}

export default defineAdapter({
  name: FRAMEWORK,
  targetKind: 'http-handler',
  packages: SERVER_PACKAGES,
  // Resolver maps are plain objects, often in files that import nothing from GraphQL: every file's
  // top-level statements are looked at (see the header); the per-node visitors run only in files that
  // import a server package.
  appliesToPath: () => true,
  model: {
    imports: {
      '@apollo/server': { ApolloServer: K.apollo, '*': 'gql.apolloNs' },
      ...Object.fromEntries(SERVER_PACKAGES.filter((p) => p.startsWith('apollo-server')).map((p) => [p, apolloLegacy])),
      '@graphql-tools/schema': tools,
      'graphql-tools': tools,
      '@graphql-tools/utils': { IResolvers: K.resolverType, mergeDeep: K.merge },
      '@graphql-tools/merge': { mergeResolvers: K.merge },
      '@apollo/subgraph': { buildSubgraphSchema: K.subgraph, '*': 'gql.subgraphNs' },
      '@apollo/federation': { buildFederatedSchema: K.subgraph, '*': 'gql.subgraphNs' },
      'graphql-yoga': { createSchema: K.yogaSchema, createYoga: K.yoga, GraphQLServer: K.yogaV1, '*': 'gql.yogaNs' },
      '@graphql-yoga/node': { createServer: K.yoga, '*': 'gql.yogaNs' },
      mercurius: { default: K.mercurius, '*': K.mercurius, IResolvers: K.resolverType },
      'graphql-modules': { createModule: K.module, '*': 'gql.modulesNs' },
      lodash: { merge: K.merge, default: 'gql.lodash', '*': 'gql.lodash' },
      'lodash-es': { merge: K.merge },
      'lodash/merge': { default: K.merge },
      'lodash.merge': { default: K.merge },
    },
    members: {
      'gql.apolloNs': { ApolloServer: K.apollo, makeExecutableSchema: K.schema },
      'gql.toolsNs': { makeExecutableSchema: K.schema, addResolversToSchema: K.addResolvers },
      'gql.subgraphNs': { buildSubgraphSchema: K.subgraph, buildFederatedSchema: K.subgraph },
      'gql.yogaNs': { createSchema: K.yogaSchema, createYoga: K.yoga, createServer: K.yoga },
      'gql.modulesNs': { createModule: K.module },
      'gql.lodash': { merge: K.merge },
    },
  },
  create(ctx) {
    let servers = false;
    for (const s of ctx.importSpecifiers) if (SERVER_PACKAGE_SET.has(s)) servers = true;
    if (!servers) return mayHoldMaps(ctx.sourceFile) ? { end: () => new MapScanner(ctx).scanTopLevel() } : {};

    const maps = new MapScanner(ctx);
    const units: Unit[] = [];
    const unitByNode = new Map<ts.Node, Unit>();
    /** Variables of the file (any scope) → initialiser: lists and maps named in server options. */
    const locals = new Map<string, ts.Expression>();
    const topLevel = new Set<string>();
    /** Mercurius hooks by the app they are added on (`app.graphql.addHook(…)`). */
    const hooks = new Map<string, PluginRef[]>();
    const end = () => {
      finishUnits();
      maps.scanTopLevel();
    };

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (!isIdentifier(node.name) || !node.initializer) return;
        locals.set(node.name.text, node.initializer);
        if (isVariableStatement(node.parent.parent) && node.parent.parent.parent === ctx.sourceFile) topLevel.add(node.name.text);
      },
      NewExpression(node: ts.NewExpression) {
        const kind = ctx.kindOf(node.expression);
        if (kind === K.apollo || kind === K.yogaV1) addUnit(node, kind);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        const kind = ctx.kindOf(callee);
        if (kind && UNITS[kind]) return addUnit(node, kind);
        if (!isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        if (method === 'register' && node.arguments.length >= 2 && ctx.kindOf(node.arguments[0]) === K.mercurius) {
          const opts = skipOuter(node.arguments[1]);
          const unit: Unit = { node, key: `mercurius:${ctx.text(callee.expression)}`, server: 'mercurius', kind: K.mercurius, parents: [], plugins: [], schemas: [] };
          if (isObjectLiteralExpression(opts)) unit.options = opts;
          units.push(unit);
          unitByNode.set(node, unit);
        } else if (method === 'addHook' && isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'graphql' && node.arguments[1]) {
          const app = `mercurius:${ctx.text(callee.expression.expression)}`;
          const fn = skipOuter(node.arguments[1]);
          const ref = isArrowFunction(fn) || isFunctionExpression(fn) ? ({ kind: 'fn', id: ctx.fnId(fn) } as const) : ctx.refOf(fn);
          const hook = ctx.text(node.arguments[0]);
          if (ref) hooks.set(app, [...(hooks.get(app) ?? []), { ref, text: `graphql.addHook(${hook})`, line: ctx.span(node).line }]);
        }
      },
      end,
    };

    function addUnit(node: ts.CallExpression | ts.NewExpression, kind: string) {
      const first = node.arguments?.[0] ? skipOuter(node.arguments[0]) : undefined;
      const unit: Unit = { node, key: unitKey(node, UNITS[kind]), server: UNITS[kind], kind, parents: [], plugins: [], schemas: [] };
      if (first && isObjectLiteralExpression(first)) unit.options = first;
      units.push(unit);
      unitByNode.set(node, unit);
    }

    /** A unit is known by the variable it is assigned to (through wrappers: `addMocks(makeExecutableSchema(…))`), the default export, or the function returning it. */
    function unitKey(node: ts.Node, server: string): string {
      let n: ts.Node = node;
      for (;;) {
        const p = n.parent;
        if (!p) break;
        if (isParenthesizedExpression(p) || isAwaitExpression(p) || isAsExpression(p) || isSatisfiesExpression(p) || isNonNullExpression(p)) n = p;
        else if (isCallExpression(p) && p.arguments.includes(n as ts.Expression) && !unitByNode.has(p)) n = p;
        else break;
      }
      const p = n.parent;
      if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
      if (p && isExportAssignment(p)) return 'default';
      const fn = p && isReturnStatement(p) ? enclosingFunction(p) : p && isArrowFunction(p) && p.body === n ? p : undefined;
      const name = fn && functionName(fn);
      return name ?? `${server}@${ctx.span(node).line}`;
    }

    function finishUnits() {
      for (const u of units) {
        const o = u.options;
        if (!o) continue;
        const plugins = option(o, 'plugins');
        if (plugins) u.plugins.push(...pluginRefs(ctx, plugins, locals));
        if (u.kind === K.mercurius) u.plugins.push(...(hooks.get(u.key) ?? []));
        if (!SERVES_SCHEMA.has(u.kind) && u.kind !== K.mercurius) continue;
        const schema = option(o, 'schema');
        if (schema) linkSchema(u, schema, 0);
      }
      for (const u of units) {
        const plugins = effectivePlugins(u);
        // A schema from a code-first library (`builder.toSchema()`, type-graphql's `buildSchema`): the server's plugins run for its every operation.
        const schema = u.options && SERVES_SCHEMA.has(u.kind) ? option(u.options, 'schema') : undefined;
        const codeFirst = schema && codeFirstFramework(schema, 0);
        if (codeFirst) for (const p of plugins) ctx.addRegistration({ receiver: codeFirst, type: 'global', ref: p.ref, text: `${u.server} plugin ${p.text}`, line: p.line });
        for (const p of plugins) ctx.addRegistration({ receiver: u.key, type: 'middleware', ref: p.ref, text: `${u.server} plugin ${p.text}`, line: p.line, via: 'plugin' });
        const coveredBy: CoverageRef[] = plugins.map((p) => ({ via: 'plugin', ref: p.ref, text: `${u.server} plugin ${p.text}`, line: p.line }));
        for (const r of resolverExpressions(u)) serve(u, r, coveredBy, 0);
        for (const m of u.schemas) ctx.addRegistration({ receiver: u.key, type: 'mount', ...m });
      }
    }

    /** `schema: …` of a server: a schema unit of this file (inline, or a variable), or one built elsewhere (mounted, carrying the plugins). */
    function linkSchema(server: Unit, expr: ts.Expression, depth: number) {
      const e = skipOuter(expr);
      if (depth > 4) return;
      const inline = findUnit(e);
      if (inline) {
        if (inline !== server) inline.parents.push(server);
        return;
      }
      if (isObjectLiteralExpression(e)) return; // `schema: { typeDefs, resolvers }` (Yoga v2): read as the server's own map
      // A wrapper around a schema of this file: `addMocksToSchema({ schema })`, `applyMiddleware(schema, …)`.
      const inner = isCallExpression(e) && e.arguments.length ? skipOuter(e.arguments[0]) : undefined;
      const innerSchema = inner && isObjectLiteralExpression(inner) ? option(inner, 'schema') : inner;
      if (innerSchema && isIdentifier(innerSchema) && (units.some((u) => u.key === innerSchema.text) || locals.has(innerSchema.text))) return linkSchema(server, innerSchema, depth + 1);
      if (isIdentifier(e)) {
        const named = units.filter((u) => u.key === e.text);
        if (named.length) {
          for (const u of named) if (u !== server) u.parents.push(server);
          return;
        }
        const init = locals.get(e.text);
        if (init && !topLevel.has(e.text)) return linkSchema(server, init, depth + 1);
        if (init && isCallExpression(skipOuter(init)) && !findUnit(skipOuter(init))) return linkSchema(server, init, depth + 1);
      }
      // Built in another module (`import { schema }`, `schema: await buildSchema()`): mounted, so this server's plugins reach its maps.
      const target = isCallExpression(e) ? e.expression : e;
      const ref = ctx.refOf(target);
      const project = ref?.kind === 'binding' && (ref.ref.kind === 'import' ? !ctx.kindOf(target) : isCallExpression(e));
      if (ref && project) server.schemas.push({ ref, text: `schema: ${ctx.text(e).slice(0, 60)}`, line: ctx.span(e).line });
    }

    function codeFirstFramework(expr: ts.Expression, depth: number): string | undefined {
      const e = skipOuter(expr);
      if (isIdentifier(e) && depth < 3) {
        const init = locals.get(e.text);
        return init ? codeFirstFramework(init, depth + 1) : undefined;
      }
      if (!isCallExpression(e)) return undefined;
      if (ctx.kindOf(e.expression) === 'tgql.buildSchema') return 'type-graphql';
      const c = e.expression;
      if (isPropertyAccessExpression(c) && c.name.text === 'toSchema') return 'pothos';
      return undefined;
    }

    function findUnit(e: ts.Expression): Unit | undefined {
      let x: ts.Expression = e;
      // `addSyntheticsToSchema(buildSubgraphSchema(…))`: a wrapper around a schema call.
      for (let i = 0; i < 4 && isCallExpression(x) && !unitByNode.has(x) && x.arguments.length; i++) x = skipOuter(x.arguments[0]);
      return unitByNode.get(x);
    }

    function effectivePlugins(u: Unit, seen = new Set<Unit>()): PluginRef[] {
      if (seen.has(u)) return [];
      seen.add(u);
      return [...u.plugins, ...u.parents.flatMap((p) => effectivePlugins(p, seen))];
    }

    /** Where a unit's maps are: `resolvers`, Yoga v2 `schema: { resolvers }`, `modules: [{ resolvers }]`, `buildSubgraphSchema([{ typeDefs, resolvers }])`, `addResolversToSchema(schema, resolvers)`. */
    function resolverExpressions(u: Unit): ts.Expression[] {
      const out: ts.Expression[] = [];
      const fromOptions = (o: ts.ObjectLiteralExpression) => {
        const r = option(o, 'resolvers');
        if (r) out.push(r);
        const s = option(o, 'schema');
        if (s && isObjectLiteralExpression(s)) fromOptions(s);
        const m = option(o, 'modules');
        if (m && isArrayLiteralExpression(m)) for (const el of m.elements) if (isObjectLiteralExpression(el)) fromOptions(el);
      };
      if (u.options) fromOptions(u.options);
      const args = u.node.arguments ?? [];
      const first = args[0] ? skipOuter(args[0]) : undefined;
      if (u.kind === K.subgraph && first && isArrayLiteralExpression(first)) {
        for (const el of first.elements) if (isObjectLiteralExpression(el)) fromOptions(el);
      }
      if (u.kind === K.addResolvers && args.length >= 2) out.push(args[1]);
      return out;
    }

    /** What a server is given as resolvers: maps written here (targets now), or names of maps written elsewhere (mounted). */
    function serve(u: Unit, expr: ts.Expression, coveredBy: CoverageRef[], depth: number) {
      const e = skipOuter(expr);
      if (depth > 6) return;
      if (isObjectLiteralExpression(e)) {
        if (hasOperationKey(e)) return maps.mapTargets(u.key, e, { coveredBy, server: u.server, root: true });
        for (const p of e.properties) if (isSpreadAssignment(p)) serve(u, p.expression, coveredBy, depth + 1);
        return;
      }
      if (isArrayLiteralExpression(e)) {
        for (const el of e.elements) serve(u, isSpreadElement(el) ? el.expression : el, coveredBy, depth + 1);
        return;
      }
      if (isCallExpression(e) && maps.isMerge(e)) {
        for (const a of e.arguments) serve(u, isSpreadElement(a) ? a.expression : a, coveredBy, depth + 1);
        return;
      }
      if (isIdentifier(e) && !topLevel.has(e.text) && locals.has(e.text)) return serve(u, locals.get(e.text)!, coveredBy, depth + 1);
      maps.mount(u.key, e, undefined, true);
    }
  },
});

function enclosingFunction(n: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (isFunctionDeclaration(p) || isArrowFunction(p) || isFunctionExpression(p) || isMethodDeclaration(p)) return p;
  }
  return undefined;
}

function functionName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (isFunctionDeclaration(fn)) return fn.name?.text;
  const p = fn.parent;
  if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
  return undefined;
}
