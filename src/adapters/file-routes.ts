// File-based routing, shared by the adapters of frameworks whose routes are files (Next.js, React Router /
// Remix): which files are route modules, the URL a file serves, and what a module exports (read from the
// top-level statements once the walk is done, so every binding is known).
import { ts } from '#ts';
import type { CallRef, Span } from '../types.js';
import type { ScanContext } from '../analysis/plugin.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  canHaveModifiers,
  getModifiers,
  isArrowFunction,
  isAsExpression,
  isCallExpression,
  isClassDeclaration,
  isClassExpression,
  isExportAssignment,
  isExportDeclaration,
  isExpression,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isLiteralExpression,
  isNamedExports,
  isNonNullExpression,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isSatisfiesExpression,
  isStringLiteral,
  isVariableStatement,
} = ts;

const SOURCE_EXT = /\.(?:tsx?|jsx?|mts|cts|mjs|cjs)$/;

/** `relPath.split('/')`, kept for the last path: several adapters ask about each file in turn. */
let lastPath: string | undefined;
let lastSegments: string[] = [];
function segmentsOf(relPath: string): string[] {
  if (relPath !== lastPath) {
    lastPath = relPath;
    lastSegments = relPath.split('/');
  }
  return lastSegments;
}

/**
 * The path segments under a routing root folder (`app`, `pages`, `routes`), the file name last.
 * `src/<root>` wins over a bare `<root>` higher up (`packages/app/src/app/…`); otherwise the first
 * `<root>` folder from the top.
 */
function underRoot(relPath: string, root: string): string[] | undefined {
  if (!relPath.includes(root)) return undefined;
  const parts = segmentsOf(relPath);
  let i = parts.findIndex((s, k) => s === root && k > 0 && parts[k - 1] === 'src' && k < parts.length - 1);
  if (i < 0) i = parts.findIndex((s, k) => s === root && k < parts.length - 1);
  return i < 0 ? undefined : parts.slice(i + 1);
}

/**
 * A Next.js routing root (`pages`, `app`) is a project's top folder or sits directly in its `src/`. One
 * deeper inside a `src/` tree (`web/src/features/evals/pages/`) is a folder of components, not routes.
 * A repository whose top-level `src/` holds one folder per service (`src/frontend/pages/`) is the
 * exception: there `src/<service>` is the project.
 */
function underNextRoot(relPath: string, root: string): string[] | undefined {
  const segs = underRoot(relPath, root);
  if (!segs) return undefined;
  const parts = segmentsOf(relPath);
  const at = parts.length - segs.length - 1;
  const src = parts.lastIndexOf('src', at - 1);
  if (src < 0 || src === at - 1 || (src === 0 && at === 2)) return segs;
  return undefined;
}

// ------------------------------------------------------------------------------------------------
// Next.js

/**
 * The URL of a Next.js app-router file named `route.*` or `page.*`, or undefined when the file is not
 * one. Route groups `(admin)` and parallel-route slots `@modal` do not appear in the URL; intercepting
 * markers `(.)` are dropped; private folders `_lib` opt out of routing.
 */
export function nextAppPath(relPath: string, kind: 'route' | 'page'): string | undefined {
  const segs = underNextRoot(relPath, 'app');
  if (!segs) return undefined;
  const file = segs[segs.length - 1];
  if (!SOURCE_EXT.test(file) || file.replace(SOURCE_EXT, '') !== kind) return undefined;
  const folders = segs.slice(0, -1);
  if (folders.some((s) => s.startsWith('_'))) return undefined;
  const url = folders
    .filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => s.replace(/^(?:\(\.{1,3}\))+/, ''));
  return `/${url.join('/')}`;
}

/** A Next.js pages-router file: its URL, and whether it is an API route or a special file (`_app`, `_document`). */
export function nextPagesPath(relPath: string): { path: string; api: boolean; special: boolean } | undefined {
  const segs = underNextRoot(relPath, 'pages');
  if (!segs || !SOURCE_EXT.test(segs[segs.length - 1])) return undefined;
  const url = [...segs.slice(0, -1), segs[segs.length - 1].replace(SOURCE_EXT, '')];
  if (url[url.length - 1] === 'index') url.pop();
  return { path: `/${url.join('/')}`, api: url[0] === 'api', special: segs.length === 1 && /^_(?:app|document|middleware)$/.test(url[0] ?? '') };
}

