// Config discovery (cosmiconfig) and validation (ajv against schemas/config.schema.json).
// Every problem the user can fix is a UsageError with a single-line message naming the file and the key.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { cosmiconfig } from 'cosmiconfig';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../engine/package.js';
import type { Severity } from '../types.js';
import type { FileRouteSetting, ResolvedConfig, RuleSetting } from './types.js';
import { loadRegistry, type RegistryNames } from './registry.js';

export interface LoadConfigOptions {
  /** Directory the search starts from (upward, stopping at the nearest package.json). */
  cwd: string;
  /** Load exactly this file instead of searching (relative to cwd). */
  configPath?: string;
  knownPillars: string[];
  knownRules: Map<string, { optionsSchema?: object }>;
}

export const MODULE_NAME = 'doctrines';

export const SEARCH_PLACES = [
  'package.json',
  `.${MODULE_NAME}rc`,
  `.${MODULE_NAME}rc.json`,
  `.${MODULE_NAME}rc.yaml`,
  `.${MODULE_NAME}rc.yml`,
  `${MODULE_NAME}.config.js`,
  `${MODULE_NAME}.config.mjs`,
  `${MODULE_NAME}.config.cjs`,
  `${MODULE_NAME}.config.ts`,
];

const SEVERITIES: readonly Severity[] = ['off', 'warn', 'error'];

/** The `recommended` config: what applies with no config file. */
export function defaultConfig(): ResolvedConfig {
  return {
    filepath: undefined,
    pillars: ['otel'],
    include: [],
    exclude: [],
    defaultIgnores: true,
    maxFileSize: 1048576,
    callDepth: 3,
    rules: {},
    telemetry: { emitters: [], decorators: [], wrappers: [], spanEnders: [] },
    actors: { baseClasses: [], decorators: [] },
    ui: { components: [] },
    http: { fileRoutes: [] },
  };
}

export async function loadConfig(opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const explorer = configExplorer();

  let result: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  if (opts.configPath !== undefined) {
    const file = path.resolve(opts.cwd, opts.configPath);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new UsageError(`config file not found: ${file}`);
    }
    if (!stat.isFile()) throw new UsageError(`config path is not a file: ${file}`);
    result = await loadFile(explorer, file);
  } else {
    try {
      result = await explorer.search(path.resolve(opts.cwd));
    } catch (err) {
      throw loadError(err, undefined);
    }
    if (result === null) return defaultConfig();
  }

  const layers = await loadLayers(explorer, result, opts, []);
  return resolve(mergeLayers(layers.map((l) => l.config)), result.filepath, layers.slice(0, -1).map((l) => l.file));
}

type Explorer = ReturnType<typeof cosmiconfig>;

function configExplorer(): Explorer {
  return cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    packageProp: MODULE_NAME,
    searchStrategy: 'project',
    cache: false,
    loaders: { '.js': importJs, '.mjs': importJs, '.cjs': importJs, '.json': loadJsonc, '.ts': loadTs },
  });
}

/** One config file loaded (package.json: its `doctrines` key, which must be there). */
async function loadFile(explorer: Explorer, file: string): Promise<{ config: unknown; filepath: string; isEmpty?: boolean }> {
  let result: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  try {
    result = await explorer.load(file);
  } catch (err) {
    throw loadError(err, file);
  }
  // Only happens for a package.json without the `doctrines` key.
  if (result === null) throw new UsageError(`no "${MODULE_NAME}" key in ${file}`);
  return result;
}

const labelOf = (filepath: string) => (path.basename(filepath) === 'package.json' ? `${filepath}#${MODULE_NAME}` : filepath);

interface Layer {
  file: string;
  config: Record<string, unknown>;
}

/**
 * A config file and what it extends, each checked on its own (so an error names the file it is in), in merge
 * order: the `extends` entries depth-first and in order, then the file itself.
 */
