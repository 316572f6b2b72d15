// `check-doctrines catalog`: what the code emits — every span, metric, event, log record and attribute key,
// with where it is emitted — including names given through the project's own helpers
// (`inSpan('billing.invoice.create', fn)` in one file, `tracer.startActiveSpan(name, …)` in another), and,
// with `--changed-since`, what a branch adds, removes or changes.
//
// Only files that can emit or call a helper are walked: those whose text names a telemetry API, then those
// that name a helper found so far (repeated until no new helper appears), then the modules that hold
// constants the names refer to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildModel } from './library.js';
import { discoverFiles } from './discover.js';
import { displayPath, toPosix } from './paths.js';
import { readSource } from './read.js';
import { discoveryOptions, runConfig } from './run.js';
import { UsageError } from '../errors.js';
import { TOOL_VERSION } from './package.js';
import { resolveBase } from './git.js';
import { ModuleResolver } from '../analysis/resolve.js';
import { ProjectGraph } from '../analysis/graph.js';
import { summarizeFile, compileTelemetry } from '../analysis/summarize.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import { catalogPlugin, type FileTelemetry, type RawItem, type SerialPart } from '../analysis/catalog-extract.js';
import type { RegistryNames } from '../config/registry.js';
import type { ResolvedConfig } from '../config/types.js';
import type { BindingRef, FileSummary } from '../types.js';