/** The URL of a Next.js page file (app-router `page.*`, or a pages-router file other than `_app`, `_document`, `api/`). */
export function nextPageUrl(relPath: string): string | undefined {
  const app = nextAppPath(relPath, 'page');
  if (app !== undefined) return app;
  const pages = nextPagesPath(relPath);
  return pages && !pages.api && !pages.special ? pages.path : undefined;
}

// ------------------------------------------------------------------------------------------------
// React Router (framework mode) / Remix: flat route files under `routes/`

/**
 * For a route module under a `routes/` folder, the URL its file name declares (flat-routes convention:
 * `orders.$id.tsx` → `/orders/:id`, `_index` → index, `_auth.login` → `/login`, `($lang)` → optional,
 * `[.]` escapes); undefined when the file is not a route module there. Only direct children of
 * `routes/`, `routes/<name>/route.*` and files in remix-flat-routes `<name>+/` folders are routes; other
 * files in a route folder are colocated modules.
 */
export function flatRoutePath(relPath: string): string | undefined {
  const segs = underRoot(relPath, 'routes');
  if (!segs) return undefined;
  const file = segs[segs.length - 1];
  if (!SOURCE_EXT.test(file)) return undefined;
  let name: string;
  const folders = segs.slice(0, -1);
  if (segs.length === 1) name = file.replace(SOURCE_EXT, '');
  else if (segs.length === 2 && /^(?:route|index|_index)$/.test(file.replace(SOURCE_EXT, ''))) name = segs[0];
  // remix-flat-routes hybrid routes: a folder named `name+` holds flat routes whose names it prefixes
  // (`_auth+/t.$team+/settings.tsx` is `_auth.t.$team.settings`; `_layout` is the folder's own route).
  else if (folders.every((f) => f.length > 1 && f.endsWith('+'))) name = [...folders.map((f) => f.slice(0, -1)), file.replace(SOURCE_EXT, '')].join('.');
  else return undefined;
  const url: string[] = [];
  for (const raw of splitFlatName(name)) {
    if (raw.escaped) {
      url.push(raw.text);
      continue;
    }
    let seg = raw.text;
    if (seg === '_index' || seg === 'index' || seg.startsWith('_')) continue;
    if (seg.endsWith('_')) seg = seg.slice(0, -1);
    const optional = /^\(.*\)$/.test(seg);
    if (optional) seg = seg.slice(1, -1);
    if (seg === '$') seg = '*';
    else if (seg.startsWith('$')) seg = `:${seg.slice(1)}`;
    url.push(optional ? `${seg}?` : seg);
  }
  return `/${url.join('/')}`;
}

/** `orders.$id` → [orders, $id]; `sitemap[.]xml` → one escaped segment `sitemap.xml`. */
function splitFlatName(name: string): { text: string; escaped: boolean }[] {
  const out: { text: string; escaped: boolean }[] = [];
  let cur = '';
  let escaped = false;
  let inBracket = false;
  for (const c of name) {
    if (c === '[' && !inBracket) inBracket = escaped = true;
    else if (c === ']' && inBracket) inBracket = false;
    else if (c === '.' && !inBracket) {
      out.push({ text: cur, escaped });
      cur = '';
      escaped = false;
    } else cur += c;
  }
  out.push({ text: cur, escaped });
  return out.filter((s) => s.text !== '');
}

/**
 * Where React Router / Remix route modules can live: flat routes under `routes/`, and anything under the
 * `app/` folder (config-based routes in `app/routes.ts` may name any file there). Content decides the rest.
 */
export function mayBeReactRouterModule(relPath: string): boolean {
  return flatRoutePath(relPath) !== undefined || /(?:^|\/)app\//.test(relPath);
}

/** `app/root.tsx` of React Router / Remix: the root route module. */
export function isRootRoute(relPath: string): boolean {
  return /(?:^|\/)app\/root\.(?:tsx|jsx|ts|js)$/.test(relPath);
}

/** What makes `pages/` and `app/` files Next.js routes (TargetSummary.requiresPackage): the package depends on Next. */
export const NEXT_APP: { deps: string[] } = { deps: ['next'] };

