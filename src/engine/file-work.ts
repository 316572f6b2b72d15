// Per-file work, the same on the main thread and in worker threads: read, parse, one walk → FileSummary.
// Everything it needs crosses a thread boundary as plain data (FileWorkSettings), and what it produces
// is plain data too, so it can be cached.
import type { ResolvedConfig } from '../config/types.js';
import { ADAPTERS } from '../adapters/index.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import type { FileAbout, FilePlugin, ScanContext, Visitor } from '../analysis/plugin.js';
import type { Adapter } from '../adapters/types.js';
import { TooDeepError, summarizeFile } from '../analysis/summarize.js';
import { buildModel } from './library.js';
import { readSource, type Source } from './read.js';
import { ALL_RULES } from './registry.js';
import type { OffsetEdit, Rule, RuleContext } from './rule.js';
import type { FileSummary } from '../types.js';

export interface FileWorkSettings {
  cwd: string;
  config: ResolvedConfig;
  /** Syntactic rules to run during the walk, with their options. */
  rules: { id: string; options: Record<string, unknown> }[];
  /** `--debug`: time parsing, the walk and each rule's visitors (FileTiming on each outcome). */
  timing?: boolean;
}

/** `--debug`: one file's parse and whole-file times, and each syntactic rule's visitors' share (ms). */
export interface FileTiming {
  parse: number;
  total: number;
  rules: [string, number][];
}

/**
 * A file's summary, or why there is none. `analysis`: the file was read but could not be analysed (it is
 * then reported as a `doctrines/analysis-error` finding, not skipped); `deep`: it overflowed this thread's
 * stack, and a thread with a larger one should try again (pool.ts).
 */
export type FileOutcome =
  | { ok: true; summary: FileSummary; timing?: FileTiming }
  | { ok: false; reason: string; detail?: string; analysis?: true; deep?: true; position?: { line: number; column: number } };

import { displayPath } from './paths.js';

/** Whether the file names one of `names`. */
function namesAny(identifiers: ReadonlyMap<string, string>, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if (identifiers.has(names[i])) return true;
  return false;
}

/**
 * The adapters that look at a file, chosen once per file: those enabled under this config whose package
 * the file imports (`@aws-sdk/client-s3/dist` names `@aws-sdk`, `@aws-sdk/client-s3`, …, at `/`
 * boundaries, without `node:`), whose file convention its path matches, or whose identifiers it names
 * (Adapter.mentions). Adapters with none of the three are looked at by none of them (a file that imports
 * nothing of theirs pays for nothing of theirs). The list keeps ADAPTERS' order, fallback adapters last.
 */
export function adapterSelector(config: ResolvedConfig): (file: FileAbout) => FilePlugin[] {
  // Fallback adapters after the others (each group in registry order), so what they leave to others does not
  // depend on where they stand in ADAPTERS.
  const enabled = ADAPTERS.filter((a) => !a.enabled || a.enabled(config));
  const adapters = [...enabled.filter((a) => !a.fallback), ...enabled.filter((a) => a.fallback)];
  const plugins: FilePlugin[] = adapters.map((a) => ({ create: (ctx) => a.create(ctx) }));
  const byPackage = new Map<string, number[]>();
  const byPath: { i: number; test: (relPath: string) => boolean }[] = [];
  const byMention: { i: number; path?: (relPath: string) => boolean; mentions: NonNullable<Adapter['mentions']> }[] = [];
  adapters.forEach((a, i) => {
    for (const pkg of a.packages) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), i]);
    if (a.mentions) byMention.push({ i, path: a.appliesToPath, mentions: a.mentions });
    else if (a.appliesToPath) byPath.push({ i, test: a.appliesToPath });
  });
  // One buffer for every file, cleared per file: allocating a typed array per file measured 60-80 ms on
  // 10,000 files (more than all the tests it holds the answers of).
  const on = new Uint8Array(adapters.length);
  return ({ path: p, text, importSpecifiers, identifiers }) => {
    on.fill(0);
    const mark = (name: string) => {
      const hits = byPackage.get(name);
      if (hits) for (const i of hits) on[i] = 1;
    };
    for (const raw of importSpecifiers) {
      const s = raw.startsWith('node:') ? raw.slice(5) : raw;
      for (let i = s.indexOf('/'); i > 0; i = s.indexOf('/', i + 1)) mark(s.slice(0, i));
      mark(s);
    }
    for (const { i, test } of byPath) if (!on[i] && test(p)) on[i] = 1;
    for (const { i, path, mentions } of byMention) {
      if (on[i] || (path && !path(p))) continue;
      // Without the parser's identifier table (another compiler build), every file is looked at.
      if (!identifiers || (typeof mentions === 'function' ? mentions(identifiers, text) : namesAny(identifiers, mentions))) on[i] = 1;
    }
    const out: FilePlugin[] = [];
    for (let i = 0; i < on.length; i++) if (on[i]) out.push(plugins[i]);
    return out;
  };
}