async function loadLayers(
  explorer: Explorer,
  result: { config: unknown; filepath: string; isEmpty?: boolean },
  opts: LoadConfigOptions,
  chain: string[],
): Promise<Layer[]> {
  const filepath = result.filepath;
  const raw = result.isEmpty || result.config === undefined || result.config === null ? {} : result.config;
  const user = checkLayer(raw, labelOf(filepath), opts);
  if (typeof user.tsconfig === 'string') user.tsconfig = path.resolve(path.dirname(filepath), user.tsconfig);
  const telemetryUser = user.telemetry as { registry?: unknown } | undefined;
  if (typeof telemetryUser?.registry === 'string') {
    // Read here, where the file naming it is known: a missing or malformed registry is a config error.
    user.telemetry = { ...telemetryUser, registry: loadRegistry(path.resolve(path.dirname(filepath), telemetryUser.registry), labelOf(filepath)) };
  }
  const wrapper = (user.fix as { wrapper?: { module: string; name: string } } | undefined)?.wrapper;
  if (wrapper && (wrapper.module.startsWith('./') || wrapper.module.startsWith('../'))) user.fix = { wrapper: { ...wrapper, module: path.resolve(path.dirname(filepath), wrapper.module) } };
  const parents: Layer[] = [];
  const specs = user.extends === undefined ? [] : typeof user.extends === 'string' ? [user.extends] : (user.extends as string[]);
  for (const spec of specs) {
    const file = resolveExtends(spec, filepath);
    if (file === filepath || chain.includes(file)) {
      const cycle = [...chain, filepath, file].slice([...chain, filepath].indexOf(file)).map((f) => path.basename(f));
      throw new UsageError(oneLine(`invalid config in ${labelOf(filepath)}: "extends" makes a cycle (${cycle.join(' -> ')})`));
    }
    parents.push(...(await loadLayers(explorer, await loadFile(explorer, file), opts, [...chain, filepath])));
  }
  return [...parents, { file: filepath, config: user }];
}

/** The presets this package ships, by their `extends` names. */
export const PRESETS = ['recommended', 'strict', 'datadog', 'sentry'] as const;
const PRESET_PREFIX = 'check-doctrines/';

/**
 * An `extends` entry as a file: a shipped preset (`check-doctrines/strict`, found in this package whether or
 * not the project installed it), a path relative to the config that names it (`./base.json`; the extension
 * may be left out), or a package (resolved from the config's folder, as `require` would).
 */
function resolveExtends(spec: string, from: string): string {
  const fail = (msg: string): never => {
    throw new UsageError(oneLine(`invalid config in ${labelOf(from)}: "extends" entry "${spec}" ${msg}`));
  };
  if (spec.startsWith(PRESET_PREFIX)) {
    const name = spec.slice(PRESET_PREFIX.length);
    if (!(PRESETS as readonly string[]).includes(name)) {
      fail(`is not a preset of check-doctrines (presets: ${PRESETS.map((p) => PRESET_PREFIX + p).join(', ')})${suggest(spec, PRESETS.map((p) => PRESET_PREFIX + p))}`);
    }
    return path.join(PACKAGE_ROOT, 'presets', `${name}.json`);
  }
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const base = path.resolve(path.dirname(from), spec);
    for (const candidate of [base, ...['.json', '.jsonc', '.yaml', '.yml', '.js', '.mjs', '.cjs', '.ts'].map((e) => base + e)]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    return fail(`names no file (${base})`);
  }
  try {
    return createRequire(from).resolve(spec);
  } catch {
    return fail(`is not a package installed where ${path.basename(from)} is (or, for a file, start it with ./)`);
  }
}

/** Keys whose lists add up across `extends` (what counts as telemetry, actors, UI, file routes, excludes). */
const ADDITIVE: Record<string, true | string[]> = {
  exclude: true,
  telemetry: ['emitters', 'decorators', 'wrappers', 'spanEnders'],
  actors: ['baseClasses', 'decorators'],
  ui: ['components'],
  http: ['fileRoutes'],
};

/**
 * Layers merged in order: settings and `pillars` / `include` are replaced by later layers; a rule's severity is
 * replaced and its options kept unless the later layer gives options (as in ESLint); additive lists are joined
 * without duplicates.
 */
