// The project phase for entry points declared outside the code: framework config files (serverless.yml,
// SAM template.yaml, wrangler.toml / wrangler.json(c), serverless.ts read syntactically) and declarations
// the walk recorded for other files (a CDK `new NodejsFunction({ entry, handler })`). It runs after every
// file is summarised and before targets are judged, and only adjusts the targets of the files those
// declarations name: the per-file walk never reads these files, so a cached summary stays right whatever
// the config says. Framework knowledge stays in adapters: each may give a `project` hook, which reads
// the config it knows through this context. A config file that does not parse is a
// `doctrines/config-file-error` finding (file and line) and is left out; the run goes on.
import fs from 'node:fs';
import path from 'node:path';
import { ts } from '#ts';
import type * as Yaml from 'yaml';
import type * as Toml from 'smol-toml';
import type * as Jsonc from 'jsonc-parser';
import type { EntryDeclaration, FileSummary, Span, TargetSummary } from '../types.js';
import type { ProjectGraph, Resolved } from './graph.js';
import type { ModuleResolver } from './resolve.js';
import { HAS_DECLARATIONS, flagged } from './summary-set.js';
import { PARSE_OPTIONS, scriptKindFor } from './summarize.js';
import { isWranglerFile } from './config-files.js';

/** A parsed config file. */
export interface ConfigDocument {
  abs: string;
  /** As shown in reports (relative to the working directory). */
  file: string;
  /** Its content as plain data (YAML, TOML and JSON alike); for serverless.ts / .js, what a syntactic read of its export gives. */
  data: unknown;
}

/** A config file that does not parse: where, and what the parser said. */
export interface ConfigError {
  abs: string;
  file: string;
  line: number;
  column: number;
  message: string;
  /** What kind of file it is (`serverless`, `SAM template`, `wrangler`). */
  kind: string;
}

/** What a `project` hook of an adapter is given. */
export interface ProjectContext {
  readonly cwd: string;
  /** The framework config files of the run whose file name matches, parsed (malformed ones are reported and left out). */
  configs(matches: (fileName: string) => boolean): ConfigDocument[];
  /** Another config file a config names (`${file(./functions.yml)}`): parsed, or undefined when missing or malformed (reported). */
  readConfig(abs: string): ConfigDocument | undefined;
  /**
   * The analysed source file a module path names (`src/handler` → `src/handler.ts`, `.js` → `.ts`, a
   * folder → its index file), or undefined when no analysed file is there.
   */
  sourceFile(absPath: string): string | undefined;
  summary(abs: string): FileSummary | undefined;
  /** Every analysed file (absolute paths, discovery order). */
  files(): Iterable<string>;
  /** Declarations recorded by the walk for a framework (FileSummary.declares), with the file declaring each. */
  declarations(framework: string): { file: string; decl: EntryDeclaration }[];
  /** What an export of an analysed file denotes, through re-exports. */
  resolveExport(abs: string, name: string): Resolved | undefined;
  /** The file's targets as they stand: the walk's, as changed by hooks so far. */
  targets(abs: string): readonly TargetSummary[];
  setTargets(abs: string, targets: TargetSummary[]): void;
  /** A TypeScript or JavaScript file parsed for a syntactic read (serverless.ts); a file read this way is an input of the run. */
  parseSource(abs: string): ts.SourceFile | undefined;
  /** Where a module specifier imported by `fromFile` lands among the analysed files (tsconfig paths included). */
  resolveImport(fromFile: string, specifier: string): string | undefined;
  display(abs: string): string;
  diagnostic(message: string): void;
}

export type ProjectHook = (p: ProjectContext) => void;

export interface ProjectPhaseResult {
  /** Files whose targets the hooks changed: their new targets. */
  targets: Map<string, TargetSummary[]>;
  errors: ConfigError[];
  /** Every file the hooks read (config files, serverless.ts and what it imports): a change to one invalidates a cached analysis. */
  inputs: string[];
  /**
   * Analysed files whose summaries the hooks read to decide other files' targets (declaring files,
   * re-exports): a change to one can change targets elsewhere.
   */
  deps: Set<string>;
}

function kindOfConfig(abs: string): string {
  const base = path.basename(abs);
  return isWranglerFile(base) ? 'wrangler' : base.startsWith('template.') ? 'SAM template' : base.startsWith('serverless') ? 'serverless' : 'framework';
}