export const CATALOG_KINDS = ['span', 'metric', 'event', 'log', 'attribute'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export interface CatalogLocation {
  file: string;
  line: number;
  column: number;
  /** The enclosing function or method (`OrdersService.create`), `<module>` at top level. */
  function: string;
  /** The API called, as written (`tracer.startActiveSpan`). */
  api: string;
  /** Project helpers the name went through, outermost first (`inSpan`). */
  via?: string[];
  /**
   * With `--targets`: the entry points (handlers, actors, pages) whose evidence chain — the first found, as
   * `--explain` shows it — passes through this location (`GET /users`).
   */
  targets?: string[];
}

export interface CatalogEntry {
  kind: CatalogKind;
  /** The name (attribute key), or its pattern when parts are known only at run time: `order {}`. */
  name: string;
  /** Whether parts of the name are known only at run time. */
  dynamic: boolean;
  /** Metrics: the instrument kind (`counter`, `histogram`, …), its unit and description where given as literals. */
  instrument?: string;
  unit?: string;
  description?: string;
  locations: CatalogLocation[];
}

export interface TelemetryCatalog {
  schemaVersion: 1;
  tool: { name: 'check-doctrines'; version: string };
  files: number;
  entries: CatalogEntry[];
  /** With `telemetry.registry`: what the registry declares that the code never emits. */
  registry?: { path: string; notEmitted: { kind: CatalogKind; name: string }[] };
  /** With `--changed-since`: the differences from the catalogue at the merge base. */
  changes?: CatalogChanges;
}

export interface CatalogChanges {
  base: string;
  added: CatalogEntry[];
  removed: CatalogEntry[];
  /** Metrics whose instrument, unit or description changed. */
  changed: { kind: CatalogKind; name: string; before: Pick<CatalogEntry, 'instrument' | 'unit' | 'description'>; after: Pick<CatalogEntry, 'instrument' | 'unit' | 'description'> }[];
}

export interface CatalogOptions {
  cwd: string;
  paths: string[];
  configPath?: string;
  changedSince?: string;
  ignorePatterns?: string[];
  /** Also name the targets that emit each entry (runs the analysis; the result cache is used unless `cache` is false). */
  targets?: boolean;
  cache?: boolean;
}

/** A file's text names a telemetry API: it is walked. */
const TELEMETRY_TEXT = /@opentelemetry\/|@sentry\/|dd-trace|prom-client|\b(?:startActiveSpan|startSpan|startInactiveSpan|createCounter|createHistogram|createUpDownCounter|createGauge|createObservable\w*|setAttributes?|addEvent|getTracer|getMeter|getLogger)\b/;
/** Bound on helper rounds (helpers calling helpers) and on substitution depth. */
const MAX_ROUNDS = 6;

export async function buildCatalog(o: CatalogOptions): Promise<TelemetryCatalog> {
  const { config } = await runConfig({ cwd: o.cwd, configPath: o.configPath, pillars: undefined });
  let base: { root: string; commit: string } | undefined;
  if (o.changedSince !== undefined) base = resolveBase(o.cwd, o.changedSince, '--changed-since');
  const catalog = await catalogOf(o.cwd, o.paths, config, o.ignorePatterns);
  if (o.targets) await addTargets(o, catalog);
  if (base) {
    const before = await catalogAtCommit(o, base, config);
    catalog.changes = diffCatalogs(o.changedSince!, before, catalog);
  }
  return catalog;
}

async function catalogOf(cwd: string, paths: string[], config: ResolvedConfig, ignorePatterns?: string[]): Promise<TelemetryCatalog> {
  const discovered = await discoverFiles(discoveryOptions(cwd, paths, config, ignorePatterns));
  if (!discovered.files.length) throw new UsageError(`no files to analyse in ${paths.length ? paths.join(', ') : '.'}`);
  const extractor = new Extractor(cwd, config, discovered.files);
  const entries = extractor.run();
  const out: TelemetryCatalog = { schemaVersion: 1, tool: { name: 'check-doctrines', version: TOOL_VERSION }, files: discovered.files.length, entries };
  const registry = config.telemetry.registry;
  if (registry) out.registry = { path: toPosix(path.relative(cwd, registry.path)) || '.', notEmitted: notEmitted(registry, entries) };
  return out;
}

class Extractor {
  private readonly telemetry = new Map<string, FileTelemetry>();
  private readonly summaries = new Map<string, FileSummary>();
  private readonly texts = new Map<string, string>();
  private readonly graph: ProjectGraph;
  private readonly plugins;
  private readonly model = buildModel();
  private readonly decorators: Set<string>;
  private barrels?: { file: string; targets: string[] }[];

  constructor(
    private readonly cwd: string,
    private readonly config: ResolvedConfig,
    private readonly files: string[],
  ) {
    this.plugins = [catalogPlugin(this.telemetry)];
    this.decorators = new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]);
    const resolver = new ModuleResolver(new Set(files), config.tsconfig && path.resolve(cwd, config.tsconfig));
    this.graph = new ProjectGraph(this.summaries, resolver, {
      maxDepth: config.callDepth,
      model: this.model,
      wrappers: compileTelemetry(config).wrappers,
      telemetryDecorators: this.decorators,
      display: (abs) => displayPath(cwd, abs),
    });
  }

  private text(abs: string): string | undefined {
    let t = this.texts.get(abs);
    if (t === undefined) {
      const src = readSource(abs);
      if (!src.ok) return undefined;
      t = src.text;
      this.texts.set(abs, t);
    }
    return t;
  }

  /**
   * Walk what resolving `name` exported by `abs` needs: the module, and the modules it re-exports the name
   * from (a barrel's `export *` targets only where their text names it).
   */
  private walkExport(abs: string, name: string, depth = 0): boolean {
    this.walk(abs);
    const s = this.summaries.get(abs);
    if (!s || depth > 12) return false;
    const e = s.exports[name];
    if (e?.kind === 'local') return true;
    if (e?.kind === 're-export') {
      const target = this.graph.resolver.resolve(abs, e.specifier);
      return !!target && this.walkExport(target, e.name, depth + 1);
    }
    if (name === 'default') return false;
    const word = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`);
    for (const star of Object.values(s.exports)) {
      if (star.kind !== 'star') continue;
      const target = this.graph.resolver.resolve(abs, star.specifier);
      if (target && (this.summaries.has(target) || word.test(this.text(target) ?? '')) && this.walkExport(target, name, depth + 1)) return true;
    }
    return false;
  }

  /** The modules an import of `file` leads to, walked as far as resolving it needs. */
  private walkImport(file: string, ref: BindingRef): void {
    if (ref.kind !== 'import' || ref.name === '*') return;
    const target = this.graph.resolver.resolve(file, ref.specifier);
    if (target) this.walkExport(target, ref.name);
  }

  private walk(abs: string): void {
    if (this.summaries.has(abs)) return;
    const text = this.text(abs);
    if (text === undefined) return;
    try {
      // No adapters: the catalogue needs imports, functions and library kinds, not targets.
      this.summaries.set(abs, summarizeFile(abs, text, { config: this.config, model: this.model, plugins: this.plugins, select: () => [], telemetryDecorators: this.decorators }));
    } catch {
      // A file the walk cannot take (too deep): its telemetry is left out, as the main run reports it.
    }
  }

  run(): CatalogEntry[] {
    for (const f of this.files) if (TELEMETRY_TEXT.test(this.text(f) ?? '')) this.walk(f);
    // Helpers: functions (not methods: `this.trace(…)` is not followed) with an item named by a parameter. The
    // files that name a helper and import a module exporting one (the helper's own, or a barrel re-exporting
    // it) are walked next, and so on for the helpers those files define.
    const seenHelpers = new Set<string>();
    const exporting = new Set<string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const names = new Set<string>();
      for (const [file, t] of this.telemetry) {
        for (const item of t.items) {
          for (const p of item.parts) {
            if (typeof p !== 'object' || !('fnId' in p)) continue;
            const fn = this.summaries.get(file)?.functions[p.fnId];
            if (!fn || fn.className || fn.name === '<anonymous>') continue;
            exporting.add(file);
            const name = fn.name.split('.').pop()!;
            if (!seenHelpers.has(name)) names.add(name);
          }
        }
      }
      if (!names.size) break;
      for (const n of names) seenHelpers.add(n);
      this.addBarrels(exporting);
      const mention = new RegExp(`\\b(?:${[...names].map((n) => n.replace(/[$]/g, '\\$')).join('|')})\\b`);
      for (const f of this.files) {
        if (this.summaries.has(f)) continue;
        const text = this.text(f) ?? '';
        if (mention.test(text) && this.specifiersOf(text).some((spec) => exporting.has(this.graph.resolver.resolve(f, spec) ?? ''))) this.walk(f);
      }
    }
    const items = this.resolveHelpers();
    return this.group(items);
  }

  /** The module specifiers a file's text imports or re-exports from (found by pattern, before any parse). */
  private specifiersOf(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(/\bfrom\s*['"]([^'"\n]+)['"]|\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]/g)) out.push(m[1] ?? m[2]!);
    return out;
  }

  /** Add the modules that re-export from `exporting` (barrels), and those that re-export from them. */
  private addBarrels(exporting: Set<string>): void {
    const reexporters = (this.barrels ??= this.files.flatMap((f) => {
      const text = this.text(f) ?? '';
      if (!/\bexport\b[^;]*\bfrom\b/.test(text)) return [];
      const specs = [...text.matchAll(/\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*['"]([^'"\n]+)['"]/g)].map((m) => m[1]!);
      return specs.length ? [{ file: f, targets: specs.map((spec) => this.graph.resolver.resolve(f, spec)).filter((t): t is string => !!t) }] : [];
    }));
    for (let grew = true, rounds = 0; grew && rounds < 8; rounds++) {
      grew = false;
      for (const b of reexporters) {
        if (!exporting.has(b.file) && b.targets.some((t) => exporting.has(t))) {
          exporting.add(b.file);
          grew = true;
        }
      }
    }
  }

  /** Items with helper parameters substituted by what each call gives, through helpers of helpers. */
  private resolveHelpers(): RawItem[] {
    // Items whose name (or part of it) is a parameter of their function, by `file#fnId`.
    const byFn = new Map<string, RawItem[]>();
    const concrete: RawItem[] = [];
    const add = (file: string, item: RawItem) => {
      const fnIds = new Set(item.parts.flatMap((p) => (typeof p === 'object' && 'fnId' in p ? [p.fnId] : [])));
      if (!fnIds.size) return concrete.push(item);
      for (const id of fnIds) {
        const key = `${file}#${id}`;
        const list = byFn.get(key);
        if (list) list.push(item);
        else byFn.set(key, [item]);
      }
    };
    const fileOf = new Map<RawItem, string>();
    for (const [file, t] of this.telemetry) {
      for (const item of t.items) {
        fileOf.set(item, file);
        add(file, item);
      }
    }
    const reached = new Set<string>();
    const used = new Set<RawItem>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let grew = false;
      for (const [file, t] of this.telemetry) {
        for (const call of t.calls) {
          this.walkImport(file, call.callee);
          const r = this.graph.resolveBinding(file, call.callee);
          if (r?.kind !== 'function') continue;
          const helperItems = byFn.get(`${r.file}#${r.fn.id}`);
          if (!helperItems) continue;
          for (const h of helperItems) {
            const key = `${file}:${call.line}:${call.column}>${fileOf.get(h)}:${h.line}:${h.column}`;
            if (reached.has(key)) continue;
            reached.add(key);
            used.add(h);
            grew = true;
            const parts = h.parts.flatMap((p): SerialPart[] => {
              if (typeof p !== 'object' || !('fnId' in p) || p.fnId !== r.fn.id) return [p];
              const given = p.prop !== undefined ? call.objects?.[p.param]?.[p.prop] : call.args[p.param];
              return given ?? [{ dynamic: `${call.text}(…)` }];
            });
            const item: RawItem = { ...h, parts, file: call.file, line: call.line, column: call.column, symbol: call.symbol, via: [r.fn.name.split('.').pop()!, ...(h.via ?? [])] };
            fileOf.set(item, file);
            add(file, item);
          }
        }
      }
      if (!grew) break;
    }
    // A helper no analysed code calls still names what it emits, as a pattern.
    for (const list of byFn.values()) for (const i of list) if (!used.has(i)) concrete.push(i);
    return [...new Set(concrete)];
  }

  /** The name of an item's parts, imports of constants resolved across files. */
  private nameOf(file: string, parts: SerialPart[]): { name: string; dynamic: boolean } {
    let dynamic = false;
    const name = parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if ('ref' in p) {
          const v = this.constantValue(file, p.ref);
          if (v !== undefined) return v;
        }
        dynamic = true;
        return '{}';
      })
      .join('');
    return { name, dynamic };
  }

  private constantValue(file: string, ref: Extract<SerialPart, { ref: unknown }>['ref']): string | undefined {
    this.walkImport(file, ref);
    const r = this.graph.resolveBinding(file, ref);
    if (r?.kind !== 'value') return undefined;
    this.walk(r.file);
    return this.telemetry.get(r.file)?.constants[r.name];
  }

  private group(items: RawItem[]): CatalogEntry[] {
    const byKey = new Map<string, CatalogEntry>();
    for (const item of items) {
      const abs = item.file;
      const { name, dynamic } = this.nameOf(abs, item.parts);
      if (!name) continue;
      const key = `${item.kind}\0${name}`;
      let e = byKey.get(key);
      if (!e) {
        e = { kind: item.kind, name, dynamic, locations: [] };
        byKey.set(key, e);
      }
      if (item.instrument && !e.instrument) e.instrument = item.instrument;
      if (item.unit !== undefined && e.unit === undefined) e.unit = item.unit;
      if (item.description !== undefined && e.description === undefined) e.description = item.description;
      e.locations.push({
        file: displayPath(this.cwd, abs),
        line: item.line,
        column: item.column,
        function: item.symbol,
        api: item.api,
        ...(item.via ? { via: item.via } : {}),
      });
    }
    const order = (k: CatalogKind) => CATALOG_KINDS.indexOf(k);
    const entries = [...byKey.values()].sort((a, b) => order(a.kind) - order(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const seen = new Set<string>();
      e.locations = e.locations
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))
        .filter((l) => {
          const k = `${l.file}:${l.line}:${l.column}`;
          return !seen.has(k) && !!seen.add(k);
        });
    }
    return entries;
  }
}

