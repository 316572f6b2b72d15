// The one walk per file. It parses with the TypeScript compiler's own parser (raw nodes, no Program, no
// type checker) and produces a FileSummary: plain data that cross-file analysis, parallel workers and
// the cache can all use. Adapters and syntactic rules hook into the same walk through FilePlugin.
import { ts } from '#ts';
import type {
  BindingRef,
  CallRef,
  CallSite,
  ClassSummary,
  Emission,
  FileSummary,
  FunctionSummary,
  Span,
  ValueSummary,
} from '../types.js';
import type { ResolvedConfig } from '../config/types.js';
import { exportKind, importKinds, type LibraryModel } from './model.js';
import type { FileAbout, FilePlugin, ScanContext, Visitor } from './plugin.js';
import { nameGlobToRegExp } from './patterns.js';
import { moduleRuntime } from './runtime.js';
import { DIRECTIVE_MARK, collectDirectives } from './directives.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter, and these run for every node.
const SK = ts.SyntaxKind;
const FIRST_TYPE_NODE = SK.FirstTypeNode;
const LAST_TOKEN = SK.LastToken;
const LAST_TYPE_NODE = SK.LastTypeNode;
const {
  canHaveModifiers,
  forEachChild,
  getModifiers,
  isAccessor,
  isArrowFunction,
  isAsExpression,
  isAwaitExpression,
  isArrayLiteralExpression,
  isBinaryExpression,
  isConditionalExpression,
  isSpreadElement,
  isElementAccessExpression,
  isBlock,
  isCallExpression,
  isClassDeclaration,
  isClassExpression,
  isConstructorDeclaration,
  isEnumDeclaration,
  isExportAssignment,
  isExportDeclaration,
  isExternalModuleReference,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isMethodDeclaration,
  isNamedExports,
  isNamedImports,
  isNamespaceExport,
  isNamespaceImport,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isNonNullExpression,
  isNumericLiteral,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isOmittedExpression,
  isParenthesizedExpression,
  isPrivateIdentifier,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isReturnStatement,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSourceFile,
  isStringLiteral,
  isTypeAssertionExpression,
  isTypeReferenceNode,
  isVariableDeclaration,
  isVariableStatement,
} = ts;

interface VarInfo {
  /** Library kind of the value. */
  kind?: string;
  /** Id of the function the variable holds. */
  fn?: string;
  /** Class the variable holds an instance of. */
  instanceOf?: BindingRef;
  /** Declared at module scope: refer to it as a binding so other files' analysis can resolve it too. */
  topLevel?: boolean;
  /** A parameter of the function whose scope holds it: its position. */
  param?: number;
  /** A module-level `let`/`var` declared without a value: the first assignment gives it one (onAssignment). */
  lazy?: true;
}

type Scope = Map<string, VarInfo>;

export interface SummarizeOptions {
  config: ResolvedConfig;
  model: LibraryModel;
  plugins: FilePlugin[];
  /** Plugins chosen for the whole file at once (the adapters, see engine/file-work.ts), before `plugins`. */
  select?: (file: FileAbout) => readonly FilePlugin[];
  telemetryDecorators: Set<string>;
  /** `--debug`: parsing time is added here (ms). */
  timing?: { parse: number };
}

/** Compiled per-run settings the walk needs from config (regexes built once, not per file). */
export interface CompiledTelemetry {
  emitters: RegExp[];
  wrappers: RegExp[];
}

const compiledCache = new WeakMap<ResolvedConfig, CompiledTelemetry>();
export function compileTelemetry(config: ResolvedConfig): CompiledTelemetry {
  let c = compiledCache.get(config);
  if (!c) {
    c = {
      emitters: config.telemetry.emitters.map((p) => nameGlobToRegExp(p)),
      wrappers: config.telemetry.wrappers.map((p) => nameGlobToRegExp(p)),
    };
    compiledCache.set(config, c);
  }
  return c;
}

export function scriptKindFor(file: string): ts.ScriptKind {
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.(jsx)$/.test(file)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Type nodes, interfaces and type aliases: they hold no calls or functions to summarise (see `visitAll`). */
function isTypeOnly(kind: ts.SyntaxKind): boolean {
  return (kind >= FIRST_TYPE_NODE && kind <= LAST_TYPE_NODE) || kind === SK.InterfaceDeclaration || kind === SK.TypeAliasDeclaration;
}

/** Kinds that open a scope of the walk: functions (fnStack, scopes) and classes (classStack). */
const FUNCTION_SCOPE = new Uint8Array(SK.Count);
for (const k of [SK.FunctionDeclaration, SK.FunctionExpression, SK.ArrowFunction, SK.MethodDeclaration, SK.Constructor, SK.GetAccessor, SK.SetAccessor]) FUNCTION_SCOPE[k] = 1;
/** A node of this kind is a function the walk summarises (declaration, expression, arrow, method, constructor, accessor). */
export function isFunctionKind(kind: ts.SyntaxKind): boolean {
  return FUNCTION_SCOPE[kind] === 1;
}
const CLASS_SCOPE = new Uint8Array(SK.Count);
CLASS_SCOPE[SK.ClassDeclaration] = 1;
CLASS_SCOPE[SK.ClassExpression] = 1;

/**
 * The kinds the walk stops at: those `FileWalker.enter` acts on, and those adapters and rules handle. A file
 * whose plugins ask for another kind is walked node by node instead (`visitAll`), so this list only has to
 * be right for speed, never for results.
 */
const LISTED = new Uint8Array(SK.Count);
for (const k of [
  SK.SourceFile,
  SK.VariableDeclaration,
  SK.CallExpression,
  SK.BinaryExpression,
  SK.ExportAssignment,
  SK.JsxOpeningElement,
  SK.JsxSelfClosingElement,
  SK.NewExpression,
  SK.ImportDeclaration,
  SK.ObjectLiteralExpression,
  SK.TaggedTemplateExpression,
]) {
  LISTED[k] = 1;
}
for (let k = 0; k < SK.Count; k++) if (FUNCTION_SCOPE[k] || CLASS_SCOPE[k]) LISTED[k] = 1;

/** `undefined` or `null`: a variable initialised with it has no value yet. */
export function isUndefinedOrNull(e: ts.Node): boolean {
  return e.kind === SK.NullKeyword || (isIdentifier(e) && e.text === 'undefined');
}

/** Assignments that store a value: `=`, `??=`, `||=`. */
const ASSIGNMENTS = new Set<ts.SyntaxKind>([SK.EqualsToken, SK.QuestionQuestionEqualsToken, SK.BarBarEqualsToken]);

/** Where a value is stored, as a key: `instance`, `this.cache`; an element of a collection is the collection (`cache[key]` → `cache`). */
function sinkKey(expr: ts.Node): string | undefined {
  const e = unwrap(expr);
  if (isIdentifier(e)) return e.text;
  if (e.kind === SK.ThisKeyword) return 'this';
  if (isElementAccessExpression(e)) return sinkKey(e.expression);
  if (isPropertyAccessExpression(e)) {
    const base = sinkKey(e.expression);
    return base === undefined ? undefined : `${base}.${e.name.text}`;
  }
  return undefined;
}

/** Markers in the listed walk: the function or class opened last ends here. */
const END_FUNCTION = { kind: -1 } as unknown as ts.Node;
const END_CLASS = { kind: -2 } as unknown as ts.Node;

/**
 * Parent pointers for every node `forEachChild` reaches (all but JSDoc, which nothing here reads), and, in
 * the same recursion, the walk's nodes in source order: the listed kinds outside types, each function and
 * class followed by its end marker after its contents. The walk then runs over that list instead of
 * recursing through the tree a second time: most nodes (names, property accesses, blocks, statements)
 * need nothing but a parent. The compiler's own `setParentNodes` binds through a generic work queue and
 * measured 0.6 s on 10,000 files, against 0.15 s for this recursion; adapters and rules read `.parent`
 * anywhere in the tree, so every node is bound before the walk starts.
 */
let bindingParent: ts.Node;
/** The current file's listed nodes (files are bound and walked one at a time per thread). */
let listed: ts.Node[] = [];
/** How deep the binding recursion is (see MAX_NESTING). */
let depth = 0;

/**
 * Syntax nested deeper than this is not analysed: the file gets a `doctrines/analysis-error` finding on
 * every thread alike, whatever its stack. Code nested this deep is generated, never written (a 2,500-term
 * string concatenation is 2,500 levels); the big-stack thread that takes over files too deep for the
 * others' stacks (pool.ts) parses about 400,000 levels.
 */
export const MAX_NESTING = 20_000;

/** Thrown when a file's syntax is nested deeper than MAX_NESTING; `position`: where the limit was crossed. */
export class TooDeepError extends Error {
  constructor(readonly position: { line: number; column: number }) {
    super(`syntax nested deeper than ${MAX_NESTING.toLocaleString('en-US')} levels`);
  }
}

let bindingFile: ts.SourceFile;
function tooDeep(node: ts.Node): TooDeepError {
  const at = ts.getLineAndCharacterOfPosition(bindingFile, node.getStart(bindingFile));
  return new TooDeepError({ line: at.line + 1, column: at.character + 1 });
}

function bindChild(child: ts.Node): void {
  (child as { parent: ts.Node }).parent = bindingParent;
  const kind = child.kind;
  // Tokens and identifiers (over half the nodes) have no children: no recursion for them.
  if (kind <= LAST_TOKEN) return;
  if (++depth > MAX_NESTING) throw tooDeep(child);
  const saved = bindingParent;
  bindingParent = child;
  if (isTypeOnly(kind)) forEachChild(child, bindOnly);
  else if (!LISTED[kind]) forEachChild(child, bindChild);
  else {
    listed.push(child);
    forEachChild(child, bindChild);
    if (FUNCTION_SCOPE[kind]) listed.push(END_FUNCTION);
    else if (CLASS_SCOPE[kind]) listed.push(END_CLASS);
  }
  bindingParent = saved;
  depth--;
}
/** Parents only: inside types, where the walk does not go. */
function bindOnly(child: ts.Node): void {
  (child as { parent: ts.Node }).parent = bindingParent;
  if (child.kind <= LAST_TOKEN) return;
  if (++depth > MAX_NESTING) throw tooDeep(child);
  const saved = bindingParent;
  bindingParent = child;
  forEachChild(child, bindOnly);
  bindingParent = saved;
  depth--;
}
/** Bind every node's parent; returns the walk's nodes (see `bindChild`), valid until the next call. */
export function bindParents(sf: ts.SourceFile): readonly ts.Node[] {
  listed.length = 0;
  listed.push(sf);
  bindingParent = sf;
  bindingFile = sf;
  depth = 0;
  forEachChild(sf, bindChild);
  return listed;
}

/**
 * JSDoc is not parsed: nothing here reads it (suppression comments are found in the text), and skipping it
 * measured 7–13% off parsing (generated 10,000 files; langfuse).
 */
export const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export function summarizeFile(file: string, text: string, opts: SummarizeOptions): FileSummary {
  const parseStarted = opts.timing ? performance.now() : 0;
  const sf = ts.createSourceFile(file, text, PARSE_OPTIONS, false, scriptKindFor(file));
  const walk = bindParents(sf);
  if (opts.timing) opts.timing.parse += performance.now() - parseStarted;
  let summary: FileSummary;
  try {
    summary = new FileWalker(file, sf, opts).run(walk);
  } finally {
    // Not kept to the next file: it would hold this file's syntax tree.
    listed = [];
  }
  if (text.includes(DIRECTIVE_MARK)) {
    const directives = collectDirectives(sf);
    if (directives.length) summary.suppressions = directives;
  }
  return summary;
}

/** An empty object used as a dictionary: no prototype, dictionary mode from the start. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function unwrap(expr: ts.Node): ts.Node {
  while (
    isParenthesizedExpression(expr) ||
    isAsExpression(expr) ||
    isNonNullExpression(expr) ||
    isAwaitExpression(expr) ||
    isTypeAssertionExpression(expr) ||
    isSatisfiesExpression(expr)
  ) {
    expr = expr.expression;
  }
  return expr;
}

/** A literal whose value never varies: `'x'`, `` `x` ``, `42`, `'a' + 'b'`. */
function isLiteral(e: ts.Node): boolean {
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || isNumericLiteral(e)) return true;
  if (isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isLiteral(unwrap(e.left)) && isLiteral(unwrap(e.right));
  return false;
}

/**
 * `a`, `a.b.c`, `this.a.b`, `a?.b` (as `a.b`): the common callee shapes, spelled from their names without
 * reading the source text (callee texts are wanted for every call). Undefined for anything else.
 */
export function dottedName(node: ts.Node): string | undefined {
  if (isIdentifier(node)) return node.text;
  if (!isPropertyAccessExpression(node) || !isIdentifier(node.name)) return undefined;
  const base = node.expression.kind === SK.ThisKeyword ? 'this' : dottedName(node.expression);
  return base === undefined ? undefined : `${base}.${node.name.text}`;
}

function propName(name: ts.PropertyName | ts.MemberName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name)) {
    return name.text;
  }
  return undefined;
}