/** `line:column` (1-based) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * The parsers, loaded only for a run that has config files to read (together they cost about 20 MB of
 * memory and some start-up time a run without them should not pay).
 */
let parsers: { yaml: typeof Yaml; toml: typeof Toml; jsonc: typeof Jsonc } | undefined;
export async function loadConfigParsers(): Promise<void> {
  if (parsers) return;
  const [yaml, toml, jsonc] = await Promise.all([import('yaml'), import('smol-toml'), import('jsonc-parser')]);
  parsers = { yaml, toml, jsonc };
}

/**
 * Parse a YAML, TOML or JSON(C) config file (after `loadConfigParsers`). CloudFormation's short-form tags (`!Ref`, `!Sub`, `!GetAtt`…)
 * are kept as the plain values they tag (the yaml library warns about unknown tags; warnings are not errors).
 */
export function parseConfigText(abs: string, text: string): { data: unknown } | { error: { line: number; column: number; message: string } } {
  if (!parsers) throw new Error('framework config parsers used before loadConfigParsers()');
  const { yaml, toml, jsonc } = parsers;
  const ext = path.extname(abs);
  if (ext === '.yml' || ext === '.yaml') {
    const doc = yaml.parseDocument(text, { merge: true, prettyErrors: false });
    const e = doc.errors[0];
    if (e) {
      const lp = e.linePos?.[0];
      const at = lp ? { line: lp.line, column: lp.col } : position(text, e.pos[0]);
      return { error: { ...at, message: firstLine(e.message) } };
    }
    return { data: doc.toJS({ maxAliasCount: 1000 }) };
  }
  if (ext === '.toml') {
    try {
      return { data: toml.parse(text) };
    } catch (err) {
      const e = err as { line?: number; column?: number; message?: string };
      const message = (e.message ?? String(err)).split('\n').find((l) => l.trim() && !/^Invalid TOML document/.test(l)) ?? 'invalid TOML';
      return { error: { line: e.line ?? 1, column: e.column ?? 1, message: message.trim() } };
    }
  }
  const errors: Jsonc.ParseError[] = [];
  const data = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const at = position(text, errors[0].offset);
    return { error: { ...at, message: jsonc.printParseErrorCode(errors[0].error) } };
  }
  return { data };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export interface ProjectPhaseOptions {
  cwd: string;
  /** The framework config files discovery found (absolute). */
  configFiles: string[];
  summaries: ReadonlyMap<string, FileSummary>;
  graph: ProjectGraph;
  resolver: ModuleResolver;
  display: (abs: string) => string;
  onDiagnostic?: (message: string) => void;
}

