// Which package of the analysed tree a file belongs to (its nearest package.json), and which packages are
// linked with it through their dependencies. Registered auto-instrumentation patches the libraries of the
// process that registers it: in a monorepo, that is the registering package and the packages it loads (or
// that load it), not every app of the tree.
import path from 'node:path';
import { probeExists, probeRead } from './probe.js';

export interface PackageScope {
  /** Folder of the nearest package.json. */
  dir: string;
  name?: string;
  /** Names in dependencies, devDependencies, peerDependencies, optionalDependencies. */
  deps: Set<string>;
  /**
   * Module paths the package's scripts preload into Node (`node -r ./tracing.js`, `--require`, `--import`,
   * also in `NODE_OPTIONS`), as written.
   */
  preloads: string[];
}

/** Whether folder `inner` lies under folder `outer`. */
export function within(inner: string, outer: string): boolean {
  return inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
}

const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

export class PackageScopes {
  private readonly byDir = new Map<string, PackageScope | null>();
  private readonly byName = new Map<string, PackageScope>();

  /** The package a file belongs to; undefined when no package.json is above it. */
  of(absFile: string): PackageScope | undefined {
    const visited: string[] = [];
    let d = path.dirname(absFile);
    let found: PackageScope | null = null;
    for (;;) {
      const cached = this.byDir.get(d);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(d);
      const file = path.join(d, 'package.json');
      if (probeExists(file)) {
        found = this.read(d, file);
        break;
      }
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
    for (const v of visited) this.byDir.set(v, found);
    return found ?? undefined;
  }

  /**
   * Whether code of package `a` can run in the process of package `b`: the same package (or both outside
   * any package), or one depends on the other, directly or through packages of the tree met so far.
   */
  linked(a: PackageScope | undefined, b: PackageScope | undefined): boolean {
    if (!a || !b) return a === b;
    if (a.dir === b.dir) return true;
    // A workspace root is not loaded by the packages under it: a dependency of the same name is a
    // registry package (an app depending on the npm SDK `acme` in the monorepo named `acme`).
    if (within(a.dir, b.dir) || within(b.dir, a.dir)) return false;
    return this.reaches(a, b) || this.reaches(b, a);
  }

  private reaches(from: PackageScope, to: PackageScope): boolean {
    if (!to.name) return false;
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length) {
      const s = queue.shift()!;
      if (s.deps.has(to.name)) return true;
      for (const n of s.deps) {
        const next = this.byName.get(n);
        if (next && !seen.has(n) && !within(s.dir, next.dir)) {
          seen.add(n);
          queue.push(next);
        }
      }
    }
    return false;
  }

  private read(dir: string, file: string): PackageScope {
    const scope: PackageScope = { dir, deps: new Set(), preloads: [] };
    try {
      const json = JSON.parse(probeRead(file) ?? '') as Record<string, unknown>;
      if (typeof json.name === 'string') scope.name = json.name;
      for (const f of DEP_FIELDS) {
        const deps = json[f];
        if (deps && typeof deps === 'object') for (const n of Object.keys(deps)) scope.deps.add(n);
      }
      const scripts = json.scripts;
      if (scripts && typeof scripts === 'object') {
        for (const cmd of Object.values(scripts)) {
          if (typeof cmd !== 'string') continue;
          for (const m of cmd.matchAll(/(?:^|\s)(?:-r|--require|--import|--loader)[\s=]+["']?([^\s"']+)/g)) scope.preloads.push(m[1]);
        }
      }
    } catch {
      // An unreadable package.json names no package and links to none.
    }
    if (scope.name && !this.byName.has(scope.name)) this.byName.set(scope.name, scope);
    return scope;
  }
}