export function decoratorName(d: ts.Decorator): string | undefined {
  let e: ts.Node = d.expression;
  if (isCallExpression(e)) e = e.expression;
  if (isIdentifier(e)) return e.text;
  if (isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

const NO_DECORATORS: readonly ts.Decorator[] = [];
const NO_NAMES: readonly string[] = [];
/**
 * What a function summary's `emits`, `calls` and `children` (and a file's targets, registrations, findings
 * and parse errors) start as: one frozen empty array shared by all, replaced by an array of its own on the
 * first push (`append`). Most functions emit nothing and nest nothing; the summaries are kept for the whole
 * run, and three arrays per function was a third of them.
 */
const NONE = Object.freeze([]) as unknown as never[];
function append<T>(list: T[], item: T): T[] {
  if (list === NONE) return [item];
  list.push(item);
  return list;
}

/**
 * Line starts for positions: when the only line break in the text is `\n` (nearly all source), found with
 * indexOf instead of the compiler's character-by-character loop, and given to the source file so the
 * compiler's own position lookups use them too. Same result: the compiler also breaks lines at `\r`,
 * U+2028 and U+2029, and a text with any of those gets the compiler's.
 */
function lineStartsOf(sf: ts.SourceFile): readonly number[] {
  const text = sf.text;
  if (text.indexOf('\r') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0) return sf.getLineStarts();
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  (sf as unknown as { lineMap: readonly number[] }).lineMap = starts;
  return starts;
}

/** The 0-based line of a position: the last line start at or before it. */
function lineIndex(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!mods) return NO_DECORATORS;
  let out: ts.Decorator[] | undefined;
  for (const m of mods) if (m.kind === SK.Decorator) (out ??= []).push(m as ts.Decorator);
  return out ?? NO_DECORATORS;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!mods) return false;
  for (const m of mods) if (m.kind === kind) return true;
  return false;
}

/**
 * Function ids (`line:column`) by position, one string for all files: the same few thousand positions recur
 * in every file (`8:3`, `13:3`…), and each summary keys its functions by them. A new string per function
 * (105,000 on the generated 10,000 files) had V8 look it up in its string table for every dictionary store,
 * and kept them all.
 */
const functionIds = new Map<number, string>();
const ID_COLUMNS = 4096;
const MAX_SHARED_IDS = 200_000;

/**
 * The plugin handlers of the file being walked, indexed by SyntaxKind: one table for all files, emptied
 * after each (files are walked one at a time per thread). Filled to its full length up front: assigning
 * index 213 of an empty array gives it slow dictionary elements.
 */
const handlerTable: (((node: ts.Node) => void)[] | undefined)[] = new Array<undefined>(SK.Count).fill(undefined);

class FileWalker implements ScanContext {
  readonly summary: FileSummary;
  readonly config: ResolvedConfig;
  private readonly model: LibraryModel;
  private readonly telemetry: CompiledTelemetry;
  private readonly scopes: Scope[] = [new Map()];
  private readonly fnStack: FunctionSummary[] = [];
  /** The function nodes of fnStack, and where each stores what its parameters give when called (see onParamCall). */
  private readonly fnNodes: ts.FunctionLikeDeclaration[] = [];
  private readonly paramSinks: (Map<string, number> | undefined)[] = [];
  private readonly classStack: ClassSummary[] = [];
  /** The class nodes being walked, parallel to classStack: tells a class's own methods from nested ones. */
  private readonly classNodes: ts.Node[] = [];
  /** Plugin handlers indexed by SyntaxKind (an array: this lookup runs for every node); see `handlerTable`. */
  private readonly visitors = handlerTable;
  private readonly endHooks: (() => void)[] = [];
  private readonly exportedLocals = new Set<string>();
  /** Module-level `const x = require('…')` declarations, recorded as imports. */
  private readonly requireDeclarations = new Set<ts.VariableDeclaration>();
  private registrationOrder = 0;
  /** Kept as imports are recorded: enumerating a dictionary-mode object collects and sorts its keys. */
  readonly importSpecifiers = new Set<string>();
  private readonly lineStarts: readonly number[];