/** Run every adapter's project hook over the run's config files and summaries. */
export function runProjectPhase(hooks: ProjectHook[], o: ProjectPhaseOptions): ProjectPhaseResult {
  const parsed = new Map<string, ConfigDocument | null>();
  const errors: ConfigError[] = [];
  const inputs = new Set<string>();
  const changed = new Map<string, TargetSummary[]>();
  const deps = new Set<string>();
  const sources = new Map<string, ts.SourceFile | null>();

  const readConfig = (abs: string): ConfigDocument | undefined => {
    const hit = parsed.get(abs);
    if (hit !== undefined) return hit ?? undefined;
    let doc: ConfigDocument | null = null;
    inputs.add(abs);
    let text: string | undefined;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch {
      o.onDiagnostic?.(`${o.display(abs)}: framework config file not readable, skipped`);
    }
    if (text !== undefined) {
      const file = o.display(abs);
      if (SCRIPT.test(abs)) {
        const sf = parseSource(abs);
        doc = { abs, file, data: sf ? readConfigModule(abs, sf, ctx) : undefined };
      } else {
        const r = parseConfigText(abs, text);
        if ('data' in r) doc = { abs, file, data: r.data };
        else if (!(path.basename(abs).startsWith('template.') && !/AWS::|AWSTemplateFormatVersion/.test(text))) {
          // A template.yaml that says nothing of AWS is someone else's template: not ours to report.
          errors.push({ abs, file, ...r.error, kind: kindOfConfig(abs) });
        }
      }
    }
    parsed.set(abs, doc);
    return doc ?? undefined;
  };

  const parseSource = (abs: string): ts.SourceFile | undefined => {
    const hit = sources.get(abs);
    if (hit !== undefined) return hit ?? undefined;
    let sf: ts.SourceFile | null = null;
    inputs.add(abs);
    try {
      sf = ts.createSourceFile(abs, fs.readFileSync(abs, 'utf8'), PARSE_OPTIONS, true, scriptKindFor(abs));
    } catch {
      o.onDiagnostic?.(`${o.display(abs)}: not readable, skipped`);
    }
    sources.set(abs, sf);
    return sf ?? undefined;
  };

  const summaryOf = (abs: string) => {
    deps.add(abs);
    return o.summaries.get(abs);
  };

  const ctx: ProjectContext = {
    cwd: o.cwd,
    configs: (matches) => o.configFiles.filter((f) => matches(path.basename(f))).flatMap((f) => readConfig(f) ?? []),
    readConfig,
    sourceFile: (absPath) => o.resolver.resolve(absPath, absPath),
    summary: summaryOf,
    files: () => o.summaries.keys(),
    declarations(framework) {
      const out: { file: string; decl: EntryDeclaration }[] = [];
      for (const [file, s] of flagged(o.summaries, HAS_DECLARATIONS)) {
        for (const decl of s.declares ?? []) {
          if (decl.framework !== framework) continue;
          deps.add(file);
          out.push({ file, decl });
        }
      }
      return out;
    },
    resolveExport: (abs, name) => o.graph.collect(deps, () => o.graph.resolveExport(abs, name)),
    targets: (abs) => changed.get(abs) ?? o.summaries.get(abs)?.targets ?? [],
    setTargets: (abs, targets) => void changed.set(abs, targets),
    parseSource,
    resolveImport: (from, spec) => o.resolver.resolve(from, spec),
    display: o.display,
    diagnostic: (m) => o.onDiagnostic?.(m),
  };

  for (const hook of hooks) {
    // A hook that fails leaves the walk's targets as they are: the run goes on, as for a file that fails.
    try {
      hook(ctx);
    } catch (err) {
      o.onDiagnostic?.(`framework config: a project hook failed: ${(err as Error).stack ?? err}`);
    }
  }
  // A file whose own targets were set is judged again whenever it changes: not a dependency of others.
  for (const f of changed.keys()) deps.delete(f);
  return { targets: changed, errors, inputs: [...inputs].sort(), deps };
}

/** A span at a `line:column` function id (where a finding about a declared entry is reported). */
export function spanAtId(id: string): Span {
  const [line, column] = id.split(':').map(Number);
  return { line, column, endLine: line, endColumn: column };
}

// ------------------------------------------------------------------------------------------------
// serverless.ts / serverless.js: the exported configuration object, as far as a syntactic read allows.

const {
  isArrayLiteralExpression,
  isAsExpression,
  isBinaryExpression,
  isCallExpression,
  isExportAssignment,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isNumericLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isStringLiteral,
  isTemplateExpression,
  isVariableStatement,
  isImportDeclaration,
  isNamedImports,
  isExpressionStatement,
  isFunctionDeclaration,
  isExportDeclaration,
  isNamedExports,
} = ts;

const strip = (e: ts.Expression): ts.Expression =>
  isParenthesizedExpression(e) || isAsExpression(e) || isSatisfiesExpression(e) || e.kind === ts.SyntaxKind.NonNullExpression
    ? strip((e as ts.ParenthesizedExpression).expression)
    : e;

/**
 * The configuration a serverless.ts / serverless.js exports (`module.exports = config`, `export default`,
 * `export =`), evaluated syntactically: object and array literals, strings and templates, constants and
 * imports of other project modules (the aws-nodejs-typescript template's `functions: { hello }` with
 * `hello` imported from `@functions/hello`), spreads. `__dirname` is the module's folder; a call given
 * `__dirname` (`handlerPath(__dirname)`) is that folder relative to the config's. Anything else is unknown.
 */