function mergeLayers(layers: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const union = (a: unknown, b: unknown) => {
    const seen = new Set<string>();
    return [...((a as unknown[] | undefined) ?? []), ...((b as unknown[] | undefined) ?? [])].filter((v) => {
      const k = JSON.stringify(v);
      return !seen.has(k) && !!seen.add(k);
    });
  };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (key === 'extends' || key === '$schema') continue;
      const additive = ADDITIVE[key];
      if (key === 'rules') {
        const rules = { ...((out.rules as Record<string, RuleSetting> | undefined) ?? {}) };
        for (const [id, setting] of Object.entries(value as Record<string, RuleSetting>)) {
          const [severity, options] = typeof setting === 'string' ? [setting, undefined] : setting;
          const before = rules[id];
          const kept = options ?? (Array.isArray(before) ? before[1] : undefined);
          rules[id] = kept ? [severity, kept] : severity;
        }
        out.rules = rules;
      } else if (additive === true) {
        out[key] = union(out[key], value);
      } else if (additive) {
        const merged = { ...((out[key] as Record<string, unknown> | undefined) ?? {}) };
        for (const [sub, v] of Object.entries(value as Record<string, unknown>)) {
          if (v !== undefined) merged[sub] = additive.includes(sub) ? union(merged[sub], v) : v;
        }
        out[key] = merged;
      } else {
        out[key] = value;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validation and resolution

/** One config file's contents checked: the schema, then known pillars, known rules and each rule's options. */
function checkLayer(raw: unknown, label: string, opts: LoadConfigOptions): Record<string, unknown> {
  const fail = (msg: string): never => {
    throw new UsageError(oneLine(`invalid config in ${label}: ${msg}`));
  };

  if (!isPlainObject(raw)) fail(`the config must be an object (key: value pairs), got ${show(raw)}`);
  const user = { ...(raw as Record<string, unknown>) };

  const validate = configValidator();
  if (!validate(user)) {
    const problem = describeConfigError(validate.errors ?? [], user);
    fail(problem);
  }

  // Semantic checks the schema cannot express: known pillars, known rules, rule options.
  for (const p of (user.pillars as string[] | undefined) ?? []) {
    if (!opts.knownPillars.includes(p)) {
      fail(`unknown pillar "${p}" in "pillars" (known: ${listOf(opts.knownPillars)})${suggest(p, opts.knownPillars)}`);
    }
  }
  const knownIds = [...opts.knownRules.keys()];
  for (const [id, setting] of Object.entries((user.rules ?? {}) as Record<string, RuleSetting>)) {
    const known = opts.knownRules.get(id);
    if (!known) fail(`unknown rule "${id}" in "rules" (known: ${listOf(knownIds)})${suggest(id, knownIds)}`);
    const options = typeof setting === 'string' ? undefined : setting[1];
    if (options !== undefined && known!.optionsSchema) {
      const problem = checkRuleOptions(known!.optionsSchema, options, id);
      if (problem) fail(problem);
    }
  }
  return user;
}

/** The merged config with defaults filled in (`tsconfig` is already absolute). */
function resolve(user: Record<string, unknown>, filepath: string, extendsFiles: string[]): ResolvedConfig {
  const rules: ResolvedConfig['rules'] = {};
  for (const [id, setting] of Object.entries((user.rules ?? {}) as Record<string, RuleSetting>)) {
    const [severity, options] = typeof setting === 'string' ? [setting, undefined] : setting;
    rules[id] = [severity, { ...(options ?? {}) }];
  }
  const pillars = user.pillars as string[] | undefined;
  const telemetry = (user.telemetry ?? {}) as Record<string, string[] | undefined> & { registry?: RegistryNames };
  const actors = (user.actors ?? {}) as Record<string, string[] | undefined>;
  const ui = (user.ui ?? {}) as Record<string, string[] | undefined>;
  const http = (user.http ?? {}) as { fileRoutes?: FileRouteSetting[] };
  const d = defaultConfig();
  return {
    filepath,
    ...(extendsFiles.length ? { extends: extendsFiles } : {}),
    pillars: pillars ? [...new Set(pillars)] : d.pillars,
    include: [...((user.include as string[] | undefined) ?? d.include)],
    exclude: [...((user.exclude as string[] | undefined) ?? d.exclude)],
    defaultIgnores: (user.defaultIgnores as boolean | undefined) ?? d.defaultIgnores,
    maxFileSize: (user.maxFileSize as number | undefined) ?? d.maxFileSize,
    callDepth: (user.callDepth as number | undefined) ?? d.callDepth,
    ...(typeof user.tsconfig === 'string' ? { tsconfig: user.tsconfig } : {}),
    ...((user.fix as ResolvedConfig['fix'])?.wrapper ? { fix: { wrapper: { ...(user.fix as Required<NonNullable<ResolvedConfig['fix']>>).wrapper } } } : {}),
    rules,
    telemetry: {
      emitters: [...(telemetry.emitters ?? [])],
      decorators: [...(telemetry.decorators ?? [])],
      wrappers: [...(telemetry.wrappers ?? [])],
      spanEnders: [...(telemetry.spanEnders ?? [])],
      ...(telemetry.registry ? { registry: telemetry.registry } : {}),
    },
    actors: { baseClasses: [...(actors.baseClasses ?? [])], decorators: [...(actors.decorators ?? [])] },
    ui: { components: [...(ui.components ?? [])] },
    http: {
      fileRoutes: (http.fileRoutes ?? []).map((r) => ({
        files: typeof r.files === 'string' ? [r.files] : [...r.files],
        exports: [...(r.exports ?? DEFAULT_FILE_ROUTE_EXPORTS)],
        framework: r.framework ?? DEFAULT_FILE_ROUTE_FRAMEWORK,
      })),
    },
  };
}

/** What `http.fileRoutes` entries default to: the default export, of a framework called `configured`. */
export const DEFAULT_FILE_ROUTE_EXPORTS = ['default'];
export const DEFAULT_FILE_ROUTE_FRAMEWORK = 'configured';

/** Turn the (first) schema error on the whole config into one readable sentence. */
function describeConfigError(errors: ErrorObject[], user: Record<string, unknown>): string {
  // With allErrors off, the error that decided the outcome is the last one (an anyOf after its branches).
  const err = errors[errors.length - 1];
  if (!err) return 'does not match the config schema';
  const segs = pointerSegments(err.instancePath);
  if (segs[0] === 'rules' && segs.length >= 2) {
    const id = segs[1]!;
    const problem = ruleSettingProblem(id, (user.rules as Record<string, unknown>)[id]);
    if (problem) return problem;
  }
  return describeError(err, segs, {
    label: (s) => `"${dotted(s, user)}"`,
    unknown: (s, key) => `unknown key "${dotted([...s, key], user)}"`,
  });
}

/** Problems with a `rules` entry's shape, in the user's terms. */
function ruleSettingProblem(id: string, value: unknown): string | undefined {
  const where = `rules[${JSON.stringify(id)}]`;
  const sevProblem = (sev: unknown): string | undefined => {
    if (typeof sev === 'string' && (SEVERITIES as readonly string[]).includes(sev)) return undefined;
    const hint =
      typeof sev === 'number' && sev >= 0 && sev <= 2
        ? ` (numeric severities are not supported; use "${SEVERITIES[sev]}")`
        : '';
    return `${where} severity must be one of ${SEVERITIES.join(', ')}, got ${show(sev)}${hint}`;
  };
  if (Array.isArray(value)) {
    if (value.length < 1 || value.length > 2) {
      return `${where} must be a severity (${SEVERITIES.join(', ')}) or [severity] or [severity, options], got ${show(value)}`;
    }
    const p = sevProblem(value[0]);
    if (p) return p;
    if (value.length === 2 && !isPlainObject(value[1])) {
      return `${where} options (second item) must be an object, got ${show(value[1])}`;
    }
    return undefined;
  }
  if (typeof value === 'string' || typeof value === 'number') return sevProblem(value);
  return `${where} must be a severity (${SEVERITIES.join(', ')}) or [severity] or [severity, options], got ${show(value)}`;
}

function checkRuleOptions(schema: object, options: Record<string, unknown>, id: string): string | undefined {
  let validate: ValidateFunction;
  try {
    validate = optionsValidator(schema);
  } catch (err) {
    // A broken rule schema is a bug in the rule, not the user's config.
    throw new Error(`rule "${id}" has an invalid optionsSchema: ${(err as Error).message}`);
  }
  if (validate(options)) return undefined;
  const errors = validate.errors ?? [];
  const err = errors[errors.length - 1];
  const where = `rules[${JSON.stringify(id)}]`;
  if (!err) return `${where} options do not match the rule's schema`;
  const segs = pointerSegments(err.instancePath);
  return describeError(err, segs, {
    label: (s) => (s.length ? `${where} option "${dotted(s, options)}"` : `${where} options`),
    unknown: (s, key) => `${where} unknown option "${dotted([...s, key], options)}"`,
  });
}

interface Labels {
  /** How to name the value at these segments. */
  label: (segs: string[]) => string;
  /** How to name an unknown key below these segments. */
  unknown: (segs: string[], key: string) => string;
}

function describeError(err: ErrorObject, segs: string[], names: Labels): string {
  const schema = (err.parentSchema ?? {}) as Record<string, unknown>;
  const got = show(err.data);
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((schema.properties as object | undefined) ?? {});
      return `${names.unknown(segs, key)}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}${suggest(key, allowed)}`;
    }
    case 'required': {
      const key = String((err.params as { missingProperty: string }).missingProperty);
      return `${names.label([...segs, key])} is required`;
    }
    case 'type':
    case 'enum':
    case 'const':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
    case 'anyOf':
    case 'oneOf': {
      const what = describeSchema(schema);
      if (what) return `${names.label(segs)} must be ${what}, got ${got}`;
      return `${names.label(segs)} ${err.message ?? 'is invalid'}, got ${got}`;
    }
    default:
      return `${names.label(segs)} ${err.message ?? 'is invalid'}, got ${got}`;
  }
}