/**
 * What makes `app/routes/*` route modules (TargetSummary.requiresPackage): Remix or React Router's
 * framework packages in the package's dependencies, or the framework's files around the `app/` folder the
 * module is in (`app/routes.ts`, `react-router.config.ts` beside `app/`: a preview app configured by
 * `react-router dev --config preview/vite.config.ts` in a package that lists no React Router dependency).
 * Not a `react-router-dom` single-page app whose route table happens to live in a folder of that name.
 */
export function reactRouterFramework(relPath: string): { deps: string[]; files: string[] } {
  const parts = segmentsOf(relPath);
  const app = parts.lastIndexOf('app', parts.length - 2);
  const up = app < 0 ? '' : '../'.repeat(parts.length - 2 - app);
  return {
    deps: ['@remix-run/', '@react-router/'],
    files: [`${up}routes.ts`, `${up}routes.js`, `${up}../react-router.config.ts`, `${up}../react-router.config.js`],
  };
}

/** Packages whose import marks a React Router / Remix module. */
export const REACT_ROUTER_PACKAGES = ['react-router', 'react-router-dom', '@remix-run', '@react-router'];

/** Named exports only a route module has (besides `loader` / `action`). */
const ROUTE_MODULE_EXPORTS = ['loader', 'action', 'clientLoader', 'clientAction', 'meta', 'links', 'headers', 'handle', 'ErrorBoundary', 'HydrateFallback', 'shouldRevalidate'];

/**
 * Is this file a React Router / Remix route module? By place (`routes/…` flat routes, `app/root.*`) when
 * it is a JSX module or exports something only route modules export (an Express `routes/orders.ts` that
 * exports a router is not one); elsewhere under `app/` when it imports the framework (or React Router 7's
 * generated `./+types/…` route types) and exports a route-module export.
 */
export function isReactRouterModule(ctx: ScanContext): boolean {
  const routeExports = ROUTE_MODULE_EXPORTS.some((n) => n in ctx.summary.exports);
  const byPlace = flatRoutePath(ctx.file) !== undefined || isRootRoute(ctx.file);
  if (byPlace && (routeExports || /\.[jt]sx$/.test(ctx.file))) return true;
  const framework = [...ctx.importSpecifiers].some((s) => /(?:^|\/)\+types\//.test(s) || REACT_ROUTER_PACKAGES.some((p) => s === p || s.startsWith(`${p}/`)));
  return framework && routeExports;
}

/** Display name for a React Router route module: its URL when the file name says it, else the file. */
export function reactRouterName(relPath: string): string {
  return flatRoutePath(relPath) ?? (isRootRoute(relPath) ? 'root' : relPath);
}

// ------------------------------------------------------------------------------------------------
// SvelteKit: `src/routes/**/+server.*`, `+page.server.*`, `+layout.server.*`

export type SvelteKitFile = 'server' | 'page' | 'layout';

const SVELTEKIT_FILE = /^\+(server|page\.server|layout\.server)\.(?:ts|js|mts|mjs)$/;

/**
 * A SvelteKit route file under `src/routes/` (the default `kit.files.routes`): which kind it is and the
 * route it serves, from its folders. Route groups `(group)` are not part of the URL; parameters `[id]`,
 * rest `[...rest]`, optional `[[lang]]` and matchers `[id=integer]` stay as written.
 */
export function svelteKitRoute(relPath: string): { file: SvelteKitFile; path: string } | undefined {
  if (!relPath.includes('src/routes/') || !relPath.includes('/+')) return undefined;
  const parts = segmentsOf(relPath);
  const m = SVELTEKIT_FILE.exec(parts[parts.length - 1]);
  if (!m) return undefined;
  const root = parts.findIndex((s, k) => s === 'routes' && k > 0 && parts[k - 1] === 'src');
  if (root < 0) return undefined;
  const url = parts.slice(root + 1, -1).filter((s) => !/^\(.*\)$/.test(s));
  return { file: m[1] === 'server' ? 'server' : m[1] === 'page.server' ? 'page' : 'layout', path: `/${url.join('/')}` };
}

/** `src/hooks.server.{ts,js}`: the server hooks of the SvelteKit app whose `src/` holds it. */
export function isSvelteKitServerHooks(relPath: string): boolean {
  return /(?:^|\/)src\/hooks\.server\.(?:ts|js|mts|mjs)$/.test(relPath);
}

// ------------------------------------------------------------------------------------------------
// Nitro / Nuxt: `server/api/**`, `server/routes/**`, `server/middleware/**`, `server/plugins/**`

const NITRO_FOLDER = /(?:^|\/)(?:api|routes|middleware|plugins)\//;
const NITRO_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'connect', 'trace'];