function readConfigModule(configAbs: string, sf: ts.SourceFile, ctx: ProjectContext): unknown {
  const serviceDir = path.dirname(configAbs);
  const evaluating = new Set<string>();

  const exportOf = (abs: string, src: ts.SourceFile, name: string, depth: number): unknown => {
    for (const st of src.statements) {
      if (name === 'default' && isExportAssignment(st)) return value(abs, src, st.expression, depth);
      if (name === 'default' && isExpressionStatement(st) && isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = st.expression.left;
        if (isPropertyAccessExpression(left) && isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports') {
          return value(abs, src, st.expression.right, depth);
        }
      }
      if (isExportDeclaration(st) && st.exportClause && isNamedExports(st.exportClause) && !st.moduleSpecifier) {
        for (const el of st.exportClause.elements) if (el.name.text === name) return binding(abs, src, (el.propertyName ?? el.name).text, depth);
      }
      if (isVariableStatement(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        for (const d of st.declarationList.declarations) {
          if (isIdentifier(d.name) && d.name.text === name && d.initializer) return value(abs, src, d.initializer, depth);
        }
      }
    }
    return undefined;
  };

  const binding = (abs: string, src: ts.SourceFile, name: string, depth: number): unknown => {
    if (depth > 8) return undefined;
    const key = `${abs}\0${name}`;
    if (evaluating.has(key)) return undefined;
    evaluating.add(key);
    try {
      for (const st of src.statements) {
        if (isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) {
            if (isIdentifier(d.name) && d.name.text === name && d.initializer) return value(abs, src, d.initializer, depth);
          }
        } else if (isImportDeclaration(st) && isStringLiteral(st.moduleSpecifier) && st.importClause) {
          const clause = st.importClause;
          let imported: string | undefined;
          if (clause.name?.text === name) imported = 'default';
          else if (clause.namedBindings && isNamedImports(clause.namedBindings)) {
            const el = clause.namedBindings.elements.find((e) => e.name.text === name);
            if (el) imported = (el.propertyName ?? el.name).text;
          }
          if (!imported) continue;
          const target = ctx.resolveImport(abs, st.moduleSpecifier.text);
          const tsf = target ? ctx.parseSource(target) : undefined;
          return target && tsf ? exportOf(target, tsf, imported, depth + 1) : undefined;
        } else if (isFunctionDeclaration(st) && st.name?.text === name) return undefined;
      }
      return undefined;
    } finally {
      evaluating.delete(key);
    }
  };

  const mentionsDirname = (e: ts.Node): boolean => (isIdentifier(e) && e.text === '__dirname') || (ts.forEachChild(e, (c) => mentionsDirname(c) || undefined) ?? false);

  const value = (abs: string, src: ts.SourceFile, expr: ts.Expression, depth: number): unknown => {
    const e = strip(expr);
    if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (isNumericLiteral(e)) return Number(e.text);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (isIdentifier(e)) return e.text === '__dirname' ? path.dirname(abs) : binding(abs, src, e.text, depth);
    if (isTemplateExpression(e)) {
      let out = e.head.text;
      for (const span of e.templateSpans) {
        const v = value(abs, src, span.expression, depth);
        if (typeof v !== 'string' && typeof v !== 'number') return undefined;
        out += String(v) + span.literal.text;
      }
      return out;
    }
    if (isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = value(abs, src, e.left, depth);
      const r = value(abs, src, e.right, depth);
      return typeof l === 'string' && (typeof r === 'string' || typeof r === 'number') ? l + String(r) : undefined;
    }
    if (isCallExpression(e)) {
      const callee = e.expression;
      const args = e.arguments.map((a) => value(abs, src, a, depth));
      if (isPropertyAccessExpression(callee) && ['join', 'resolve'].includes(callee.name.text) && args.every((a) => typeof a === 'string')) {
        return path.join(...(args as string[]));
      }
      if (e.arguments.some(mentionsDirname)) return path.relative(serviceDir, path.dirname(abs)).split(path.sep).join('/');
      return undefined;
    }
    if (isArrayLiteralExpression(e)) {
      const out: unknown[] = [];
      for (const el of e.elements) {
        if (isSpreadElement(el)) {
          const v = value(abs, src, el.expression, depth);
          if (Array.isArray(v)) out.push(...v);
        } else out.push(value(abs, src, el, depth));
      }
      return out;
    }
    if (isObjectLiteralExpression(e)) {
      const out: Record<string, unknown> = {};
      for (const p of e.properties) {
        if (isPropertyAssignment(p)) {
          const key = isIdentifier(p.name) || isStringLiteral(p.name) || isNumericLiteral(p.name) ? p.name.text : undefined;
          if (key !== undefined) out[key] = value(abs, src, p.initializer, depth);
        } else if (isShorthandPropertyAssignment(p)) out[p.name.text] = binding(abs, src, p.name.text, depth);
        else if (isSpreadAssignment(p)) {
          const v = value(abs, src, p.expression, depth);
          if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
        }
      }
      return out;
    }
    return undefined;
  };

  return exportOf(configAbs, sf, 'default', 0);
}