function notEmitted(registry: RegistryNames, entries: CatalogEntry[]): { kind: CatalogKind; name: string }[] {
  const emitted = (kind: CatalogKind) => new Set(entries.filter((e) => e.kind === kind && !e.dynamic).map((e) => e.name));
  const spans = emitted('span');
  const metrics = emitted('metric');
  const events = emitted('event');
  const attributes = entries.filter((e) => e.kind === 'attribute' && !e.dynamic).map((e) => e.name);
  const out: { kind: CatalogKind; name: string }[] = [];
  for (const n of registry.spans) if (!spans.has(n)) out.push({ kind: 'span', name: n });
  for (const n of registry.metrics) if (!metrics.has(n)) out.push({ kind: 'metric', name: n });
  for (const n of registry.events) if (!events.has(n)) out.push({ kind: 'event', name: n });
  for (const n of registry.attributes) if (!attributes.includes(n)) out.push({ kind: 'attribute', name: n });
  for (const n of registry.attributePrefixes) if (!attributes.some((a) => a.startsWith(`${n}.`))) out.push({ kind: 'attribute', name: `${n}.*` });
  return out;
}

/**
 * The targets that emit each location: the analysis with `--explain` gives every target's evidence chain
 * (the first found); a location a chain steps on (an emission, or the call of a helper that emits) is emitted
 * by that target.
 */