/**
 * A rule's context: a narrow view of the walk's context, the rule's options and its `report`. One object per rule and
 * thread, delegating to the walk of the file being analysed (files are walked one at a time per thread, and
 * a rule's handlers run only during its file's walk), instead of twenty closures per rule and file. Never
 * built with `Object.create(ctx)`: making each file's walker a prototype gives it a map of its own, which
 * made every walker call site megamorphic and, measured on 10,000 files, cost 1.9 s — most of it garbage
 * collection.
 */
function ruleContext(current: () => ScanContext, ruleId: string, options: Record<string, unknown>): RuleContext {
  return {
    get file() {
      return current().file;
    },
    get sourceFile() {
      return current().sourceFile;
    },
    get config() {
      return current().config;
    },
    get imports() {
      return current().summary.imports;
    },
    options,
    kindOf: (e) => current().kindOf(e),
    span: (n) => current().span(n),
    text: (n) => current().text(n),
    report: (node, messageId, data, conditions) => {
      const c = current();
      if (!conditions?.fix && !conditions?.fixByKind) return c.report({ ruleId, messageId, node, data, unlessConstant: conditions?.unlessConstant, onlyIfKind: conditions?.onlyIfKind });
      // Offsets become positions here, where the file's text is at hand (1-based, UTF-16 columns).
      const at = (offset: number) => {
        const p = c.sourceFile.getLineAndCharacterOfPosition(offset);
        return { line: p.line + 1, column: p.character + 1 };
      };
      const { fix, fixByKind, ...rest } = conditions;
      const edits = (list: OffsetEdit[]) => ({ edits: list.map((e) => ({ range: { start: at(e.start), end: at(e.end) }, text: e.text })) });
      c.report({
        ruleId,
        messageId,
        node,
        data,
        ...rest,
        ...(fix ? { fix: edits(fix) } : {}),
        ...(fixByKind ? { fixByKind: { ref: fixByKind.ref, kinds: fixByKind.kinds, fixes: fixByKind.fixes.map(edits) } } : {}),
      });
    },
  };
}

/** `ruleMs`, when given (`--debug`): each rule's visitors are timed, their time added under the rule's id. */
export function rulePlugins(rules: { rule: Rule; options: Record<string, unknown> }[], ruleMs?: Map<string, number>): FilePlugin[] {
  return rules
    .filter((r) => r.rule.create)
    .map(({ rule, options }) => {
      let ctx: ScanContext | undefined;
      const context = ruleContext(() => ctx!, rule.meta.id, options);
      return {
        create: (c) => {
          ctx = c;
          if (!ruleMs) return rule.create!(context);
          const id = rule.meta.id;
          const timed = (fn: (...a: unknown[]) => void) => (...a: unknown[]) => {
            const t = performance.now();
            try {
              fn(...a);
            } finally {
              ruleMs.set(id, (ruleMs.get(id) ?? 0) + performance.now() - t);
            }
          };
          const t = performance.now();
          const visitor = rule.create!(context) as Record<string, (...a: unknown[]) => void>;
          ruleMs.set(id, (ruleMs.get(id) ?? 0) + performance.now() - t);
          return Object.fromEntries(Object.entries(visitor).map(([k, fn]) => [k, typeof fn === 'function' ? timed(fn) : fn])) as Visitor;
        },
      };
    });
}