export interface NitroFile {
  /** `api` / `routes`: a route handler; `middleware`: runs before every route; `plugins`: a Nitro plugin. */
  kind: 'api' | 'routes' | 'middleware' | 'plugins';
  /** In a `server/` folder (Nuxt, or Nitro with `srcDir: 'server'`), rather than a standalone Nitro project's top folder. */
  server: boolean;
  /** The folder whose routes this file's middleware or plugin applies to, relative to the file's folder. */
  appRoot: string;
  /** For routes: the URL (`/api/orders/:id`) and the method its name gives (`GET`), if any. */
  path?: string;
  method?: string;
}

/**
 * A Nitro handler file by place. Nuxt (and Nitro with `srcDir: 'server'`) keep them in `server/api/`,
 * `server/routes/`, `server/middleware/`, `server/plugins/`; a standalone Nitro project has the same
 * folders at its top (`routes/`, `api/`, …), which only the file's content can confirm. A folder of
 * those names directly in `src/`, `pages/` or `app/` belongs to another framework (SvelteKit, Next.js,
 * Astro, Medusa). The file name gives the route: `index` is the folder, `[id]` a parameter (`:id`),
 * `[...slug]` a catch-all (`**:slug`), `(group)` folders are not in the URL, and a `.get` / `.post` …
 * suffix the method (`orders.post.ts` → `POST /api/orders`; an environment suffix `.dev` / `.prod`
 * before it is dropped).
 */
export function nitroFile(relPath: string): NitroFile | undefined {
  if (!NITRO_FOLDER.test(relPath) || !SOURCE_EXT.test(relPath) || relPath.endsWith('.d.ts')) return undefined;
  const parts = segmentsOf(relPath);
  let k = -1;
  for (let i = 0; i < parts.length - 1; i++) {
    const s = parts[i];
    if (s !== 'api' && s !== 'routes' && s !== 'middleware' && s !== 'plugins') continue;
    const parent = parts[i - 1];
    if (parent === 'src' || parent === 'pages' || parent === 'app') continue;
    k = i;
    break;
  }
  if (k < 0) return undefined;
  const kind = parts[k] as NitroFile['kind'];
  const server = parts[k - 1] === 'server';
  const below = parts.length - 1 - k;
  // The app root: the folder holding `server/` (Nuxt, where layers under it share the app), else the
  // folder holding the handler folders.
  const appRoot = Array.from({ length: below + (server ? 1 : 0) }, () => '..').join('/');
  if (kind === 'middleware' || kind === 'plugins') return { kind, server, appRoot };
  const name = parts[parts.length - 1].replace(SOURCE_EXT, '').split('.');
  let method: string | undefined;
  if (name.length > 1 && NITRO_METHODS.includes(name[name.length - 1])) method = name.pop()!.toUpperCase();
  if (name.length > 1 && /^(?:dev|prod|prerender)$/.test(name[name.length - 1])) name.pop();
  const segs = [...parts.slice(k + 1, -1), name.join('.')];
  if (segs[segs.length - 1] === 'index') segs.pop();
  const url = segs
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/\[\.\.\.(\w*)\]/g, (_, p: string) => (p ? `**:${p}` : '**')).replace(/\[(\w+)\]/g, ':$1'));
  return { kind, server, appRoot, path: `${kind === 'api' ? '/api' : ''}/${url.join('/')}`.replace(/^\/api\/$/, '/api'), method };
}

// ------------------------------------------------------------------------------------------------
// Astro: endpoint files under `src/pages/`, `src/middleware.*`

/**
 * The URL of an Astro endpoint file: a `.ts` / `.js` file under `src/pages/` (pages written in `.astro`,
 * `.md` or `.tsx` are not endpoints). `index` is the folder; `rss.xml.ts` serves `/rss.xml`; parameters
 * `[id]` and `[...slug]` stay as written; files and folders starting with `_` are not routed.
 */
