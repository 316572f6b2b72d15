// Where a module runs, when a framework says so by a directive, a file name or an export: the browser
// (`'use client'`, client entries) or Next's edge runtime. Auto-instrumentation set up for one runtime
// covers only code of that runtime (graph.autoInstrumentation).
import { ts } from '#ts';

const { isExpressionStatement, isStringLiteral, isVariableStatement, isIdentifier } = ts;

/** Does a statement list open with this directive (in its prologue of string-literal statements)? */
export function hasDirective(statements: readonly ts.Statement[], directive: string): boolean {
  for (const st of statements) {
    if (!isExpressionStatement(st) || !isStringLiteral(st.expression)) return false;
    if (st.expression.text === directive) return true;
  }
  return false;
}

/**
 * The browser entry of a framework: Next.js `instrumentation-client.ts` / `sentry.client.config.ts`, Remix
 * `entry.client.tsx`, SvelteKit `hooks.client.ts`.
 */
const CLIENT_ENTRY = /(^|[\\/])(instrumentation-client|sentry\.client\.config|entry\.client|hooks\.client)\.[cm]?[jt]sx?$/;
/** Next's middleware (edge by default), told from an Express `middleware.ts` by its `next/server` import. */
const NEXT_MIDDLEWARE = /(^|[\\/])middleware\.[cm]?[jt]s$/;
const EDGE_CONFIG = /(^|[\\/])sentry\.edge\.config\.[cm]?[jt]s$/;

/** `client` for a `'use client'` module or a client entry; `edge` for Next's edge runtime; undefined otherwise. */
export function moduleRuntime(sf: ts.SourceFile, importSpecifiers: ReadonlySet<string>): 'client' | 'edge' | undefined {
  if (CLIENT_ENTRY.test(sf.fileName) || hasDirective(sf.statements, 'use client')) return 'client';
  if (EDGE_CONFIG.test(sf.fileName) || (NEXT_MIDDLEWARE.test(sf.fileName) && importSpecifiers.has('next/server'))) return 'edge';
  // `export const runtime = 'edge'` in a route segment or API route.
  for (const st of sf.statements) {
    if (!isVariableStatement(st) || !st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of st.declarationList.declarations) {
      if (isIdentifier(d.name) && d.name.text === 'runtime' && d.initializer && isStringLiteral(d.initializer) && /edge$/.test(d.initializer.text)) return 'edge';
    }
  }
  return undefined;
}
