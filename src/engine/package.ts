// Where the package lives (for shipped files: rule docs, schemas) and its version.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** The nearest folder with a package.json above this module. */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('check-doctrines: cannot find its package.json');
    dir = parent;
  }
}

/** The package's folder (rule docs, presets, schemas): the one lookup of it, from src and dist alike. */
export const PACKAGE_ROOT = findRoot();
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
export const TOOL_VERSION: string = PACKAGE_JSON.version;
/** package.json `homepage`, when set (SARIF `informationUri`). */
export const TOOL_HOMEPAGE: string | undefined = typeof PACKAGE_JSON.homepage === 'string' ? PACKAGE_JSON.homepage : undefined;

/**
 * Where a rule's documentation is read online, from the package's `homepage`: on GitHub or GitLab (the
 * repository page, `#readme` or not) the rule's file in the repository at the released version's tag
 * (`…/blob/v1.2.0/rules/otel/actor.md`); elsewhere `<homepage>/rules/<id>`. Undefined without a homepage.
 */
export function ruleDocsUrl(id: string, homepage: string | undefined = TOOL_HOMEPAGE, version: string = TOOL_VERSION): string | undefined {
  if (!homepage) return undefined;
  let url: URL;
  try {
    url = new URL(homepage);
  } catch {
    return undefined;
  }
  url.hash = '';
  url.search = '';
  const base = url.href.replace(/\/+$/, '');
  const repo = /^\/[^/]+\/[^/]+$/.test(url.pathname.replace(/\/+$/, ''));
  if (repo && url.hostname === 'github.com') return `${base}/blob/v${version}/rules/${id}.md`;
  if (repo && url.hostname === 'gitlab.com') return `${base}/-/blob/v${version}/rules/${id}.md`;
  return `${base}/rules/${id}`;
}

let stamp: string | undefined;
/**
 * Modification times of the tool's own code, for the cache key: a rebuilt tool (same version, new
 * analysis code) must not reuse summaries made by the old one. About a hundred stats, once per run.
 */
export function codeStamp(): string {
  return (stamp ??= codeStampNow());
}

/** The stamp of the code on disk now (a long-lived process compares it with codeStamp(), what it loaded). */
export function codeStampNow(): string {
  const codeDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const parts: number[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // Code only: declaration files and source maps change with it, and stat'ing them doubled the cost.
      else if (/\.[cm]?[jt]s$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) parts.push(fs.statSync(p).mtimeMs);
    }
  };
  for (const dir of [codeDir, path.join(path.dirname(codeDir), 'rules')]) if (fs.existsSync(dir)) walk(dir);
  return parts.sort().join(',');
}

/**
 * Whether this process has loaded the TypeScript compiler (lib/ts.cjs): a run answered from the result
 * cache never does, and must not load it just to save its code cache.
 */
export function compilerLoaded(): boolean {
  const compiler = path.join(PACKAGE_ROOT, 'lib', 'ts.cjs');
  return Object.prototype.hasOwnProperty.call(createRequire(import.meta.url).cache, compiler);
}