  constructor(
    readonly file: string,
    readonly sourceFile: ts.SourceFile,
    private readonly opts: SummarizeOptions,
  ) {
    this.config = opts.config;
    this.model = opts.model;
    this.telemetry = compileTelemetry(opts.config);
    this.lineStarts = lineStartsOf(sourceFile);
    this.summary = {
      file,
      // Dictionaries without a prototype: identifiers like `toString` or `constructor` must not find
      // Object.prototype members. They also start in V8's dictionary mode: `{}` given a different set of
      // keys in every file grows a hidden-class transition per key, kept alive by the retained summaries.
      imports: dict(),
      exports: dict(),
      functions: dict(),
      classes: dict(),
      values: dict(),
      // Most files have none of these: the shared empty array until the first one (see NONE).
      targets: NONE,
      registrations: NONE,
      findings: NONE,
      parseErrors: NONE,
    };
  }

  /** `walk`: the file's nodes the walk stops at, from `bindParents`. */
  run(walk: readonly ts.Node[]): FileSummary {
    const sf = this.sourceFile;
    const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    for (const d of diags.slice(0, 20)) {
      const start = d.start ?? 0;
      this.summary.parseErrors = append(this.summary.parseErrors, {
        message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
        span: this.spanOfRange(start, start + (d.length ?? 0)),
      });
    }
    this.collectModuleDeclarations();
    const runtime = moduleRuntime(sf, this.importSpecifiers);
    if (runtime) this.summary.runtime = runtime;
    const specifiers = this.importSpecifiers;
    const used: number[] = [];
    let unlisted = false;
    try {
      const about: FileAbout = { path: this.file, text: sf.text, importSpecifiers: specifiers, identifiers: (sf as unknown as { identifiers?: ReadonlyMap<string, string> }).identifiers };
      const selected = this.opts.select?.(about);
      if (selected) for (const plugin of selected) unlisted = this.usePlugin(plugin, used) || unlisted;
      for (const plugin of this.opts.plugins) {
        if (plugin.appliesTo && !plugin.appliesTo(about)) continue;
        unlisted = this.usePlugin(plugin, used) || unlisted;
      }
      if (unlisted) this.visitAll(sf);
      else this.visitListed(walk);
    } finally {
      for (const kind of used) this.visitors[kind] = undefined;
    }
    for (const end of this.endHooks) end();
    return this.summary;
  }

  /** Register a plugin's handlers for this file's walk; true if one handles a kind the listed walk leaves out. */
  private usePlugin(plugin: FilePlugin, used: number[]): boolean {
    const v: Visitor = plugin.create(this);
    let unlisted = false;
    for (const k in v) {
      const fn = v[k as keyof Visitor]!;
      if (k === 'end') this.endHooks.push(fn as () => void);
      else {
        const kind = SK[k as keyof typeof SK];
        if (typeof kind !== 'number') throw new Error(`a plugin handles "${k}", which is not a syntax kind`);
        const list = this.visitors[kind];
        if (list) list.push(fn as (node: ts.Node) => void);
        else {
          this.visitors[kind] = [fn as (node: ts.Node) => void];
          used.push(kind);
          if (!LISTED[kind]) unlisted = true;
        }
      }
    }
    return unlisted;
  }

  // ------------------------------------------------------------------------------------------
  // Module-level pre-pass: imports, exports, top-level names (hoisting: a route may name a handler
  // declared further down).

