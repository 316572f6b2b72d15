// Cloudflare Workers, shared by the http and actor adapters: the handlers of a Worker module — the
// members of its default-export object (`export default { fetch, scheduled, queue, email, tail }`, also
// `satisfies ExportedHandler<Env>`, a named object exported as default, an object handed to a wrapper
// such as `instrument(handler, config)`) and the methods of `WorkerEntrypoint` classes — and, after the
// walk, the `main` module wrangler.toml / wrangler.json(c) names. `fetch` serves requests (http-handler);
// `scheduled`, `queue`, `email`, `tail` and `trace` handle events (actor).
//
// A default-export object is a Worker only in a Worker module: one that imports `cloudflare:workers` or
// `@cloudflare/workers-types`, types the object `ExportedHandler`, or is the `main` of a wrangler config.
// Any other object with a `fetch` member is not.
import path from 'node:path';
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { ConfigDocument, ProjectContext } from '../analysis/framework-config.js';
import { spanAtId } from '../analysis/framework-config.js';
import type { CallRef, CoverageRef, Span, TargetSummary } from '../types.js';
import { classMethods, className } from './util.js';

const {
  isArrowFunction,
  isAsExpression,
  isBlock,
  isCallExpression,
  isClassDeclaration,
  isClassExpression,
  isExportAssignment,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNonNullExpression,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isTypeReferenceNode,
  isVariableStatement,
} = ts;

export const FRAMEWORK = 'cloudflare-workers';
export const WORKER_PACKAGES = ['cloudflare:workers', '@cloudflare/workers-types'];
export const ENTRYPOINT = 'cloudflare.workerEntrypoint';
export const WORKER_MODEL = {
  imports: { 'cloudflare:workers': { WorkerEntrypoint: ENTRYPOINT } },
  members: { 'cloudflare.workers': { WorkerEntrypoint: ENTRYPOINT } },
};

/** Handler members of a Worker and what they serve. */
const HANDLERS: Record<string, 'http-handler' | 'actor'> = { fetch: 'http-handler', scheduled: 'actor', queue: 'actor', email: 'actor', tail: 'actor', trace: 'actor' };
export const handlerKind = (member: string) => HANDLERS[member];

/**
 * Files a Worker's entry module is usually named by (`src/index.ts`, `worker.ts`, Pages' `_worker.js`):
 * the adapter also looks at these when they import nothing, for a default export typed `ExportedHandler`
 * (a global type when `@cloudflare/workers-types` is listed in tsconfig `types`).
 */
export const mayBeWorkerEntry = (relPath: string) => /(?:^|\/)(?:index|worker|_worker|main|server|entry|app)\.[cm]?[jt]sx?$/.test(relPath);

export interface WorkerEntry {
  /** Nothing in the module says Worker: a target only if a wrangler config names the module as its `main`. */
  candidate?: boolean;
  /** `default` for the default export, else the WorkerEntrypoint class name. */
  owner: string;
  member: string;
  handlers: CallRef[];
  span: Span;
  coveredBy?: CoverageRef[];
}

const strip = (e: ts.Expression): ts.Expression =>
  isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || isNonNullExpression(e) ? strip(e.expression) : e;

const memo = new WeakMap<ts.SourceFile, { entries: WorkerEntry[]; examined: boolean }>();
/**
 * The module's Worker handlers; `examined`: it has a default-export handler object, whatever became of its
 * members (a `fetch` that only delegates is none): the project phase then leaves the module to the walk.
 */
export function workerEntries(ctx: ScanContext): { entries: WorkerEntry[]; examined: boolean } {
  let out = memo.get(ctx.sourceFile);
  if (!out) {
    const state = { examined: false };
    const entries = findEntries(ctx, state);
    memo.set(ctx.sourceFile, (out = { entries, examined: state.examined }));
  }
  return out;
}

/** What the walk leaves for the project phase: targets, candidates, and whether it examined the default export. */
export function recordWorkerEntries(ctx: ScanContext, kind: 'http-handler' | 'actor'): void {
  const { entries, examined } = workerEntries(ctx);
  for (const e of entries) {
    if (HANDLERS[e.member] !== kind) continue;
    if (e.candidate) (ctx.summary.candidates ??= []).push(workerTarget(e));
    else ctx.addTarget(workerTarget(e));
  }
  // An empty list still says "examined": the project phase does not read the object again from the summary.
  if (examined) ctx.summary.candidates ??= [];
}

