// Import resolution without a TypeScript Program: relative paths, `.js` → `.ts` mapping, index files,
// workspace packages of a monorepo (by package name, `exports` / `main` mapped back to source),
// and tsconfig `paths` / `baseUrl` (with `extends`). Only files in the analysed set resolve: a
// specifier that lands elsewhere (node_modules, an excluded folder) is treated as external.
import path from 'node:path';
import { ts } from '#ts';
import { probeExists, probeRead } from './probe.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

interface PathsConfig {
  baseUrl?: string;
  pathsBase: string;
  paths: { prefix: string; suffix: string; wildcard: boolean; targets: string[] }[];
}

type PackageJson = Record<string, unknown> & { name?: unknown; exports?: unknown };

/**
 * The targets an `exports` map gives a subpath (`.`, `./server`), every condition in order (which
 * conditions a bundler picks is unknown here; the first that lands on an analysed file wins).
 * Subpath patterns (`./*`) are expanded.
 */
function exportTargets(exports: unknown, subpath: string): string[] {
  if (exports === undefined || exports === null) return [];
  const leaves = (v: unknown, star = ''): string[] => {
    if (typeof v === 'string') return [v.replace(/\*/g, star)];
    if (Array.isArray(v)) return v.flatMap((x) => leaves(x, star));
    if (v && typeof v === 'object') return Object.values(v).flatMap((x) => leaves(x, star));
    return [];
  };
  const isSubpathMap = typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? leaves(exports) : [];
  const map = exports as Record<string, unknown>;
  if (subpath in map) return leaves(map[subpath]);
  for (const [key, v] of Object.entries(map)) {
    const i = key.indexOf('*');
    if (i < 0) continue;
    const prefix = key.slice(0, i);
    const suffix = key.slice(i + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= prefix.length + suffix.length) {
      return leaves(v, subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return [];
}

export class ModuleResolver {
  private readonly tsconfigByDir = new Map<string, PathsConfig | null>();
  private readonly cache = new Map<string, string | null>();
  private readonly tsconfigsRead = new Set<string>();
  private workspace?: Map<string, { dir: string; json: PackageJson }>;
  /** Package folder → dependency name → the tree's package it names by folder (`file:../runner`). */
  private readonly linkedFolders = new Map<string, Map<string, { dir: string; json: PackageJson }>>();
  private readonly nearestDir = new Map<string, string | null>();

  /** @param files absolute paths of every analysed file; @param tsconfig explicit tsconfig, else nearest per file. */
  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly tsconfig?: string,
  ) {}

  resolve(fromFile: string, specifier: string): string | undefined {
    const dir = path.dirname(fromFile);
    const key = `${dir}\0${specifier}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const out = this.resolveUncached(dir, specifier);
    this.cache.set(key, out ?? null);
    return out;
  }

  private resolveUncached(dir: string, specifier: string): string | undefined {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) return this.tryFile(path.resolve(dir, specifier));
    const cfg = this.pathsConfigFor(dir);
    for (const p of cfg?.paths ?? []) {
      if (p.wildcard ? specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix) : specifier === p.prefix) {
        const star = p.wildcard ? specifier.slice(p.prefix.length, specifier.length - p.suffix.length) : '';
        for (const t of p.targets) {
          const found = this.tryFile(path.resolve(cfg!.pathsBase, t.replace('*', star)));
          if (found) return found;
        }
      }
    }
    const base = cfg?.baseUrl ? this.tryFile(path.resolve(cfg.baseUrl, specifier)) : undefined;
    return base ?? this.frameworkAlias(dir, specifier) ?? this.resolveWorkspacePackage(specifier, dir);
  }

  /**
   * Aliases a framework declares in the tsconfig it generates at build time (`.svelte-kit/tsconfig.json`,
   * `.nuxt/tsconfig.json`), which a checkout does not have: SvelteKit's `$lib` is the `src/lib` of the
   * app the importing file is in; in a Nuxt server folder, `~~/` and `@@/` are the app root and `~/` and
   * `@/` the source folder (the root in Nuxt 3, `app/` in Nuxt 4). Used only when the tsconfig found none.
   */
  private frameworkAlias(dir: string, specifier: string): string | undefined {
    const c = specifier.charCodeAt(0);
    if (c !== 36 /* $ */ && c !== 126 /* ~ */ && c !== 64 /* @ */) return undefined;
    if (specifier === '$lib' || specifier.startsWith('$lib/')) {
      for (let d = dir; path.dirname(d) !== d; d = path.dirname(d)) {
        if (path.basename(d) === 'src') return this.tryFile(path.join(d, 'lib', specifier.slice(5)));
      }
      return undefined;
    }
    const m = /^(~~|@@|~|@)\/(.*)$/.exec(specifier);
    if (!m) return undefined;
    for (let d = dir; path.dirname(d) !== d; d = path.dirname(d)) {
      if (path.basename(d) !== 'server') continue;
      const root = path.dirname(d);
      return this.tryFile(path.join(root, m[2])) ?? (m[1].length === 1 ? this.tryFile(path.join(root, 'app', m[2])) : undefined);
    }
    return undefined;
  }

  /**
   * `@org/shared/server` where `@org/shared` is a package of the analysed tree (a monorepo workspace):
   * its `exports` entry for the subpath, else the subpath itself, else `source` / `types` / `module` /
   * `main`, else `src/index`. A target in build output (`./dist/server/index.js`) maps back to the source
   * it was built from (`src/server/index.ts`, or `server/index.ts`) when that is what was analysed.
   */
  private resolveWorkspacePackage(specifier: string, fromDir: string): string | undefined {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const packages = this.workspacePackages();
    // A dependency on a folder under another name (`"@acme/runner": "file:../runner"`, whose package.json says `@acme/nango-runner`).
    const own = this.nearestPackage(fromDir);
    const pkg = (own !== null ? this.linkedFolders.get(own)?.get(name) : undefined) ?? packages.get(name);
    if (!pkg) return undefined;
    const sub = parts.slice(nameLength).join('/');
    for (const t of exportTargets(pkg.json.exports, sub ? `./${sub}` : '.')) {
      const found = this.tryPackageTarget(pkg.dir, t);
      if (found) return found;
    }
    if (sub) return this.tryPackageTarget(pkg.dir, sub);
    for (const field of ['source', 'types', 'typings', 'module', 'main']) {
      const t = pkg.json[field];
      const found = typeof t === 'string' ? this.tryPackageTarget(pkg.dir, t) : undefined;
      if (found) return found;
    }
    return this.tryFile(path.join(pkg.dir, 'src', 'index')) ?? this.tryFile(path.join(pkg.dir, 'index'));
  }

  private tryPackageTarget(dir: string, target: string): string | undefined {
    const rel = target.replace(/^\.\//, '').replace(/\.d\.[cm]?ts$/, '');
    const found = this.tryFile(path.resolve(dir, rel));
    if (found) return found;
    const m = /^(?:dist|build|lib|out)\/(?:(?:esm|cjs|commonjs|module|types)\/)?(.*)$/.exec(rel);
    if (!m) return undefined;
    // Built from `src/` (most packages) or, when the output is `dist/`, from `lib/` (`rootDir: "lib"`).
    const inner = m[1]!.replace(/^(src|lib)\//, '');
    return (
      this.tryFile(path.resolve(dir, 'src', inner)) ??
      (rel.startsWith('lib/') ? undefined : this.tryFile(path.resolve(dir, 'lib', inner))) ??
      this.tryFile(path.resolve(dir, m[1]!))
    );
  }

  /** Package name → folder and package.json, for every package.json that is the nearest one above an analysed file. */
  private workspacePackages(): Map<string, { dir: string; json: PackageJson }> {
    if (this.workspace) return this.workspace;
    const byName = new Map<string, { dir: string; json: PackageJson }>();
    const byDir = new Map<string, { dir: string; json: PackageJson }>();
    const dirs = new Set<string>();
    for (const f of this.files) {
      const d = this.nearestPackage(path.dirname(f));
      if (d) dirs.add(d);
    }
    for (const dir of dirs) {
      this.tsconfigsRead.add(path.join(dir, 'package.json'));
      try {
        const text = probeRead(path.join(dir, 'package.json'));
        if (text === undefined) continue;
        const json = JSON.parse(text) as PackageJson;
        byDir.set(dir, { dir, json });
        if (typeof json.name === 'string' && !byName.has(json.name)) byName.set(json.name, { dir, json });
      } catch {
        // An unreadable package.json names no package.
      }
    }
    // Dependencies on folders of the tree (`file:` / `link:`), under the name the dependent package uses.
    for (const { dir, json } of byDir.values()) {
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        const deps = json[field];
        if (!deps || typeof deps !== 'object') continue;
        for (const [dep, spec] of Object.entries(deps as Record<string, unknown>)) {
          if (typeof spec !== 'string' || !/^(file|link):/.test(spec)) continue;
          const target = byDir.get(path.resolve(dir, spec.replace(/^(file|link):/, '')));
          if (!target) continue;
          let m = this.linkedFolders.get(dir);
          if (!m) this.linkedFolders.set(dir, (m = new Map()));
          m.set(dep, target);
        }
      }
    }
    return (this.workspace = byName);
  }

  /** The folder of the package.json nearest above a folder (not past a `.git`), memoised. */
  private nearestPackage(d: string): string | null {
    const hit = this.nearestDir.get(d);
    if (hit !== undefined) return hit;
    let out: string | null = null;
    if (probeExists(path.join(d, 'package.json'))) out = d;
    else if (!probeExists(path.join(d, '.git')) && path.dirname(d) !== d) out = this.nearestPackage(path.dirname(d));
    this.nearestDir.set(d, out);
    return out;
  }

  private tryFile(base: string): string | undefined {
    if (this.files.has(base)) return base;
    const ext = path.extname(base);
    for (const alt of JS_TO_TS[ext] ?? []) {
      const c = base.slice(0, -ext.length) + alt;
      if (this.files.has(c)) return c;
    }
    for (const e of EXTENSIONS) if (this.files.has(base + e)) return base + e;
    for (const e of EXTENSIONS) {
      const c = path.join(base, `index${e}`);
      if (this.files.has(c)) return c;
    }
    return undefined;
  }

  private pathsConfigFor(dir: string): PathsConfig | undefined {
    if (this.tsconfig) {
      if (!this.tsconfigByDir.has('')) this.tsconfigByDir.set('', this.loadTsconfig(path.resolve(this.tsconfig)));
      return this.tsconfigByDir.get('') ?? undefined;
    }
    const chain: string[] = [];
    let d = dir;
    let found: PathsConfig | null | undefined;
    for (;;) {
      if (this.tsconfigByDir.has(d)) {
        found = this.tsconfigByDir.get(d);
        break;
      }
      chain.push(d);
      const candidate = path.join(d, 'tsconfig.json');
      if (probeExists(candidate)) {
        found = this.loadTsconfig(candidate);
        break;
      }
      const parent = path.dirname(d);
      if (parent === d || probeExists(path.join(d, '.git'))) {
        found = null;
        break;
      }
      d = parent;
    }
    for (const c of chain) this.tsconfigByDir.set(c, found ?? null);
    return found ?? undefined;
  }

  /** The tsconfig files, and the package.json files of workspace packages, read so far (their changes change resolution). */
  tsconfigFiles(): string[] {
    return [...this.tsconfigsRead].sort();
  }

  private loadTsconfig(file: string): PathsConfig | null {
    this.tsconfigsRead.add(file);
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error || !read.config) return null;
    // A host that lists no directories: we want compilerOptions (with `extends` applied), not a file glob.
    const host: ts.ParseConfigHost = {
      useCaseSensitiveFileNames: true,
      readDirectory: () => [],
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
    };
    const parsed = ts.parseJsonConfigFileContent(read.config, host, path.dirname(file), undefined, file);
    const o = parsed.options;
    const pathsBase = (o.pathsBasePath as string | undefined) ?? o.baseUrl ?? path.dirname(file);
    const paths = Object.entries(o.paths ?? {}).map(([pattern, targets]) => {
      const i = pattern.indexOf('*');
      return {
        prefix: i < 0 ? pattern : pattern.slice(0, i),
        suffix: i < 0 ? '' : pattern.slice(i + 1),
        wildcard: i >= 0,
        targets,
      };
    });
    // Longest prefix first, as TypeScript does.
    paths.sort((a, b) => b.prefix.length - a.prefix.length);
    return { baseUrl: o.baseUrl, pathsBase, paths };
  }
}
