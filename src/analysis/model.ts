// The library model: what values imported from known packages are, what their members return, and which
// calls on them emit telemetry. Adapters and emission families each contribute a small table; the walk
// uses the merged table to give expressions a "kind" (`otel.tracer`, `express.app`, …) by where they come
// from, never by variable name alone.

/**
 * Member keys: `name` (property read), `name()` (result of calling a method), `()` (result of calling the
 * value itself), `new` (result of `new Value()`), `:` (the instance kind when the name is used as a type
 * annotation, e.g. `constructor(private logger: Logger)`), `*` (any property not listed: `prisma.<model>`),
 * `*()` (the result of calling any method not listed: chained commands `client.multi().set(k, v).exec()`).
 */
export interface LibraryModel {
  /**
   * Package name (a trailing `/*` matches any subpath or scoped family) → export name (`default`, `*`, named,
   * or a suffix pattern `*Client` for families of exports such as `S3Client`, `SQSClient`) → kind.
   */
  imports: Record<string, Record<string, string>>;
  /** Kind → member key → kind of the result. */
  members: Record<string, Record<string, string>>;
  /** Kind → member key (`name()` or `()`) → emission family, when that call emits telemetry. */
  emits: Record<string, Record<string, string>>;
  /**
   * Kind → member key → kind of the first parameter of a function passed to that call (`startActiveSpan(n, span => …)`);
   * key `:` — of a function declared with that type (`const plugin: FastifyPluginAsync = async (app) => …`).
   */
  callbackParams: Record<string, Record<string, string>>;
  /** Globals available without import (`fetch`, `console`) → kind. */
  globals: Record<string, string>;
}

export type PartialModel = { [K in keyof LibraryModel]?: LibraryModel[K] };

/**
 * Every table is a dictionary without a prototype: lookups use names from analysed code, and `constructor`,
 * `toString` or `__proto__` must find nothing, not Object's own members (a file naming one used to fail with
 * "kind?.startsWith is not a function", found by the fuzz harness).
 */
const table = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

export function emptyModel(): LibraryModel {
  return { imports: table(), members: table(), emits: table(), callbackParams: table(), globals: table() };
}

/** Merge contributions; later entries add members to the same kind rather than replacing it. */
/**
 * The parts merged into one model. The order of the parts does not matter: two parts may describe the same
 * package or kind (a framework's adapter and an emission family), but an entry they both give must agree —
 * one that does not is a bug in an adapter, and an error here rather than a model that depends on the order
 * of the registry.
 */
export function mergeModels(parts: PartialModel[]): LibraryModel {
  const out = emptyModel();
  const set = (where: string, into: Record<string, string>, member: string, kind: string) => {
    const before = into[member];
    if (before !== undefined && before !== kind) throw new Error(`library model conflict: ${where} "${member}" is both "${before}" and "${kind}"`);
    into[member] = kind;
  };
  for (const part of parts) {
    for (const key of ['imports', 'members', 'emits', 'callbackParams'] as const) {
      const src = part[key];
      if (!src) continue;
      for (const [k, v] of Object.entries(src)) {
        const into = (out[key][k] ??= table());
        for (const [member, kind] of Object.entries(v)) set(`${key} of ${k}`, into, member, kind);
      }
    }
    for (const [name, kind] of Object.entries(part.globals ?? {})) set('globals', out.globals, name, kind);
  }
  return out;
}

interface ModelMemo {
  /** `@scope/*` style entries: prefix (`@scope/`) → kinds. */
  prefixes: [string, Record<string, string>][];
  imports: Map<string, Record<string, string> | undefined>;
  /** specifier → export name → kind (misses too). */
  exports: Map<string, Map<string, string | undefined>>;
}
const memos = new WeakMap<LibraryModel, ModelMemo>();
let lastModel: LibraryModel | undefined;
let lastMemo: ModelMemo | undefined;

/** Answers about a model, memoised: they are asked for every identifier that names an import. */
function memoOf(model: LibraryModel): ModelMemo {
  if (model === lastModel) return lastMemo!;
  let memo = memos.get(model);
  if (!memo) {
    const prefixes = Object.entries(model.imports)
      .filter(([pkg]) => pkg.endsWith('/*'))
      .map(([pkg, kinds]): [string, Record<string, string>] => [pkg.slice(0, -1), kinds]);
    memos.set(model, (memo = { prefixes, imports: new Map(), exports: new Map() }));
  }
  lastModel = model;
  lastMemo = memo;
  return memo;
}

/** The kinds a package's exports have, honouring `@scope/*` style prefixes. */
export function importKinds(model: LibraryModel, specifier: string): Record<string, string> | undefined {
  // A relative or absolute path is a module of the project, never a package.
  const c = specifier.charCodeAt(0);
  if (c === 46 /* . */ || c === 47 /* / */) return undefined;
  const m = memoOf(model);
  const memo = m.imports;
  const hit = memo.get(specifier);
  if (hit !== undefined || memo.has(specifier)) return hit;
  let found = model.imports[specifier];
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : undefined;
  if (!found && bare) found = model.imports[bare];
  if (!found) {
    for (const [prefix, kinds] of m.prefixes) {
      if (specifier.startsWith(prefix)) {
        found = kinds;
        break;
      }
    }
  }
  memo.set(specifier, found);
  return found;
}

/** The kind of one export of a package: by exact name, else by a suffix pattern (`*Client`). */
export function exportKind(model: LibraryModel, specifier: string, name: string): string | undefined {
  const kinds = importKinds(model, specifier);
  if (!kinds) return undefined;
  // Own keys only: an import named `constructor` or `toString` must not find Object.prototype members.
  const exact = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
  if (exact !== undefined || name === '*' || name === 'default') return exact;
  const bySpecifier = memoOf(model).exports;
  let names = bySpecifier.get(specifier);
  if (!names) bySpecifier.set(specifier, (names = new Map()));
  if (names.has(name)) return names.get(name);
  let found: string | undefined;
  for (const [key, kind] of Object.entries(kinds)) {
    if (key.length > 1 && key.startsWith('*') && name.endsWith(key.slice(1))) {
      found = kind;
      break;
    }
  }
  names.set(name, found);
  return found;
}