function findEntries(ctx: ScanContext, state: { examined: boolean }): WorkerEntry[] {
  const imported = WORKER_PACKAGES.some((p) => [...ctx.importSpecifiers].some((s) => s === p || s.startsWith(`${p}/`)));
  const topLevel = new Map<string, { init: ts.Expression; type?: ts.TypeNode }>();
  for (const st of ctx.sourceFile.statements) {
    if (!isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) if (isIdentifier(d.name) && d.initializer) topLevel.set(d.name.text, { init: d.initializer, type: d.type });
  }
  const out: WorkerEntry[] = [];
  for (const st of ctx.sourceFile.statements) {
    if (isClassDeclaration(st)) {
      const mods = ts.getModifiers(st) ?? [];
      const exported = mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (exported && isEntrypointClass(st)) out.push(...classEntries(st, isDefault ? 'default' : className(st)));
    } else if (isExportAssignment(st) && !st.isExportEquals) {
      out.push(...defaultExport(st.expression));
    }
  }
  return out;

  function isEntrypointClass(node: ts.ClassLikeDeclaration): boolean {
    return (node.heritageClauses ?? []).some((h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => ctx.kindOf(t.expression) === ENTRYPOINT));
  }

  function classEntries(node: ts.ClassLikeDeclaration, owner: string): WorkerEntry[] {
    return classMethods(node)
      .filter((m) => m.isPublic && HANDLERS[m.name] && !delegates(m.fn))
      .map((m) => ({ owner, member: m.name, handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }], span: ctx.span(m.member) }));
  }

  function defaultExport(expr: ts.Expression): WorkerEntry[] {
    let typedWorker = false;
    let e: ts.Expression = expr;
    const wrappers: CoverageRef[] = [];
    for (let hops = 0; hops < 6; hops++) {
      while (isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || isNonNullExpression(e)) {
        if ((isAsExpression(e) || isSatisfiesExpression(e)) && namesExportedHandler(e.type)) typedWorker = true;
        e = e.expression;
      }
      if (isClassExpression(e)) return isEntrypointClass(e) ? classEntries(e, 'default') : [];
      if (isIdentifier(e)) {
        const local = topLevel.get(e.text);
        if (!local) return [];
        if (namesExportedHandler(local.type)) typedWorker = true;
        e = local.init;
        continue;
      }
      if (isCallExpression(e)) {
        // `export default instrument(handler, config)`, `withSentry(options, handler)`: the object it is given.
        const arg = e.arguments.find((a) => {
          const x = strip(a);
          return isObjectLiteralExpression(x) ? hasHandlerMember(x) : isIdentifier(x) && topLevel.has(x.text) && isObjectLiteralExpression(strip(topLevel.get(x.text)!.init)) && hasHandlerMember(strip(topLevel.get(x.text)!.init) as ts.ObjectLiteralExpression);
        });
        // The wrapper covers the handlers when it emits itself (its callee, not the call: the call's
        // function arguments are the handlers, and one handler's emissions do not cover another).
        const ref = ctx.refOf(e.expression);
        if (!arg) return [];
        if (ref) wrappers.push({ via: 'wrapper', ref, text: ctx.text(e.expression).slice(0, 80), line: ctx.span(e).line });
        e = arg;
        continue;
      }
      break;
    }
    if (!isObjectLiteralExpression(e)) return [];
    if (hasHandlerMember(e)) state.examined = true;
    const entries = objectEntries(e, wrappers);
    return imported || typedWorker ? entries : entries.map((x) => ({ ...x, candidate: true }));
  }

  function hasHandlerMember(o: ts.ObjectLiteralExpression): boolean {
    return o.properties.some((p) => p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) && HANDLERS[p.name.text]);
  }

  function objectEntries(o: ts.ObjectLiteralExpression, coveredBy: CoverageRef[]): WorkerEntry[] {
    const out: WorkerEntry[] = [];
    for (const p of o.properties) {
      const name = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
      if (!name || !HANDLERS[name]) continue;
      let ref: CallRef | undefined;
      let span = ctx.span(p);
      if (isMethodDeclaration(p)) {
        if (delegates(p)) continue;
        ref = { kind: 'fn', id: ctx.fnId(p) };
      } else if (isPropertyAssignment(p)) {
        const v = strip(p.initializer);
        if (isArrowFunction(v) || isFunctionExpression(v)) {
          if (delegates(v)) continue;
          span = ctx.span(v);
        }
        // `fetch: app.fetch` of a framework app (Hono): its routes are the targets.
        if (isPropertyAccessExpression(v) && isApp(v.expression)) continue;
        ref = ctx.refOf(v);
      } else if (isShorthandPropertyAssignment(p)) ref = ctx.refOf(p.name);
      if (ref) out.push({ owner: 'default', member: name, handlers: [ref], span, ...(coveredBy.length ? { coveredBy } : {}) });
    }
    return out;
  }

  /**
   * `fetch(req, env, ctx) { return app.fetch(req, env, ctx); }`: a handler that only hands the request to
   * an app (of a known framework, or imported) whose routes are the targets.
   */
  function delegates(fn: ts.FunctionLikeDeclaration): boolean {
    const body = fn.body;
    if (!body) return false;
    let e: ts.Expression | undefined;
    if (isBlock(body)) {
      if (body.statements.length !== 1 || !isReturnStatement(body.statements[0])) return false;
      e = body.statements[0].expression;
    } else e = body as ts.Expression;
    if (!e) return false;
    e = strip(e);
    if (e.kind === ts.SyntaxKind.AwaitExpression) e = strip((e as ts.AwaitExpression).expression);
    const request = fn.parameters[0]?.name;
    if (!isCallExpression(e) || !request || !isIdentifier(request) || !e.arguments.some((a) => isIdentifier(a) && a.text === request.text)) return false;
    const callee = e.expression;
    if (isPropertyAccessExpression(callee)) return ['fetch', 'handle', 'request'].includes(callee.name.text) && isApp(callee.expression);
    // `return requestHandler(request, …)` with `const requestHandler = createRequestHandler(build)` of a
    // package (React Router, Remix): that framework's route modules are the targets.
    if (!isIdentifier(callee)) return false;
    if (isPackageImport(callee.text)) return true;
    const init = topLevel.get(callee.text)?.init;
    const made = init && strip(init);
    if (!made || !isCallExpression(made)) return false;
    let root: ts.Expression = strip(made.expression);
    while (isPropertyAccessExpression(root)) root = strip(root.expression);
    return isIdentifier(root) && isPackageImport(root.text);
  }

  function isPackageImport(local: string): boolean {
    const imp = ctx.summary.imports[local];
    return !!imp && !imp.specifier.startsWith('.') && !imp.specifier.startsWith('/');
  }

  /** A value of a known library (a Hono app, an itty-router) or one imported from another module (the app defined there). */
  function isApp(e: ts.Expression): boolean {
    const x = strip(e);
    return ctx.kindOf(x) !== undefined || (isIdentifier(x) && !!ctx.summary.imports[x.text]);
  }

  /** `ExportedHandler<Env>` (a global type of @cloudflare/workers-types, or imported from it). */
  function namesExportedHandler(type: ts.TypeNode | undefined): boolean {
    if (!type || !isTypeReferenceNode(type)) return false;
    const n = type.typeName;
    const name = isIdentifier(n) ? n.text : n.right.text;
    return name === 'ExportedHandler';
  }
}