/** A short English description of what a (sub)schema accepts, e.g. `an integer >= 0`. */
function describeSchema(schema: Record<string, unknown>, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  if (Array.isArray(schema.enum)) {
    return `one of ${schema.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
  }
  if ('const' in schema) return JSON.stringify(schema.const);
  const alts = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (Array.isArray(alts)) {
    const parts = alts.map((s) => describeSchema(s, depth + 1));
    if (parts.every((p): p is string => !!p)) return parts.join(' or ');
    return undefined;
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type as string] : [];
  if (!types.length) return undefined;
  return types.map((t) => describeType(t, schema, depth)).join(' or ');
}

function describeType(t: string, schema: Record<string, unknown>, depth: number): string {
  const bounds = () => {
    const b: string[] = [];
    if (typeof schema.minimum === 'number') b.push(`>= ${schema.minimum}`);
    if (typeof schema.exclusiveMinimum === 'number') b.push(`> ${schema.exclusiveMinimum}`);
    if (typeof schema.maximum === 'number') b.push(`<= ${schema.maximum}`);
    if (typeof schema.exclusiveMaximum === 'number') b.push(`< ${schema.exclusiveMaximum}`);
    return b.length ? ` ${b.join(' and ')}` : '';
  };
  switch (t) {
    case 'integer':
      return `an integer${bounds()}`;
    case 'number':
      return `a number${bounds()}`;
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'object':
      return 'an object';
    case 'array': {
      const items = schema.items;
      if (items && typeof items === 'object' && !Array.isArray(items)) {
        const it = items as Record<string, unknown>;
        const plural: Record<string, string> = {
          string: 'strings',
          integer: 'integers',
          number: 'numbers',
          boolean: 'booleans',
          object: 'objects',
        };
        if (typeof it.type === 'string' && plural[it.type] && !it.enum) return `an array of ${plural[it.type]}`;
        const inner = describeSchema(it, depth + 1);
        if (inner) return `an array whose items are ${inner}`;
      }
      return 'an array';
    }
    default:
      return t;
  }
}

// ---------------------------------------------------------------------------------------------
// Schema loading

let cachedValidator: ValidateFunction | undefined;

export function configSchemaPath(): string {
  return path.join(PACKAGE_ROOT, 'schemas', 'config.schema.json');
}

/**
 * ajv, loaded on first use: a run without a config file validates nothing, and loading ajv measured about
 * 30 ms of start-up, paid by every run (and every pre-commit hook).
 */
let ajvClass: typeof AjvInstance | undefined;
function newAjv(options: ConstructorParameters<typeof AjvInstance>[0]): AjvInstance {
  ajvClass ??= (createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvInstance }).Ajv;
  return new ajvClass(options);
}

function configValidator(): ValidateFunction {
  if (!cachedValidator) {
    const schema = JSON.parse(fs.readFileSync(configSchemaPath(), 'utf8')) as { properties: Record<string, object> };
    // The shipped schema lists every rule id with its options, for editors; here rule ids and options are
    // checked after the structure (resolveRules), with messages that name the known rules and the option.
    schema.properties.rules = { type: 'object', additionalProperties: { $ref: '#/definitions/ruleSetting' } };
    const ajv = newAjv({ allErrors: false, verbose: true, strictTuples: false });
    cachedValidator = ajv.compile(schema);
  }
  return cachedValidator;
}

const optionsValidators = new WeakMap<object, ValidateFunction>();
let optionsAjv: AjvInstance | undefined;

function optionsValidator(schema: object): ValidateFunction {
  let v = optionsValidators.get(schema);
  if (!v) {
    optionsAjv ??= newAjv({ allErrors: false, verbose: true, strict: false });
    v = optionsAjv.compile(schema);
    optionsValidators.set(schema, v);
  }
  return v;
}

/**
 * JS configs are loaded with a plain `import()`: cosmiconfig's loader falls back to `require()` when the import
 * fails, which replaces a config's own error (a syntax error, a throw) with an unrelated one. The mtime query
 * makes a changed file load fresh in a long-lived process.
 */
async function importJs(filepath: string): Promise<unknown> {
  const url = pathToFileURL(fs.realpathSync(filepath));
  url.search = `mtime=${fs.statSync(filepath).mtimeMs}`;
  const mod = (await import(url.href)) as { default?: unknown };
  return mod.default;
}

/**
 * `doctrines.config.ts` (and TypeScript files it imports or `extends` names), loaded with jiti, as ESLint loads
 * `eslint.config.ts`: the project needs no TypeScript of its own, `.ts` imports without an extension resolve,
 * nothing is written beside the config, and no module cache is kept, so an edited config loads fresh in a
 * long-lived process. A syntax error names its line and column.
 */
async function loadTs(filepath: string): Promise<unknown> {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  try {
    return await jiti.import(filepath, { default: true });
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    // jiti's parse errors end with `<file>:<line>:<column>`.
    const at = /:(\d+):(\d+)\s*$/.exec(message);
    if (!at || !/Error/.test(message.split('\n')[0] ?? '')) throw err;
    const what = message.split('\n')[0].replace(/^\w*Error:\s*/, '').trim();
    throw Object.assign(new Error(`TypeScript Error in ${filepath}:\n${what} at line ${at[1]}, column ${at[2]}`), { filepath });
  }
}

/**
 * JSON configs accept comments and trailing commas, as ESLint's, Biome's and TypeScript's do (`.doctrinesrc.json`;
 * package.json is read the same way). A syntax error names its line and column.
 */
async function loadJsonc(filepath: string, content: string): Promise<unknown> {
  const { parse, printParseErrorCode } = await import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  const value = parse(content, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length) {
    const e = errors[0];
    const before = content.slice(0, e.offset).split(/\r?\n/);
    const err = new Error(`JSON Error in ${filepath}:\n${printParseErrorCode(e.error)} at line ${before.length}, column ${before[before.length - 1].length + 1}`);
    (err as Error & { filepath?: string }).filepath = filepath;
    throw err;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Load errors (missing file, syntax errors, failing JS configs)

function loadError(err: unknown, requested: string | undefined): UsageError {
  const e = err as NodeJS.ErrnoException & { filepath?: string };
  const file = e?.filepath ?? requested;
  const msg = String(e?.message ?? err);
  if (file && (e?.code === 'ENOENT' || e?.code === 'ENOTDIR') && file === requested) {
    return new UsageError(`config file not found: ${file}`);
  }
  const unsupported = /^No loader specified for (.*)$/m.exec(msg);
  if (unsupported) {
    return new UsageError(
      oneLine(
        `cannot load config file ${file ?? '(unknown)'}: unsupported file type (${unsupported[1]}); use .json, .yaml, .yml, .js, .mjs, .cjs, .ts, or no extension (JSON or YAML)`,
      ),
    );
  }
  const lines = msg.split(/\r?\n/).map((l) => l.trim());
  const parser = /^(JSON|YAML|TypeScript) Error in .*:$/.exec(lines[0] ?? '');
  // Skip code frames (`> 1 | { ... }`, `    |   ^`) that parse-json puts before its message.
  const isFrame = (l: string) => /^(>\s*)?\d*\s*\|/.test(l);
  let body = (parser ? lines.slice(1) : lines).find((l) => l.length > 0 && !isFrame(l)) ?? 'unknown error';
  if (body.length > 200) body = `${body.slice(0, 197)}...`;
  const verb = parser && parser[1] !== 'TypeScript' ? 'parse' : 'load';
  return new UsageError(oneLine(`cannot ${verb} config file ${file ?? '(unknown)'}: ${body}`));
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `telemetry.emitters[0]`, `rules["otel/x"]`: a readable path, indexing arrays with [n]. */
function dotted(segs: string[], root: unknown): string {
  let out = '';
  let cur: unknown = root;
  for (const s of segs) {
    if (Array.isArray(cur) && /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

/** A value as shown after "got": JSON where possible, kept short and on one line. */
function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${v}n`;
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function listOf(items: string[], max = 30): string {
  if (!items.length) return 'none';
  return items.length > max ? `${items.slice(0, max).join(', ')}, ...` : items.join(', ');
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** `; did you mean "x"?` for a close candidate (edit distance or an id missing its pillar prefix). */
function suggest(input: string, candidates: string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c.endsWith(`/${input}`)) return `; did you mean "${c}"?`;
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(input.length / 3)));
  return best !== undefined && bestD <= limit ? `; did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