export function astroEndpointPath(relPath: string): string | undefined {
  if (!relPath.includes('src/pages/') || !/\.(?:ts|js|mts|mjs)$/.test(relPath) || relPath.endsWith('.d.ts')) return undefined;
  const parts = segmentsOf(relPath);
  const root = parts.findIndex((s, k) => s === 'pages' && k > 0 && parts[k - 1] === 'src');
  if (root < 0) return undefined;
  const segs = [...parts.slice(root + 1, -1), parts[parts.length - 1].replace(/\.(?:ts|js|mts|mjs)$/, '')];
  if (segs.some((s) => s.startsWith('_'))) return undefined;
  if (segs[segs.length - 1] === 'index') segs.pop();
  return `/${segs.join('/')}`;
}

/** Astro middleware: `src/middleware.{ts,js}` or `src/middleware/index.{ts,js}`; the app's `src/` relative to the file's folder. */
export function astroMiddleware(relPath: string): { appRoot: string } | undefined {
  if (/(?:^|\/)src\/middleware\.(?:ts|js|mts|mjs)$/.test(relPath)) return { appRoot: '.' };
  if (/(?:^|\/)src\/middleware\/index\.(?:ts|js|mts|mjs)$/.test(relPath)) return { appRoot: '..' };
  return undefined;
}

// ------------------------------------------------------------------------------------------------
// Medusa v2: `src/api/**/route.{ts,js}`

/**
 * Medusa's API folder in a path: the index of the `api` segment of `src/api/` (the first one), or -1.
 */
function medusaApiRoot(parts: string[]): number {
  return parts.findIndex((s, k) => s === 'api' && k > 0 && parts[k - 1] === 'src');
}

/**
 * The URL of a Medusa v2 API route file `src/api/**\/route.{ts,js}`: `[id]` is a parameter (`:id`),
 * `[...]` a catch-all (`*`); a file or folder starting with `_` is not loaded.
 */
export function medusaRoutePath(relPath: string): string | undefined {
  if (!relPath.includes('src/api/') || !/(?:^|\/)route\.(?:ts|js|mts|mjs)$/.test(relPath)) return undefined;
  const parts = segmentsOf(relPath);
  const root = medusaApiRoot(parts);
  if (root < 0) return undefined;
  const folders = parts.slice(root + 1, -1);
  if (folders.some((s) => s.startsWith('_'))) return undefined;
  return `/${folders.map((s) => s.replace(/\[\.\.\.\]/g, '*').replace(/\[(\w+)\]/g, ':$1')).join('/')}`;
}

/** For a file under Medusa's `src/api/`: the path from the file's folder to `src/api` (`../..`); undefined elsewhere. */
export function medusaApiFolder(relPath: string): string | undefined {
  if (!relPath.includes('src/api/')) return undefined;
  const parts = segmentsOf(relPath);
  const root = medusaApiRoot(parts);
  if (root < 0) return undefined;
  const below = parts.length - 2 - root;
  return below === 0 ? '.' : Array.from({ length: below }, () => '..').join('/');
}

// ------------------------------------------------------------------------------------------------
// What a module exports

export interface ModuleExport {
  /** Exported name (`GET`, `default`, `loader`). */
  name: string;
  /** What runs when the export is used. */
  refs: CallRef[];
  /** Local or declared name, for display (`OrdersPage`, `handler`), when there is one. */
  localName?: string;
  /** Where to report: the exported function when it is in this file, else the export itself. */
  span: Span;
  /** True when the export is a function, a class, or a call (`wrapper(handler)`); false for plain values. */
  callable: boolean;
  /** The function or class node, when the export is declared in this file. */
  declaration?: ts.Node;
  /**
   * The expression the export is bound to in this file, parentheses and type assertions removed
   * (`export const actions = { … } satisfies Actions` → the object literal; `export default handler(fn)` → the call).
   */
  value?: ts.Expression;
}

const unwrap = (e: ts.Expression): ts.Expression =>
  isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || isNonNullExpression(e) ? unwrap(e.expression) : e;

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => (canHaveModifiers(node) ? getModifiers(node) : undefined)?.some((m) => m.kind === kind) ?? false;

/**
 * Every export of the file with what it denotes. Call from a visitor's `end` hook: the walk has then
 * seen every top-level binding. Star re-exports are not listed (their names live in another file).
 */
