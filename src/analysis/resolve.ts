// Import resolution without a TypeScript Program: relative paths, `.js` → `.ts` mapping, index files,
// and tsconfig `paths` / `baseUrl` (with `extends`). Only files in the analysed set resolve: a
// specifier that lands elsewhere (node_modules, an excluded folder) is treated as external.
import path from 'node:path';
import fs from 'node:fs';
import { ts } from '#ts';

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

export class ModuleResolver {
  private readonly tsconfigByDir = new Map<string, PathsConfig | null>();
  private readonly cache = new Map<string, string | null>();

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
    if (!cfg) return undefined;
    for (const p of cfg.paths) {
      if (p.wildcard ? specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix) : specifier === p.prefix) {
        const star = p.wildcard ? specifier.slice(p.prefix.length, specifier.length - p.suffix.length) : '';
        for (const t of p.targets) {
          const found = this.tryFile(path.resolve(cfg.pathsBase, t.replace('*', star)));
          if (found) return found;
        }
      }
    }
    if (cfg.baseUrl) return this.tryFile(path.resolve(cfg.baseUrl, specifier));
    return undefined;
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
    if (this.tsconfig) return this.loadTsconfig(path.resolve(this.tsconfig)) ?? undefined;
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
      if (fs.existsSync(candidate)) {
        found = this.loadTsconfig(candidate);
        break;
      }
      const parent = path.dirname(d);
      if (parent === d || fs.existsSync(path.join(d, '.git'))) {
        found = null;
        break;
      }
      d = parent;
    }
    for (const c of chain) this.tsconfigByDir.set(c, found ?? null);
    return found ?? undefined;
  }

  private loadTsconfig(file: string): PathsConfig | null {
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