/**
 * How many files a thread claims and reads before analysing them. Reading files back to back, then parsing
 * them, measured about 3x faster reads than alternating one read and one parse (10,000 files: 0.08 s
 * against 0.25 s of reading), and bounds the texts held at once.
 */
export const READ_BATCH = 64;

/**
 * Claim batches of files from a counter shared by all threads, read each batch, then call `each` for its
 * files in order. `texts` holds texts a cache already read. Returns when no file is left to claim.
 */
export function forEachClaimed(
  files: string[],
  next: Int32Array,
  each: (i: number, source: Source, claimed: number) => void,
  texts?: Map<string, string>,
): void {
  const sources: Source[] = [];
  for (let start = Atomics.add(next, 0, READ_BATCH); start < files.length; start = Atomics.add(next, 0, READ_BATCH)) {
    const end = Math.min(files.length, start + READ_BATCH);
    for (let i = start; i < end; i++) {
      const text = texts?.get(files[i]);
      sources[i - start] = text !== undefined ? { ok: true, text } : readSource(files[i]);
    }
    for (let i = start; i < end; i++) {
      const source = sources[i - start];
      sources[i - start] = undefined!;
      // What all threads have claimed, less this batch's files not done yet.
      each(i, source, Math.min(Atomics.load(next, 0), files.length) - (end - i - 1));
    }
  }
}

/** Build the per-file function once per thread; call it for each file. */
export function createFileWork(settings: FileWorkSettings): (abs: string, source?: string | Source) => FileOutcome {
  const { config, cwd } = settings;
  const byId = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
  const rules = settings.rules.flatMap((r) => {
    const rule = byId.get(r.id);
    return rule ? [{ rule, options: r.options }] : [];
  });
  const model = buildModel();
  const telemetryDecorators = new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]);
  const select = adapterSelector(config);
  const ruleMs = settings.timing ? new Map<string, number>() : undefined;
  const plugins = rulePlugins(rules, ruleMs);
  return (abs, source) => {
    const src = typeof source === 'string' ? { ok: true as const, text: source } : (source ?? readSource(abs));
    if (!src.ok) return { ok: false, reason: src.reason };
    const text = src.text;
    try {
      if (ruleMs) {
        ruleMs.clear();
        const timing = { parse: 0 };
        const started = performance.now();
        const summary = summarizeFile(displayPath(cwd, abs), text, { config, model, plugins, select, telemetryDecorators, timing });
        return { ok: true, summary, timing: { parse: timing.parse, total: performance.now() - started, rules: [...ruleMs] } };
      }
      return { ok: true, summary: summarizeFile(displayPath(cwd, abs), text, { config, model, plugins, select, telemetryDecorators }) };
    } catch (err) {
      const file = displayPath(cwd, abs);
      if (err instanceof TooDeepError) return { ok: false, reason: err.message, analysis: true, position: err.position };
      // The parser and the walk recurse with the syntax: code nested deeper than this thread's stack.
      if (err instanceof RangeError && /call stack/i.test(err.message)) {
        return { ok: false, reason: 'syntax nested too deep for the stack of the thread that analysed it', analysis: true, deep: true };
      }
      return { ok: false, reason: `internal error: ${oneLine(err)}`, analysis: true, detail: `${file}: analysis failed: ${(err as Error).stack ?? err}` };
    }
  };
}

/** An error's message on one line, cut to 200 characters. */
function oneLine(err: unknown): string {
  const text = String((err as Error)?.message ?? err).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