export interface WorkerConfig {
  /** Display name of the worker (`name` in the config). */
  name?: string;
  crons: string[];
  queues: string[];
}

/** The target of a Worker handler. */
export function workerTarget(e: WorkerEntry, config?: WorkerConfig): TargetSummary {
  const kind = HANDLERS[e.member];
  let name = e.owner === 'default' ? `worker ${e.member}` : `${e.owner}.${e.member}`;
  if (config && e.member === 'scheduled' && config.crons.length) name += ` ${config.crons.map((c) => `"${c}"`).join(', ')}`;
  if (config && e.member === 'queue' && config.queues.length) name += ` ${config.queues.join(', ')}`;
  return {
    kind,
    framework: FRAMEWORK,
    name,
    symbol: e.owner === 'default' ? `worker.${e.member}` : `${e.owner}.${e.member}`,
    span: e.span,
    handlers: e.handlers,
    ...(e.coveredBy ? { coveredBy: e.coveredBy } : {}),
    meta: { workerMember: e.member, workerOwner: e.owner },
  };
}

// ------------------------------------------------------------------------------------------------
// After the walk: wrangler.toml / wrangler.json(c)

export { isWranglerFile } from '../analysis/config-files.js';
import { isWranglerFile } from '../analysis/config-files.js';

type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** The Worker's main module among the analysed files (a built `dist/index.js` maps back to `src/index.ts`). */
export function mainModule(p: ProjectContext, doc: ConfigDocument): string | undefined {
  const data = doc.data;
  if (!isObj(data) || typeof data.main !== 'string') return undefined;
  const abs = path.resolve(path.dirname(doc.abs), data.main);
  return p.sourceFile(abs) ?? p.sourceFile(abs.replace(/([/\\])(?:dist|build|out)([/\\])/, '$1src$2'));
}