async function addTargets(o: CatalogOptions, catalog: TelemetryCatalog): Promise<void> {
  const { check } = await import('./run.js');
  const result = await check({ cwd: o.cwd, paths: o.paths, configPath: o.configPath, ruleOverrides: [], advisory: true, explain: true, cache: o.cache !== false, ignorePatterns: o.ignorePatterns });
  const byStep = new Map<string, Set<string>>();
  for (const t of result.targets ?? []) {
    for (const step of t.evidence) {
      if (!('file' in step) || !step.file || !('line' in step) || !step.line) continue;
      const key = `${step.file}:${step.line}`;
      let set = byStep.get(key);
      if (!set) byStep.set(key, (set = new Set()));
      set.add(t.name);
    }
  }
  for (const e of catalog.entries) {
    for (const l of e.locations) {
      const targets = byStep.get(`${l.file}:${l.line}`);
      if (targets) l.targets = [...targets].sort();
    }
  }
}

/**
 * The catalogue of the tree at the merge base: the commit's files (the analysed folder's part of it) written
 * to a temporary folder with `git archive`, catalogued there with the same config, then removed.
 */
async function catalogAtCommit(o: CatalogOptions, base: { root: string; commit: string }, config: ResolvedConfig): Promise<TelemetryCatalog> {
  const here = fs.realpathSync(o.cwd);
  const prefix = toPosix(path.relative(base.root, here));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-doctrines-catalog-'));
  try {
    const archive = spawnSync('git', ['archive', '--format=tar', base.commit, ...(prefix ? ['--', prefix] : [])], { cwd: base.root, maxBuffer: 2 * 1024 * 1024 * 1024, windowsHide: true });
    if (archive.status !== 0) throw new UsageError(`--changed-since: git archive failed: ${String(archive.stderr).trim().split('\n')[0]}`);
    const tar = spawnSync('tar', ['-x', '-C', tmp], { input: archive.stdout, maxBuffer: 64 * 1024 * 1024, windowsHide: true });
    if (tar.status !== 0) throw new UsageError(`--changed-since: cannot unpack ${base.commit.slice(0, 12)} (${String(tar.stderr).trim().split('\n')[0] || 'tar failed'})`);
    const cwd = path.join(tmp, prefix);
    if (!fs.existsSync(cwd)) return { schemaVersion: 1, tool: { name: 'check-doctrines', version: TOOL_VERSION }, files: 0, entries: [] };
    const paths = o.paths.map((p) => path.relative(here, path.resolve(here, p))).filter((p) => fs.existsSync(path.join(cwd, p)));
    if (o.paths.length && !paths.length) return { schemaVersion: 1, tool: { name: 'check-doctrines', version: TOOL_VERSION }, files: 0, entries: [] };
    try {
      return await catalogOf(cwd, paths, config, o.ignorePatterns);
    } catch (err) {
      if (err instanceof UsageError && /^no files to analyse/.test(err.message)) return { schemaVersion: 1, tool: { name: 'check-doctrines', version: TOOL_VERSION }, files: 0, entries: [] };
      throw err;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function diffCatalogs(ref: string, before: TelemetryCatalog, after: TelemetryCatalog): CatalogChanges {
  const key = (e: CatalogEntry) => `${e.kind}\0${e.name}`;
  const old = new Map(before.entries.map((e) => [key(e), e]));
  const now = new Map(after.entries.map((e) => [key(e), e]));
  const shape = (e: CatalogEntry) => ({ ...(e.instrument ? { instrument: e.instrument } : {}), ...(e.unit !== undefined ? { unit: e.unit } : {}), ...(e.description !== undefined ? { description: e.description } : {}) });
  const changed: CatalogChanges['changed'] = [];
  for (const [k, e] of now) {
    const o = old.get(k);
    if (o && JSON.stringify(shape(o)) !== JSON.stringify(shape(e))) changed.push({ kind: e.kind, name: e.name, before: shape(o), after: shape(e) });
  }
  return {
    base: ref,
    added: after.entries.filter((e) => !old.has(key(e))),
    removed: before.entries.filter((e) => !now.has(key(e))),
    changed,
  };
}