  private collectModuleDeclarations(): void {
    const top = this.scopes[0];
    for (const st of this.sourceFile.statements) {
      if (isImportDeclaration(st) && isStringLiteral(st.moduleSpecifier)) {
        const specifier = st.moduleSpecifier.text;
        const clause = st.importClause;
        if (!clause) {
          this.addLoad(specifier);
          continue;
        }
        if (clause.name) this.addImport(clause.name.text, specifier, 'default');
        const nb = clause.namedBindings;
        if (nb && isNamespaceImport(nb)) this.addImport(nb.name.text, specifier, '*');
        if (nb && isNamedImports(nb)) {
          for (const el of nb.elements) {
            this.addImport(el.name.text, specifier, (el.propertyName ?? el.name).text);
          }
        }
      } else if (isImportEqualsDeclaration(st) && isExternalModuleReference(st.moduleReference)) {
        const e = st.moduleReference.expression;
        if (isStringLiteral(e)) this.addImport(st.name.text, e.text, '*');
      } else if (isExportDeclaration(st)) {
        const spec = st.moduleSpecifier && isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        if (!st.exportClause) {
          if (spec) this.summary.exports[`*:${spec}`] = { kind: 'star', specifier: spec };
        } else if (isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) {
            const local = (el.propertyName ?? el.name).text;
            if (spec) this.summary.exports[el.name.text] = { kind: 're-export', specifier: spec, name: local };
            else {
              this.summary.exports[el.name.text] = { kind: 'local', name: local };
              this.exportedLocals.add(local);
            }
          }
        } else if (isNamespaceExport(st.exportClause) && spec) {
          this.summary.exports[st.exportClause.name.text] = { kind: 're-export', specifier: spec, name: '*' };
        }
      } else if (isExportAssignment(st)) {
        const e = unwrap(st.expression);
        if (isIdentifier(e)) this.summary.exports.default = { kind: 'local', name: e.text };
        else this.summary.exports.default = { kind: 'local', name: 'default' };
        this.exportedLocals.add(isIdentifier(e) ? e.text : 'default');
      } else {
        const exported = hasModifier(st, SK.ExportKeyword);
        const isDefault = hasModifier(st, SK.DefaultKeyword);
        const names: string[] = [];
        if ((isFunctionDeclaration(st) || isClassDeclaration(st)) && st.name) names.push(st.name.text);
        else if ((isFunctionDeclaration(st) || isClassDeclaration(st)) && isDefault) names.push('default');
        else if (isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) {
            if (this.recordRequire(d)) continue;
            if (isIdentifier(d.name)) names.push(d.name.text);
          }
        } else if (isEnumDeclaration(st)) names.push(st.name.text);
        for (const n of names) {
          top.set(n, { topLevel: true });
          if (exported) {
            this.summary.exports[isDefault ? 'default' : n] = { kind: 'local', name: n };
            this.exportedLocals.add(n);
          }
        }
      }
    }
  }

  /** A module loaded for its effects or later (FileSummary.loads). */
  private addLoad(specifier: string): void {
    const loads = (this.summary.loads ??= []);
    if (!loads.includes(specifier)) loads.push(specifier);
  }

  private addImport(local: string, specifier: string, name: string): void {
    this.summary.imports[local] = { specifier, name };
    this.importSpecifiers.add(specifier);
  }

  /**
   * CommonJS imports at module level: `const x = require('pkg')`, `const { a, b: c } = require('pkg')`,
   * `const x = require('pkg').y`. A package's `module.exports` is what its default import gives; a project
   * module's is its namespace. Recorded as imports, so receivers are recognised by origin as with `import`.
   */
  private recordRequire(d: ts.VariableDeclaration): boolean {
    let init: ts.Node | undefined = d.initializer && unwrap(d.initializer);
    let member: string | undefined;
    if (init && isPropertyAccessExpression(init)) {
      member = init.name.text;
      init = unwrap(init.expression);
    }
    if (!init || !isCallExpression(init) || !isIdentifier(init.expression) || init.expression.text !== 'require' || init.arguments.length !== 1) return false;
    const arg = init.arguments[0];
    if (!isStringLiteral(arg) && !isNoSubstitutionTemplateLiteral(arg)) return false;
    const specifier = arg.text;
    if (isIdentifier(d.name)) {
      const whole = specifier.startsWith('.') || specifier.startsWith('/') ? '*' : 'default';
      this.addImport(d.name.text, specifier, member ?? whole);
    } else if (isObjectBindingPattern(d.name) && !member) {
      for (const el of d.name.elements) {
        if (el.dotDotDotToken || !isIdentifier(el.name)) continue;
        const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
        if (prop) this.addImport(el.name.text, specifier, prop);
      }
    } else return false;
    this.requireDeclarations.add(d);
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // The walk

  /** The walk over the listed nodes (see `bindChild`): what `visitAll` does, without visiting the rest. */
  private visitListed(walk: readonly ts.Node[]): void {
    for (let i = 0; i < walk.length; i++) {
      const node = walk[i];
      if (node === END_FUNCTION) this.leaveFunction();
      else if (node === END_CLASS) this.leaveClass();
      else this.enter(node);
    }
  }

  /**
   * The walk node by node, for a file whose plugins handle a kind the listed walk leaves out. Types,
   * interfaces and type aliases hold no calls or functions to summarise; annotations that matter are read
   * directly where they are declared. Skipping them saves a large share of nodes.
   */
  private visitAll = (node: ts.Node): void => {
    const kind = node.kind;
    if (isTypeOnly(kind)) return;
    this.enter(node);
    if (kind > LAST_TOKEN) forEachChild(node, this.visitAll);
    if (FUNCTION_SCOPE[kind]) this.leaveFunction();
    else if (CLASS_SCOPE[kind]) this.leaveClass();
  };

  /**
   * After a function's contents: what it returns (its locals are known now: `const queue = new Queue(…);
   * return queue`), then what `enterFunction` pushed.
   */
  private leaveFunction(): void {
    const fn = this.fnStack.pop()!;
    const node = this.fnNodes.pop()!;
    const sinks = this.paramSinks.pop();
    const returns = this.returnKind(node);
    if (returns) fn.returns = returns;
    const returnsRef = this.returnedFunction(node);
    if (returnsRef) fn.returnsRef = returnsRef;
    else {
      const cls = returnedClass(node);
      if (cls) fn.returnsClass = cls;
    }
    if (sinks && fn.returnsParam === undefined) {
      const index = this.returnedSink(node, sinks);
      if (index !== undefined) fn.returnsParam = index;
    }
    this.scopes.pop();
  }

  /** After a class's contents: what `enterClass` pushed. */
  private leaveClass(): void {
    this.classStack.pop();
    this.classNodes.pop();
  }

  /** A node reached by the walk, before its children: what it declares or calls, then the plugins' handlers. */
  private enter(node: ts.Node): void {
    const kind = node.kind;
    if (FUNCTION_SCOPE[kind]) this.enterFunction(node as ts.FunctionLikeDeclaration);
    else if (CLASS_SCOPE[kind]) this.enterClass(node as ts.ClassLikeDeclaration);
    else {
      switch (kind) {
        case SK.VariableDeclaration:
          this.declareVariable(node as ts.VariableDeclaration);
          break;
        case SK.CallExpression:
          this.onCall(node as ts.CallExpression);
          break;
        case SK.BinaryExpression:
          if (ASSIGNMENTS.has((node as ts.BinaryExpression).operatorToken.kind)) this.onAssignment(node as ts.BinaryExpression);
          break;
        case SK.ExportAssignment:
          this.onExportDefault(node as ts.ExportAssignment);
          break;
        case SK.JsxOpeningElement:
        case SK.JsxSelfClosingElement:
          this.onJsxElement(node as ts.JsxOpeningElement | ts.JsxSelfClosingElement);
          break;
      }
    }
    const handlers = this.visitors[kind];
    if (handlers) for (const h of handlers) h(node);
  }

  /**
   * The library kind a function returns: its return type annotation, else an expression body or a
   * top-level `return` whose value has a kind known from imports (`return metrics.getMeter(name)`).
   */
  private returnKind(node: ts.FunctionLikeDeclaration): string | undefined {
    const annotated = this.kindOfType(node.type);
    if (annotated) return annotated;
    const body = node.body;
    if (!body) return undefined;
    if (!isBlock(body)) return this.kindOf(unwrap(body));
    for (const st of body.statements) {
      if (isReturnStatement(st) && st.expression) return this.kindOf(unwrap(st.expression));
    }
    return undefined;
  }

  /** A top-level name or a dynamically imported module's default export that a function returns uncalled. */
  private returnedFunction(node: ts.FunctionLikeDeclaration): CallRef | undefined {
    const body = node.body;
    if (!body) return undefined;
    let e: ts.Node | undefined = isBlock(body) ? body.statements.find(isReturnStatement)?.expression : body;
    if (!e) return undefined;
    e = unwrap(e);
    if (isAwaitExpression(e)) e = unwrap(e.expression);
    if (isCallExpression(e) && e.expression.kind === SK.ImportKeyword) {
      const spec = e.arguments[0];
      return spec && isStringLiteral(spec) ? { kind: 'binding', ref: { kind: 'import', specifier: spec.text, name: 'default' } } : undefined;
    }
    if (!isIdentifier(e) && !isPropertyAccessExpression(e)) return undefined;
    const ref = this.calleeRef(e);
    return ref?.kind === 'call' ? undefined : ref;
  }

  private enterFunction(node: ts.FunctionLikeDeclaration): void {
    const id = this.fnId(node);
    const cls = this.classStack[this.classStack.length - 1];
    const isMember = isMethodDeclaration(node) || isConstructorDeclaration(node) || isAccessor(node);
    const owner = isMember && cls && node.parent === this.classNodes[this.classNodes.length - 1] ? cls : undefined;
    const name = this.functionName(node, owner);
    const fn: FunctionSummary = { id, name, emits: NONE, calls: NONE, children: NONE };
    if (owner) fn.className = owner.name;
    const decorated = decoratorsOf(node);
    const decorators = decorated.length ? decorated.map(decoratorName).filter((n): n is string => !!n) : NO_NAMES;
    if (decorators.length) {
      fn.decorators = decorators as string[];
      const hit = decorators.find((d) => this.opts.telemetryDecorators.has(d));
      if (hit) fn.decoratedBy = { family: 'decorator', api: `@${hit}`, line: this.line(node) };
    }
    const parent = this.fnStack[this.fnStack.length - 1];
    if (parent) parent.children = append(parent.children, id);
    this.summary.functions[id] = fn;
    if (owner && name.includes('.')) {
      const member = name.slice(name.lastIndexOf('.') + 1);
      owner.methods[member] = id;
    }
    // Function declarations are visible by name in the enclosing scope (hoisted).
    if (isFunctionDeclaration(node) && node.name) {
      const scope = this.scopes[this.scopes.length - 1];
      // The pre-pass's entry for a top-level name is the scope's own: filled in rather than copied.
      const existing = scope.get(node.name.text);
      if (existing) existing.fn = id;
      else scope.set(node.name.text, { fn: id });
      if (this.scopes.length === 1) this.summary.values[node.name.text] = { kind: 'function', id };
    } else if (isFunctionDeclaration(node) && !node.name && hasModifier(node, SK.DefaultKeyword)) {
      this.summary.values.default = { kind: 'function', id };
    }
    this.fnStack.push(fn);
    this.fnNodes.push(node);
    this.paramSinks.push(undefined);
    const scope: Scope = new Map();
    this.scopes.push(scope);
    const cbKind = this.callbackParamKind(node);
    const params = node.parameters;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const kind = this.kindOfType(p.type) ?? (i === 0 ? cbKind : undefined);
      if (isIdentifier(p.name)) scope.set(p.name.text, kind ? { kind, param: i } : { param: i });
      else for (const n of this.bindingNames(p.name)) scope.set(n, kind ? { kind } : {});
      if (owner && isConstructorDeclaration(node) && isIdentifier(p.name) && canHaveModifiers(p) && getModifiers(p)?.length) {
        this.recordProperty(owner, p.name.text, p.type, undefined);
      }
    }
  }

  /** `tracer.startActiveSpan('x', span => …)`: the first parameter's kind comes from the library model. */
  private callbackParamKind(node: ts.FunctionLikeDeclaration): string | undefined {
    // `const plugin: FastifyPluginAsync = async (app) => …`: the declared type gives the first parameter's kind.
    const decl = node.parent;
    if (decl && isVariableDeclaration(decl) && decl.initializer === node && decl.type) {
      const k = this.kindOfType(decl.type);
      return k ? this.model.callbackParams[k]?.[':'] : undefined;
    }
    const call = node.parent;
    if (!call || !isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return undefined;
    const callee = unwrap(call.expression);
    if (isPropertyAccessExpression(callee)) {
      const k = this.kindOf(callee.expression);
      return k ? this.model.callbackParams[k]?.[`${callee.name.text}()`] : undefined;
    }
    const k = this.kindOf(callee);
    return k ? this.model.callbackParams[k]?.['()'] : undefined;
  }

  private bindingNames(name: ts.BindingName): string[] {
    if (isIdentifier(name)) return [name.text];
    const out: string[] = [];
    for (const el of name.elements) if (!isOmittedExpression(el)) out.push(...this.bindingNames(el.name));
    return out;
  }

  private functionName(node: ts.FunctionLikeDeclaration, owner: ClassSummary | undefined): string {
    const prefix = owner ? `${owner.name}.` : '';
    if (isConstructorDeclaration(node)) return `${prefix}constructor`;
    const own = propName(node.name as ts.PropertyName | undefined);
    if (own) return prefix + own;
    const p = node.parent;
    if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
    if (p && (isPropertyAssignment(p) || isPropertyDeclaration(p))) {
      const n = propName(p.name);
      const cls = this.classStack[this.classStack.length - 1];
      if (n) return isPropertyDeclaration(p) && cls ? `${cls.name}.${n}` : n;
    }
    if (p && isExportAssignment(p)) return 'default';
    // `exports.handler = async (event) => …`, `obj.onload = function () { … }`.
    if (p && isBinaryExpression(p) && p.right === node && isPropertyAccessExpression(p.left)) return p.left.name.text;
    return '<anonymous>';
  }

  private enterClass(node: ts.ClassLikeDeclaration): void {
    let name = node.name?.text;
    if (!name && node.parent && isVariableDeclaration(node.parent) && isIdentifier(node.parent.name)) name = node.parent.name.text;
    if (!name) name = hasModifier(node, SK.DefaultKeyword) ? 'default' : '<class>';
    const cls: ClassSummary = {
      name,
      span: this.span(node),
      exported: this.isExported(name) || hasModifier(node, SK.ExportKeyword),
      decorators: decoratorsOf(node).map(decoratorName).filter((n): n is string => !!n),
      methods: dict(),
      properties: dict(),
    };
    for (const d of decoratorsOf(node)) {
      const ref = this.refOf(d.expression);
      if (ref) (cls.decoratorRefs ??= []).push(ref);
    }
    for (const h of node.heritageClauses ?? []) {
      for (const t of h.types) {
        const ref = this.bindingRefOf(t.expression);
        if (!ref) continue;
        if (h.token === SK.ExtendsKeyword) cls.extends = ref;
        else (cls.implements ??= []).push(ref);
      }
    }
    // Pushed first: property initializers may read earlier properties (`consumer = this.kafka.consumer()`).
    this.classStack.push(cls);
    this.classNodes.push(node);
    // Property declarations are known before method bodies are walked (`this.tracer` used above its declaration).
    for (const m of node.members) {
      if (isPropertyDeclaration(m)) {
        const n = propName(m.name);
        if (n) this.recordProperty(cls, n, m.type, m.initializer);
        if (n && m.initializer && (isArrowFunction(m.initializer) || isFunctionExpression(m.initializer))) {
          cls.methods[n] = this.fnId(m.initializer);
        }
      } else if (m.kind === SK.GetAccessor && (m as ts.GetAccessorDeclaration).type) {
        // A typed getter reads like a typed property: `private get tracer(): Tracer { … }` then `this.tracer.startSpan(…)`.
        const g = m as ts.GetAccessorDeclaration;
        const n = propName(g.name);
        if (n && !cls.propertyTypes?.[n]) this.recordProperty(cls, n, g.type, undefined);
      }
    }
    if (!this.summary.classes[name] || this.scopes.length === 1) this.summary.classes[name] = cls;
  }

  private recordProperty(cls: ClassSummary, name: string, type: ts.TypeNode | undefined, init: ts.Expression | undefined): void {
    const kind = this.kindOfType(type) ?? (init ? this.kindOf(init) : undefined);
    if (kind) (cls.propertyTypes ??= {})[name] = kind;
    if (type && isTypeReferenceNode(type)) {
      const ref = this.bindingRefOfEntity(type.typeName);
      if (ref) cls.properties[name] = ref;
    } else if (init) {
      const e = unwrap(init);
      if (isNewExpression(e)) {
        const ref = this.bindingRefOf(e.expression);
        if (ref) cls.properties[name] = ref;
      }
    }
  }

  private onAssignment(node: ts.BinaryExpression): void {
    const left = node.left;
    const cls = this.classStack[this.classStack.length - 1];
    if (cls && isPropertyAccessExpression(left) && left.expression.kind === SK.ThisKeyword) {
      if (!cls.properties[left.name.text] && !cls.propertyTypes?.[left.name.text]) {
        this.recordProperty(cls, left.name.text, undefined, node.right);
      }
    } else if (isIdentifier(left)) {
      const info = this.lookup(left.text);
      const kind = this.kindOf(node.right);
      if (info && kind && !info.kind) info.kind = kind;
      // `let tracer; export function init() { tracer = trace.getTracer('x') }`, `client ??= createClient()`:
      // a module-level variable declared without a value has the first one assigned to it.
      if (info?.lazy && !this.summary.values[left.text]) {
        info.lazy = undefined;
        const init = unwrap(node.right);
        const v = this.valueOf(init, {
          kind,
          fn: isArrowFunction(init) || isFunctionExpression(init) ? this.fnId(init) : undefined,
          instanceOf: isNewExpression(init) ? this.bindingRefOf(init.expression) : undefined,
        });
        if (v) this.summary.values[left.text] = v;
      }
    } else if (this.fnStack.length === 0 && isPropertyAccessExpression(left)) this.onCommonJsExport(left, node.right);
  }

  /**
   * CommonJS exports at module level: `exports.name = …`, `module.exports.name = …`, `module.exports = {
   * name, other: … }`. Recorded as exports (a value with the local name `exports.name` when it is not a
   * top-level binding), so `require` of the module and declared entry points (`handler: file.name` in a
   * serverless.yml) resolve as they do for `export`.
   */
  private onCommonJsExport(left: ts.PropertyAccessExpression, right: ts.Expression): void {
    const target = left.expression;
    const isModuleExports = (e: ts.Node) => isPropertyAccessExpression(e) && isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
    const exportOne = (name: string, value: ts.Node) => {
      const e = unwrap(value);
      if (isIdentifier(e) && this.scopes[0].has(e.text)) {
        this.summary.exports[name] = { kind: 'local', name: e.text };
        return;
      }
      const info: VarInfo = { kind: this.kindOf(e), fn: isArrowFunction(e) || isFunctionExpression(e) || isMethodDeclaration(e) ? this.fnId(e) : undefined };
      const v = this.valueOf(e, info);
      if (!v) return;
      this.summary.values[`exports.${name}`] = v;
      this.summary.exports[name] = { kind: 'local', name: `exports.${name}` };
    };
    if ((isIdentifier(target) && target.text === 'exports' && !this.lookup('exports')) || isModuleExports(target)) exportOne(left.name.text, right);
    else if (isModuleExports(left) && isObjectLiteralExpression(unwrap(right))) {
      for (const p of (unwrap(right) as ts.ObjectLiteralExpression).properties) {
        if (isShorthandPropertyAssignment(p)) exportOne(p.name.text, p.name);
        else if (isPropertyAssignment(p) || isMethodDeclaration(p)) {
          const n = propName(p.name);
          if (n) exportOne(n, isPropertyAssignment(p) ? p.initializer : p);
        }
      }
    }
  }

  /** `export default wrap(fn)` / `export default async (app) => …` / `export default new Metrics()`: the default export's value. */
  private onExportDefault(node: ts.ExportAssignment): void {
    const e = unwrap(node.expression);
    if (isIdentifier(e)) return;
    const info: VarInfo = {
      kind: this.kindOf(e),
      fn: isArrowFunction(e) || isFunctionExpression(e) ? this.fnId(e) : undefined,
      instanceOf: isNewExpression(e) ? this.bindingRefOf(e.expression) : undefined,
    };
    const v = this.valueOf(e, info);
    if (v) this.summary.values.default = v;
  }

  private declareVariable(node: ts.VariableDeclaration): void {
    // A `require` recorded as an import: a scope entry would hide the import from kindOf and refOf.
    if (this.requireDeclarations.has(node)) return;
    if (!isIdentifier(node.name)) {
      const scope = this.scopes[this.scopes.length - 1];
      // `const { users } = proto`, `const { Pool } = pg`: a property of a value of known kind has the
      // member's kind.
      const initKind = node.initializer && isObjectBindingPattern(node.name) ? this.kindOf(node.initializer) : undefined;
      const members = initKind ? this.model.members[initKind] : undefined;
      if (members && isObjectBindingPattern(node.name)) {
        for (const el of node.name.elements) {
          if (el.dotDotDotToken || !isIdentifier(el.name) || scope.has(el.name.text)) continue;
          const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
          const kind = prop ? (members[prop] ?? members['*']) : undefined;
          scope.set(el.name.text, kind ? { kind } : {});
        }
      }
      for (const n of this.bindingNames(node.name)) if (!scope.has(n)) scope.set(n, {});
      return;
    }
    const name = node.name.text;
    const scope = this.scopes[this.scopes.length - 1];
    const topLevel = this.scopes.length === 1;
    const info: VarInfo = { topLevel: topLevel || undefined };
    const init = node.initializer ? unwrap(node.initializer) : undefined;
    info.kind = this.kindOfType(node.type) ?? (init ? this.kindOf(init) : undefined);
    if (init && (isArrowFunction(init) || isFunctionExpression(init))) info.fn = this.fnId(init);
    if (init && isNewExpression(init)) info.instanceOf = this.bindingRefOf(init.expression);
    else if (init && isCallExpression(init)) info.instanceOf = this.containerInstance(init);
    scope.set(name, info);
    if (topLevel && init) {
      const constant = node.parent.flags & ts.NodeFlags.Const && isLiteral(init) ? ({ kind: 'constant' } as const) : undefined;
      const v = constant ?? this.valueOf(init, info);
      if (v) this.summary.values[name] = v;
    } else if (topLevel && info.kind) {
      // `let tracer: Tracer;`, assigned later (a lazily required client): a value of the declared kind.
      this.summary.values[name] = { kind: 'typed', type: info.kind };
    } else if (topLevel && !(node.parent.flags & ts.NodeFlags.Const) && (!init || isUndefinedOrNull(init))) {
      info.lazy = true;
    }
  }

  private valueOf(init: ts.Node, info: VarInfo): ValueSummary | undefined {
    if (info.fn) return { kind: 'function', id: info.fn };
    if (info.kind) return { kind: 'typed', type: info.kind };
    if (info.instanceOf) return { kind: 'instance', of: info.instanceOf };
    // `const auth = middleware.sessionAuth.bind(middleware)` runs `sessionAuth`.
    if (isCallExpression(init) && isPropertyAccessExpression(init.expression) && init.expression.name.text === 'bind') {
      const ref = this.refOf(init);
      return ref ? { kind: 'alias', ref } : undefined;
    }
    if (isArrayLiteralExpression(init) || (isConditionalExpression(init) && (isArrayLiteralExpression(unwrap(init.whenTrue)) || isArrayLiteralExpression(unwrap(init.whenFalse))))) {
      const items: CallRef[] = [];
      const add = (e: ts.Expression) => {
        const x = unwrap(e);
        if (isArrayLiteralExpression(x)) {
          for (const el of x.elements) if (!isSpreadElement(el)) add(el);
        } else if (isConditionalExpression(x)) {
          add(x.whenTrue);
          add(x.whenFalse);
        } else if (!isLiteral(x)) {
          const r = this.refOf(x);
          if (r) items.push(r);
        }
      };
      add(init as ts.Expression);
      return items.length ? { kind: 'list', items } : undefined;
    }
    if (isCallExpression(init)) {
      const site = this.callSite(init);
      if (!site) return undefined;
      // What inline function arguments return, for a generic helper (`singleton('tracer', () => trace.getTracer('x'))`).
      const args = init.arguments;
      for (let i = 0; i < args.length; i++) {
        const a = unwrap(args[i]);
        const k = isArrowFunction(a) || isFunctionExpression(a) ? this.returnKind(a) : undefined;
        if (k) (site.argReturns ??= {})[i] = k;
      }
      return { kind: 'call', call: site };
    }
    if (isObjectLiteralExpression(init)) {
      const members: Record<string, CallRef> = {};
      for (const p of init.properties) {
        if (isPropertyAssignment(p)) {
          const n = propName(p.name);
          const r = n ? this.refOf(p.initializer) : undefined;
          if (n && r) members[n] = r;
        } else if (isShorthandPropertyAssignment(p)) {
          const r = this.refOf(p.name);
          if (r) members[p.name.text] = r;
        } else if (isMethodDeclaration(p)) {
          const n = propName(p.name);
          if (n) members[n] = { kind: 'fn', id: this.fnId(p) };
        }
      }
      return { kind: 'object', members };
    }
    if (isClassExpression(init)) return undefined;
    const ref = this.refOf(init);
    return ref ? { kind: 'alias', ref } : undefined;
  }

  private onCall(node: ts.CallExpression): void {
    const fn = this.fnStack[this.fnStack.length - 1];
    const callee = node.expression;
    // `import('./x')` anywhere, `require('./x')` other than a top-level declaration (recorded as an import).
    if ((callee.kind === SK.ImportKeyword || (callee.kind === SK.Identifier && (callee as ts.Identifier).text === 'require')) && node.arguments.length === 1) {
      const arg = node.arguments[0];
      if ((isStringLiteral(arg) || isNoSubstitutionTemplateLiteral(arg)) && !(isVariableDeclaration(node.parent) && this.requireDeclarations.has(node.parent))) this.addLoad(arg.text);
    }
    if (fn && callee.kind === SK.Identifier) {
      const param = this.scopes[this.scopes.length - 1].get((callee as ts.Identifier).text)?.param;
      if (param !== undefined) this.onParamCall(node, fn, param);
    }
    const emission = this.emissionOf(node);
    if (emission) {
      if (fn) fn.emits = append(fn.emits, emission);
      return;
    }
    if (!fn) return;
    const site = this.callSite(node);
    if (site) fn.calls = append(fn.calls, site);
  }

  /**
   * A call of a parameter of the current function (`factory()`): returned (`return factory()`, `return
   * (instance ??= factory())`), it makes the function a generic helper at once; stored (`cache.set(key,
   * factory())`, `instance = factory()`, `const v = factory()`), it does when the function returns what it
   * was stored in (returnedSink).
   */
  private onParamCall(node: ts.CallExpression, fn: FunctionSummary, param: number): void {
    let c: ts.Node = node;
    let p = c.parent;
    const skip = () => {
      while (p && (isParenthesizedExpression(p) || isAsExpression(p) || isNonNullExpression(p) || isAwaitExpression(p) || isSatisfiesExpression(p))) {
        c = p;
        p = p.parent;
      }
    };
    skip();
    let sink: string | undefined;
    if (isBinaryExpression(p) && p.right === c && ASSIGNMENTS.has(p.operatorToken.kind)) {
      sink = sinkKey(p.left);
      c = p;
      p = p.parent;
      skip();
    } else if (isVariableDeclaration(p) && p.initializer === c && isIdentifier(p.name)) {
      sink = p.name.text;
    } else if (isCallExpression(p) && p.arguments.includes(c as ts.Expression) && isPropertyAccessExpression(p.expression) && p.expression.name.text === 'set') {
      sink = sinkKey(p.expression.expression);
    }
    if (isReturnStatement(p) || (isArrowFunction(p) && p.body === c)) {
      fn.returnsParam ??= param;
      return;
    }
    if (!sink) return;
    const i = this.paramSinks.length - 1;
    const sinks = (this.paramSinks[i] ??= new Map());
    if (!sinks.has(sink)) sinks.set(sink, param);
  }

  /** The parameter whose call result a function returns through where it stored it (`return cache.get(key)`, `return instance`). */
  private returnedSink(node: ts.FunctionLikeDeclaration, sinks: Map<string, number>): number | undefined {
    const body = node.body;
    if (!body) return undefined;
    const returned = isBlock(body) ? body.statements.filter(isReturnStatement).map((r) => r.expression) : [body];
    for (const r of returned) {
      if (!r) continue;
      let e = unwrap(r);
      while (isAwaitExpression(e) || isNonNullExpression(e)) e = unwrap(e.expression);
      let key: string | undefined;
      if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'get') key = sinkKey(e.expression.expression);
      else if (isElementAccessExpression(e)) key = sinkKey(e.expression);
      else key = sinkKey(e);
      const index = key !== undefined ? sinks.get(key) : undefined;
      if (index !== undefined) return index;
    }
    return undefined;
  }

  /**
   * Rendering runs code: `<PageViewTracker />` calls that component (its effects on mount), a library
   * component that emits (`<Profiler>`) is an emission, and `onClick={trackCheckout}` hands the user's
   * interaction to that function. Lower-case tags are host elements; inline handlers are closures already.
   */
  private onJsxElement(node: ts.JsxOpeningElement | ts.JsxSelfClosingElement): void {
    const fn = this.fnStack[this.fnStack.length - 1];
    if (!fn) return;
    const tag = node.tagName;
    const line = this.line(node);
    if (!(isIdentifier(tag) && /^[a-z]/.test(tag.text)) && tag.kind !== SK.ThisKeyword) {
      const k = this.kindOf(tag);
      const family = k ? this.model.emits[k]?.['()'] : undefined;
      const callee = family ? undefined : this.calleeRef(tag);
      if (family) fn.emits = append(fn.emits, { family, api: `<${this.calleeText(tag)}>`, line });
      else if (callee) fn.calls = append(fn.calls, { callee, text: `<${this.calleeText(tag)}>`, line });
    }
    for (const attr of node.attributes.properties) {
      if (attr.kind !== SK.JsxAttribute || !isIdentifier(attr.name) || !/^on[A-Z]/.test(attr.name.text)) continue;
      const init = attr.initializer;
      const value = init && init.kind === SK.JsxExpression ? init.expression : undefined;
      if (!value || isArrowFunction(value) || isFunctionExpression(value)) continue;
      const callee = this.refOf(value);
      if (callee) fn.calls = append(fn.calls, { callee, text: `${attr.name.text}={${this.calleeText(value)}}`, line: this.line(attr) });
    }
  }

  /** An emission recognised in this file alone: a library kind's emitting member, or a configured emitter. */
  private emissionOf(node: ts.CallExpression): Emission | undefined {
    const callee = unwrap(node.expression);
    let family: string | undefined;
    if (isPropertyAccessExpression(callee)) {
      const k = this.kindOf(callee.expression);
      family = k ? this.model.emits[k]?.[`${callee.name.text}()`] : undefined;
    } else if (isIdentifier(callee)) {
      const k = this.kindOf(callee);
      family = k ? this.model.emits[k]?.['()'] : undefined;
    }
    const configured = this.telemetry.emitters.length > 0 || this.telemetry.wrappers.length > 0;
    if (!family && !configured) return undefined;
    const text = this.calleeText(callee);
    if (!family && (this.telemetry.emitters.some((r) => r.test(text)) || this.telemetry.wrappers.some((r) => r.test(text)))) {
      family = 'config';
    }
    if (!family) return undefined;
    return { family, api: text, line: this.line(node) };
  }

  /** The callee as written, compact: no whitespace, no leading `this.`, `?.` as `.`; long ones cut. */
  calleeText(callee: ts.Node): string {
    const d = dottedName(callee);
    const t = d !== undefined ? (d.startsWith('this.') ? d.slice(5) : d) : this.text(callee).replace(/\s+/g, '').replace(/^this\./, '').replace(/\?\./g, '.');
    return t.length > 80 ? `${t.slice(0, 77)}...` : t;
  }

  private callSite(node: ts.CallExpression): CallSite | undefined {
    const callee = this.calleeRef(node.expression);
    if (!callee) return undefined;
    const site: CallSite = { callee, text: this.calleeText(unwrap(node.expression)), line: this.line(node) };
    const fnArgs: CallRef[] = [];
    const addFn = (u: ts.Node) => {
      if (isArrowFunction(u) || isFunctionExpression(u)) fnArgs.push({ kind: 'fn', id: this.fnId(u) });
      else if (isIdentifier(u) || isPropertyAccessExpression(u)) {
        const r = this.refOf(u);
        if (r) fnArgs.push(r);
      }
    };
    for (const a of node.arguments) {
      const u = unwrap(a);
      if (!isObjectLiteralExpression(u)) {
        addFn(u);
        continue;
      }
      // Callbacks handed over in an options object (`createHandler({ createContext, onError: (e) => … })`)
      // run when the result runs, as function arguments do.
      for (const p of u.properties) {
        if (isPropertyAssignment(p)) addFn(unwrap(p.initializer));
        else if (isShorthandPropertyAssignment(p)) addFn(p.name);
        else if (isMethodDeclaration(p)) fnArgs.push({ kind: 'fn', id: this.fnId(p) });
      }
    }
    if (fnArgs.length) site.fnArgs = fnArgs;
    return site;
  }

  // ------------------------------------------------------------------------------------------
  // References

  private lookup(name: string): VarInfo | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v) return v;
    }
    return undefined;
  }

  private bindingRefOf(expr: ts.Node): BindingRef | undefined {
    const e = unwrap(expr);
    if (isIdentifier(e)) {
      const v = this.lookup(e.text);
      if (v && !v.topLevel) return undefined;
      if (v) return { kind: 'local', name: e.text };
      const imp = this.summary.imports[e.text];
      if (imp) return { kind: 'import', specifier: imp.specifier, name: imp.name };
      return undefined;
    }
    if (isPropertyAccessExpression(e) && isIdentifier(e.expression)) {
      const imp = this.summary.imports[e.expression.text];
      if (imp && imp.name === '*' && !this.lookup(e.expression.text)) return { kind: 'import', specifier: imp.specifier, name: e.name.text };
    }
    return undefined;
  }

  /**
   * `injector.get(OrdersProvider)`, `moduleRef.get(OrdersService)`: a dependency-injection container handing
   * out the instance of a class (graphql-modules resolvers reach their providers so). A capitalised name only:
   * `map.get(key)` is no instance.
   */
  /**
   * A call at the end of a chain on a module-level name or import whose kind this file cannot know
   * (`tracer.scope().active()?.setTag(…)` with `tracer` from a project module): the member is the path
   * from that name, calls marked `()` (`scope().active().setTag`), for the graph to follow by kind
   * (CallRef `member` with a path).
   */
  private memberPath(obj: ts.Expression, member: string): CallRef | undefined {
    const segments: string[] = [];
    let e: ts.Expression = unwrap(obj) as ts.Expression;
    for (let hops = 0; hops < 8; hops++) {
      if (isCallExpression(e) && isPropertyAccessExpression(unwrap(e.expression))) {
        const pa = unwrap(e.expression) as ts.PropertyAccessExpression;
        segments.unshift(`${pa.name.text}()`);
        e = unwrap(pa.expression) as ts.Expression;
      } else if (isPropertyAccessExpression(e)) {
        segments.unshift(e.name.text);
        e = unwrap(e.expression) as ts.Expression;
      } else if (isCallExpression(e) && isIdentifier(e.expression) && !e.arguments.length) {
        // `getMeter().createCounter('orders').add(1)`: what a project function returns, called at the root.
        segments.unshift('()');
        e = e.expression;
        break;
      } else break;
    }
    if (!segments.length || !isIdentifier(e) || this.kindOf(e)) return undefined;
    const v = this.lookup(e.text);
    if (v && !v.topLevel) return undefined;
    const of = this.bindingRefOf(e);
    if (!of || (of.kind === 'import' && of.name === '*')) return undefined;
    return { kind: 'member', of, member: `${segments.join('.')}.${member}` };
  }

  private containerInstance(call: ts.CallExpression): BindingRef | undefined {
    const callee = call.expression;
    if (call.arguments.length !== 1 || !isPropertyAccessExpression(callee) || callee.name.text !== 'get') return undefined;
    const arg = call.arguments[0];
    if (!isIdentifier(arg)) return undefined;
    const c = arg.text.charCodeAt(0);
    return c >= 65 && c <= 90 ? this.bindingRefOf(arg) : undefined;
  }

  private bindingRefOfEntity(name: ts.EntityName): BindingRef | undefined {
    if (isIdentifier(name)) {
      if (this.scopes[0].has(name.text)) return { kind: 'local', name: name.text };
      const imp = this.summary.imports[name.text];
      return imp ? { kind: 'import', specifier: imp.specifier, name: imp.name } : undefined;
    }
    if (isIdentifier(name.left)) {
      const imp = this.summary.imports[name.left.text];
      if (imp?.name === '*') return { kind: 'import', specifier: imp.specifier, name: name.right.text };
    }
    return undefined;
  }

  private calleeRef(expr: ts.Node): CallRef | undefined {
    const e = unwrap(expr);
    if (isCallExpression(e)) {
      // A curried wrapper: `traceFunction(options)(fn)` calls what `traceFunction(options)` returns.
      const site = this.callSite(e);
      return site ? { kind: 'call', call: site } : undefined;
    }
    if (isIdentifier(e)) {
      const v = this.lookup(e.text);
      if (v?.fn) return { kind: 'fn', id: v.fn };
      if (v && !v.topLevel) return undefined;
      const b = this.bindingRefOf(e);
      return b ? { kind: 'binding', ref: b } : undefined;
    }
    if (isPropertyAccessExpression(e)) {
      const member = e.name.text;
      const obj = unwrap(e.expression);
      const cls = this.classStack[this.classStack.length - 1];
      if (obj.kind === SK.ThisKeyword && cls) {
        return { kind: 'member', of: { kind: 'local', name: cls.name }, member, instanceOf: true };
      }
      // `super.logout(…)`: the base class's method (a resolver or controller extending a shared base).
      if (obj.kind === SK.SuperKeyword && cls?.extends) return { kind: 'member', of: cls.extends, member, instanceOf: true };
      if (isPropertyAccessExpression(obj) && obj.expression.kind === SK.ThisKeyword && cls) {
        const of = cls.properties[obj.name.text];
        return of ? { kind: 'member', of, member, instanceOf: true } : undefined;
      }
      if (isNewExpression(obj)) {
        const of = this.bindingRefOf(obj.expression);
        return of ? { kind: 'member', of, member, instanceOf: true } : undefined;
      }
      if (isCallExpression(obj)) {
        const of = this.containerInstance(obj);
        if (of) return { kind: 'member', of, member, instanceOf: true };
        return this.memberPath(obj, member);
      }
      if (isIdentifier(obj)) {
        const v = this.lookup(obj.text);
        if (v?.instanceOf) return { kind: 'member', of: v.instanceOf, member, instanceOf: true };
        if (v && !v.topLevel) return undefined;
        const b = this.bindingRefOf(obj);
        if (!b) return undefined;
        // `ns.fn()` on a namespace import is a plain binding of that module's export.
        if (b.kind === 'import' && b.name === '*') return { kind: 'binding', ref: { kind: 'import', specifier: b.specifier, name: member } };
        return { kind: 'member', of: b, member };
      }
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------
  // ScanContext: methods on the prototype, not arrow-function fields, so a walker (one per file) does not
  // allocate a closure for each of them.

  kindOf(expr: ts.Node): string | undefined {
    const e = unwrap(expr);
    switch (e.kind) {
      case SK.Identifier: {
        const name = (e as ts.Identifier).text;
        const v = this.lookup(name);
        if (v) return v.kind;
        const imp = this.summary.imports[name];
        if (imp) return exportKind(this.model, imp.specifier, imp.name);
        return this.model.globals[name];
      }
      case SK.PropertyAccessExpression: {
        const pa = e as ts.PropertyAccessExpression;
        if (pa.expression.kind === SK.ThisKeyword) {
          return this.classStack[this.classStack.length - 1]?.propertyTypes?.[pa.name.text];
        }
        const k = this.kindOf(pa.expression);
        const members = k ? this.model.members[k] : undefined;
        return members ? (members[pa.name.text] ?? members['*']) : undefined;
      }
      case SK.CallExpression: {
        const callee = unwrap((e as ts.CallExpression).expression);
        if (isPropertyAccessExpression(callee)) {
          const k = this.kindOf(callee.expression);
          const members = k ? this.model.members[k] : undefined;
          return members ? (members[`${callee.name.text}()`] ?? members['*()']) : undefined;
        }
        const k = this.kindOf(callee);
        return k ? this.model.members[k]?.['()'] : undefined;
      }
      case SK.NewExpression: {
        const k = this.kindOf((e as ts.NewExpression).expression);
        return k ? this.model.members[k]?.new : undefined;
      }
      case SK.BinaryExpression: {
        // `globalThis.prisma ?? new PrismaClient()`: the kind of whichever side has one.
        const b = e as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op !== SK.QuestionQuestionToken && op !== SK.BarBarToken) return undefined;
        return this.kindOf(b.left) ?? this.kindOf(b.right);
      }
      case SK.ConditionalExpression: {
        // `demo ? t.procedure.use(readOnly) : t.procedure`: the kind both branches agree on.
        const c = e as ts.ConditionalExpression;
        const k = this.kindOf(c.whenTrue);
        return k !== undefined && k === this.kindOf(c.whenFalse) ? k : undefined;
      }
    }
    return undefined;
  }

  kindOfType(type: ts.TypeNode | undefined): string | undefined {
    if (!type || !isTypeReferenceNode(type)) return undefined;
    const n = type.typeName;
    let k: string | undefined;
    if (isIdentifier(n)) {
      const imp = this.summary.imports[n.text];
      if (imp) k = exportKind(this.model, imp.specifier, imp.name);
    } else if (isIdentifier(n.left)) {
      const imp = this.summary.imports[n.left.text];
      const ns = imp ? importKinds(this.model, imp.specifier) : undefined;
      k = ns?.[n.right.text] ?? (imp && ns ? this.model.members[ns[imp.name]]?.[n.right.text] : undefined);
    }
    return k ? (this.model.members[k]?.[':'] ?? k) : undefined;
  }

  refOf(expr: ts.Node): CallRef | undefined {
    const e = unwrap(expr);
    // `handler.bind(this)` runs `handler`.
    if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') return this.refOf(e.expression.expression);
    if (isArrowFunction(e) || isFunctionExpression(e)) return { kind: 'fn', id: this.fnId(e) };
    if (isCallExpression(e)) {
      const site = this.callSite(e);
      return site ? { kind: 'call', call: site } : undefined;
    }
    return this.calleeRef(e);
  }

  fnId(node: ts.Node): string {
    const pos = node.getStart(this.sourceFile);
    const line = lineIndex(this.lineStarts, pos);
    const column = pos - this.lineStarts[line] + 1;
    if (column >= ID_COLUMNS) return `${line + 1}:${column}`;
    const key = line * ID_COLUMNS + column;
    let id = functionIds.get(key);
    if (id === undefined) {
      if (functionIds.size >= MAX_SHARED_IDS) functionIds.clear();
      functionIds.set(key, (id = `${line + 1}:${column}`));
    }
    return id;
  }

  currentFunction(): FunctionSummary | undefined {
    return this.fnStack[this.fnStack.length - 1];
  }

  currentClass(): ClassSummary | undefined {
    return this.classStack[this.classStack.length - 1];
  }

  importedFrom(pkg: string): { local: string; name: string }[] {
    const out: { local: string; name: string }[] = [];
    for (const [local, imp] of Object.entries(this.summary.imports)) {
      if (imp.specifier === pkg || imp.specifier === `node:${pkg}`) out.push({ local, name: imp.name });
    }
    return out;
  }

  isExported(localName: string): boolean {
    return this.exportedLocals.has(localName);
  }

  span(node: ts.Node): Span {
    return this.spanOfRange(node.getStart(this.sourceFile), node.end);
  }

  private spanOfRange(start: number, end: number): Span {
    const starts = this.lineStarts;
    const s = lineIndex(starts, start);
    const e = lineIndex(starts, end);
    return { line: s + 1, column: start - starts[s] + 1, endLine: e + 1, endColumn: end - starts[e] + 1 };
  }

  private line(node: ts.Node): number {
    return lineIndex(this.lineStarts, node.getStart(this.sourceFile)) + 1;
  }

  text(node: ts.Node): string {
    return node.getText(this.sourceFile);
  }

  symbolPath(node: ts.Node): string {
    const parts: string[] = [];
    for (let n: ts.Node | undefined = node; n && !isSourceFile(n); n = n.parent) {
      let name: string | undefined;
      if ((isFunctionDeclaration(n) || isClassDeclaration(n) || isMethodDeclaration(n)) && n.name) name = propName(n.name);
      else if ((isArrowFunction(n) || isFunctionExpression(n)) && n.parent && isVariableDeclaration(n.parent)) {
        name = propName(n.parent.name);
      }
      if (name) parts.unshift(name);
    }
    return parts.join('.') || '<module>';
  }

  addTarget(t: Parameters<ScanContext['addTarget']>[0]): void {
    this.summary.targets = append(this.summary.targets, t);
  }

  addRegistration(r: Parameters<ScanContext['addRegistration']>[0]): void {
    this.summary.registrations = append(this.summary.registrations, { ...r, order: this.registrationOrder++ });
  }

  report(f: Parameters<ScanContext['report']>[0]): void {
    this.summary.findings = append(this.summary.findings, {
      ruleId: f.ruleId,
      messageId: f.messageId,
      data: f.data,
      span: this.span(f.node),
      symbol: f.symbol ?? this.symbolPath(f.node),
      ...(f.unlessConstant?.length ? { unlessConstant: f.unlessConstant } : {}),
      ...(f.onlyIfKind ? { onlyIfKind: f.onlyIfKind } : {}),
    });
  }
}

/** The name of a class a function declares in its body and returns (`class Base { … } return Base;`). */
function returnedClass(node: ts.FunctionLikeDeclaration): string | undefined {
  const body = node.body;
  if (!body || !isBlock(body)) return undefined;
  const e = body.statements.find(isReturnStatement)?.expression;
  if (!e || !isIdentifier(e)) return undefined;
  return body.statements.some((st) => ts.isClassDeclaration(st) && st.name?.text === e.text) ? e.text : undefined;
}