function workerConfig(data: Json): WorkerConfig {
  const triggers = isObj(data.triggers) ? data.triggers : {};
  const crons = Array.isArray(triggers.crons) ? triggers.crons.filter((c): c is string => typeof c === 'string') : [];
  const queues = isObj(data.queues) && Array.isArray(data.queues.consumers) ? data.queues.consumers.flatMap((c) => (isObj(c) && typeof c.queue === 'string' ? [c.queue] : [])) : [];
  return { name: typeof data.name === 'string' ? data.name : undefined, crons, queues };
}

/**
 * The Workers project hook: the `main` module of each wrangler config is a Worker module. Its default
 * export's handlers become targets when the walk did not already find them (no import said Worker),
 * and scheduled / queue handlers are named after the config's cron triggers and queues.
 */
export function workersProjectHook(p: ProjectContext): void {
  // Several configs may name one module (`wrangler.toml` and `wrangler.staging.toml`): the first one names it.
  const seen = new Set<string>();
  for (const doc of p.configs(isWranglerFile)) {
    if (!isObj(doc.data)) continue;
    const main = mainModule(p, doc);
    if (!main || seen.has(main)) continue;
    seen.add(main);
    const config = workerConfig(doc.data);
    // Default-export handlers the walk kept as candidates: this config confirms them.
    const examined = p.summary(main)?.candidates;
    const candidates = (examined ?? []).filter((t) => t.framework === FRAMEWORK);
    if (candidates.length && !p.targets(main).some((t) => t.framework === FRAMEWORK)) p.setTargets(main, [...p.targets(main), ...candidates]);
    const existing = p.targets(main);
    const ours = existing.filter((t) => t.framework === FRAMEWORK);
    if (ours.length) {
      const renamed = existing.map((t) =>
        t.framework === FRAMEWORK && t.meta?.workerOwner === 'default'
          ? workerTarget({ owner: 'default', member: String(t.meta.workerMember), handlers: t.handlers, span: t.span, coveredBy: t.coveredBy }, config)
          : t,
      );
      p.setTargets(main, renamed);
      continue;
    }
    if (examined) continue;
    // Handlers may be functions of other modules (`queue: queueConsumer` imported): each target goes where its function is.
    for (const { file, entry } of summaryEntries(p, main)) p.setTargets(file, [...p.targets(file), workerTarget(entry, config)]);
  }
}

/**
 * The handlers of a default-export object read from a summary (`export default { fetch, scheduled }`,
 * `export default worker`): members that are functions of the project, with the file each is in.
 * A member that is not a function (`fetch: app.fetch` of a framework app) is that framework's.
 */
function summaryEntries(p: ProjectContext, file: string): { file: string; entry: WorkerEntry }[] {
  const s = p.summary(file);
  const e = s?.exports.default;
  if (!s || !e || e.kind !== 'local') return [];
  const v = s.values[e.name];
  if (!v || v.kind !== 'object') return [];
  const out: { file: string; entry: WorkerEntry }[] = [];
  for (const [member, ref] of Object.entries(v.members)) {
    if (!HANDLERS[member]) continue;
    let at: { file: string; id: string } | undefined;
    if (ref.kind === 'fn') at = { file, id: ref.id };
    else if (ref.kind === 'binding' && ref.ref.kind === 'local') {
      const local = s.values[ref.ref.name];
      if (local?.kind === 'function') at = { file, id: local.id };
    } else if (ref.kind === 'binding' && ref.ref.kind === 'import') {
      const from = p.resolveImport(file, ref.ref.specifier);
      const r = from ? p.resolveExport(from, ref.ref.name) : undefined;
      if (r?.kind === 'function') at = { file: r.file, id: r.fn.id };
    }
    if (at) out.push({ file: at.file, entry: { owner: 'default', member, handlers: [{ kind: 'fn', id: at.id }], span: spanAtId(at.id) } });
  }
  return out;
}