export function moduleExports(ctx: ScanContext): ModuleExport[] {
  const out: ModuleExport[] = [];
  const topLevel = new Map<string, ts.Node>();
  for (const st of ctx.sourceFile.statements) {
    if ((isFunctionDeclaration(st) || isClassDeclaration(st)) && st.name) topLevel.set(st.name.text, st);
    if (isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (isIdentifier(d.name) && d.initializer) topLevel.set(d.name.text, d.initializer);
        // `const { action, loader } = createRoute(options, handler)`: each name is part of what the call built.
        else if (isObjectBindingPattern(d.name) && d.initializer && isCallExpression(unwrap(d.initializer))) {
          for (const el of d.name.elements) if (!el.dotDotDotToken && isIdentifier(el.name)) topLevel.set(el.name.text, d.initializer);
        }
      }
    }
  }
  /** What a local name or expression denotes, and the node to report on. */
  const describe = (expr: ts.Expression, fallback: ts.Node): Omit<ModuleExport, 'name'> | undefined => {
    const e = unwrap(expr);
    if (isIdentifier(e)) {
      const decl = topLevel.get(e.text);
      if (decl) return { ...describeDeclaration(decl), localName: e.text };
      const ref = ctx.refOf(e);
      return ref ? { refs: [ref], localName: e.text, span: ctx.span(fallback), callable: true } : undefined;
    }
    return describeDeclaration(e, fallback);
  };
  const describeDeclaration = (node: ts.Node, at: ts.Node = node): Omit<ModuleExport, 'name'> => {
    const n = isExpression(node) ? unwrap(node) : node;
    if (isClassDeclaration(n) || isClassExpression(n)) {
      const cls = Object.values(ctx.summary.classes).find((c) => c.span.line === ctx.span(n).line && c.span.column === ctx.span(n).column);
      const refs: CallRef[] = Object.values(cls?.methods ?? {}).map((id) => ({ kind: 'fn', id }));
      return { refs, span: ctx.span(n), callable: true, declaration: n, localName: n.name?.text };
    }
    if (isFunctionDeclaration(n) || isArrowFunction(n) || isFunctionExpression(n)) {
      return { refs: [{ kind: 'fn', id: ctx.fnId(n) }], span: ctx.span(n), callable: true, declaration: n, localName: n.name?.text, ...(isFunctionDeclaration(n) ? {} : { value: n }) };
    }
    const ref = ctx.refOf(n);
    const callable = isCallExpression(n) || (ref !== undefined && !isLiteralExpression(n) && !isObjectLiteralExpression(n));
    return { refs: ref ? [ref] : [], span: ctx.span(at), callable, ...(isExpression(n) ? { value: n } : {}) };
  };

  for (const st of ctx.sourceFile.statements) {
    if ((isFunctionDeclaration(st) || isClassDeclaration(st)) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      const name = hasModifier(st, ts.SyntaxKind.DefaultKeyword) ? 'default' : st.name?.text;
      if (name) out.push({ name, ...describeDeclaration(st) });
    } else if (isVariableStatement(st) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) {
        if (!isIdentifier(d.name) || !d.initializer) continue;
        out.push({ name: d.name.text, ...describeDeclaration(d.initializer, d), localName: d.name.text });
      }
    } else if (isExportAssignment(st)) {
      const r = describe(st.expression, st);
      if (r) out.push({ name: 'default', ...r });
    } else if (isExportDeclaration(st) && st.exportClause && isNamedExports(st.exportClause) && !st.isTypeOnly) {
      const spec = st.moduleSpecifier && isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      for (const el of st.exportClause.elements) {
        if (el.isTypeOnly) continue;
        const local = el.propertyName ?? el.name;
        if (spec) {
          const ref: CallRef = { kind: 'binding', ref: { kind: 'import', specifier: spec, name: local.text } };
          out.push({ name: el.name.text, refs: [ref], span: ctx.span(el), callable: true, localName: local.text === 'default' ? undefined : local.text });
        } else if (isIdentifier(local)) {
          const r = describe(local, el);
          if (r) out.push({ name: el.name.text, ...r, span: r.declaration ? r.span : ctx.span(el) });
        }
      }
    }
  }
  return out;
}
