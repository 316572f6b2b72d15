// The one walk per file. It parses with the TypeScript compiler's own parser (raw nodes, no Program, no
// type checker) and produces a FileSummary: plain data that cross-file analysis, parallel workers and
// the cache can all use. Adapters and syntactic rules hook into the same walk through FilePlugin.
import { ts } from 'ts-morph';
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
import { importKinds, type LibraryModel } from './model.js';
import type { FilePlugin, ScanContext, Visitor } from './plugin.js';
import { globToRegExp } from './patterns.js';

interface VarInfo {
  /** Library kind of the value. */
  kind?: string;
  /** Id of the function the variable holds. */
  fn?: string;
  /** Class the variable holds an instance of. */
  instanceOf?: BindingRef;
  /** Declared at module scope: refer to it as a binding so other files' analysis can resolve it too. */
  topLevel?: boolean;
}

type Scope = Map<string, VarInfo>;

export interface SummarizeOptions {
  config: ResolvedConfig;
  model: LibraryModel;
  plugins: FilePlugin[];
  telemetryDecorators: Set<string>;
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
      emitters: config.telemetry.emitters.map((p) => globToRegExp(p)),
      wrappers: config.telemetry.wrappers.map((p) => globToRegExp(p)),
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

export function summarizeFile(file: string, text: string, opts: SummarizeOptions): FileSummary {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindFor(file));
  return new FileWalker(file, sf, opts).run();
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
  }
  return false;
}

function unwrap(expr: ts.Node): ts.Node {
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isAwaitExpression(expr) ||
    ts.isTypeAssertionExpression(expr) ||
    ts.isSatisfiesExpression(expr)
  ) {
    expr = expr.expression;
  }
  return expr;
}

/** A literal whose value never varies: `'x'`, `` `x` ``, `42`, `'a' + 'b'`. */
function isLiteral(e: ts.Node): boolean {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isLiteral(unwrap(e.left)) && isLiteral(unwrap(e.right));
  return false;
}

function propName(name: ts.PropertyName | ts.MemberName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  return undefined;
}

export function decoratorName(d: ts.Decorator): string | undefined {
  let e: ts.Node = d.expression;
  if (ts.isCallExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  return (ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined) ?? [];
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!mods?.some((m) => m.kind === kind);
}

class FileWalker implements ScanContext {
  readonly summary: FileSummary;
  readonly config: ResolvedConfig;
  private readonly model: LibraryModel;
  private readonly telemetry: CompiledTelemetry;
  private readonly scopes: Scope[] = [new Map()];
  private readonly fnStack: FunctionSummary[] = [];
  private readonly classStack: ClassSummary[] = [];
  /** The class nodes being walked, parallel to classStack: tells a class's own methods from nested ones. */
  private readonly classNodes: ts.Node[] = [];
  private readonly visitors = new Map<ts.SyntaxKind, ((node: ts.Node) => void)[]>();
  private readonly endHooks: (() => void)[] = [];
  private readonly exportedLocals = new Set<string>();
  private registrationOrder = 0;

  constructor(
    readonly file: string,
    readonly sourceFile: ts.SourceFile,
    private readonly opts: SummarizeOptions,
  ) {
    this.config = opts.config;
    this.model = opts.model;
    this.telemetry = compileTelemetry(opts.config);
    this.summary = {
      file,
      imports: {},
      exports: {},
      functions: {},
      classes: {},
      values: {},
      targets: [],
      registrations: [],
      findings: [],
      parseErrors: [],
    };
  }

  run(): FileSummary {
    const sf = this.sourceFile;
    const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    for (const d of diags.slice(0, 20)) {
      const start = d.start ?? 0;
      this.summary.parseErrors.push({
        message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
        span: this.spanOfRange(start, start + (d.length ?? 0)),
      });
    }
    this.collectModuleDeclarations();
    const specifiers = new Set(Object.values(this.summary.imports).map((i) => i.specifier));
    for (const plugin of this.opts.plugins) {
      if (plugin.appliesTo && !plugin.appliesTo({ path: this.file, importSpecifiers: specifiers })) continue;
      const v: Visitor = plugin.create(this);
      for (const [k, fn] of Object.entries(v)) {
        if (k === 'end') this.endHooks.push(fn as () => void);
        else {
          const kind = Number(k) as ts.SyntaxKind;
          let list = this.visitors.get(kind);
          if (!list) this.visitors.set(kind, (list = []));
          list.push(fn as (node: ts.Node) => void);
        }
      }
    }
    this.visit(sf);
    for (const end of this.endHooks) end();
    return this.summary;
  }

  // ------------------------------------------------------------------------------------------
  // Module-level pre-pass: imports, exports, top-level names (hoisting: a route may name a handler
  // declared further down).

  private collectModuleDeclarations(): void {
    const top = this.scopes[0];
    for (const st of this.sourceFile.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const specifier = st.moduleSpecifier.text;
        const clause = st.importClause;
        if (!clause) continue;
        if (clause.name) this.summary.imports[clause.name.text] = { specifier, name: 'default' };
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) this.summary.imports[nb.name.text] = { specifier, name: '*' };
        if (nb && ts.isNamedImports(nb)) {
          for (const el of nb.elements) {
            this.summary.imports[el.name.text] = { specifier, name: (el.propertyName ?? el.name).text };
          }
        }
      } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference)) {
        const e = st.moduleReference.expression;
        if (ts.isStringLiteral(e)) this.summary.imports[st.name.text] = { specifier: e.text, name: '*' };
      } else if (ts.isExportDeclaration(st)) {
        const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        if (!st.exportClause) {
          if (spec) this.summary.exports[`*:${spec}`] = { kind: 'star', specifier: spec };
        } else if (ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) {
            const local = (el.propertyName ?? el.name).text;
            if (spec) this.summary.exports[el.name.text] = { kind: 're-export', specifier: spec, name: local };
            else {
              this.summary.exports[el.name.text] = { kind: 'local', name: local };
              this.exportedLocals.add(local);
            }
          }
        } else if (ts.isNamespaceExport(st.exportClause) && spec) {
          this.summary.exports[st.exportClause.name.text] = { kind: 're-export', specifier: spec, name: '*' };
        }
      } else if (ts.isExportAssignment(st)) {
        const e = unwrap(st.expression);
        if (ts.isIdentifier(e)) this.summary.exports.default = { kind: 'local', name: e.text };
        else this.summary.exports.default = { kind: 'local', name: 'default' };
        this.exportedLocals.add(ts.isIdentifier(e) ? e.text : 'default');
      } else {
        const exported = hasModifier(st, ts.SyntaxKind.ExportKeyword);
        const isDefault = hasModifier(st, ts.SyntaxKind.DefaultKeyword);
        const names: string[] = [];
        if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) names.push(st.name.text);
        else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && isDefault) names.push('default');
        else if (ts.isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
        } else if (ts.isEnumDeclaration(st)) names.push(st.name.text);
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

  // ------------------------------------------------------------------------------------------
  // The walk

  private visit = (node: ts.Node): void => {
    let pushedFn = false;
    let pushedClass = false;
    if (isFunctionLike(node)) {
      this.enterFunction(node);
      pushedFn = true;
    } else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      this.enterClass(node);
      pushedClass = true;
    } else if (ts.isVariableDeclaration(node)) {
      this.declareVariable(node);
    } else if (ts.isCallExpression(node)) {
      this.onCall(node);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.onAssignment(node);
    } else if (ts.isExportAssignment(node)) {
      this.onExportDefault(node);
    }
    const handlers = this.visitors.get(node.kind);
    if (handlers) for (const h of handlers) h(node);
    ts.forEachChild(node, this.visit);
    if (pushedFn) {
      this.fnStack.pop();
      this.scopes.pop();
    }
    if (pushedClass) {
      this.classStack.pop();
      this.classNodes.pop();
    }
  };

  private enterFunction(node: ts.FunctionLikeDeclaration): void {
    const id = this.fnId(node);
    const cls = this.classStack[this.classStack.length - 1];
    const isMember = ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isAccessor(node);
    const owner = isMember && cls && node.parent === this.classNodes[this.classNodes.length - 1] ? cls : undefined;
    const name = this.functionName(node, owner);
    const fn: FunctionSummary = { id, name, span: this.span(node), emits: [], calls: [], children: [] };
    if (owner) fn.className = owner.name;
    const decorators = decoratorsOf(node).map(decoratorName).filter((n): n is string => !!n);
    if (decorators.length) {
      fn.decorators = decorators;
      const hit = decorators.find((d) => this.opts.telemetryDecorators.has(d));
      if (hit) fn.decoratedBy = { family: 'decorator', api: `@${hit}`, line: fn.span.line };
    }
    const parent = this.fnStack[this.fnStack.length - 1];
    if (parent) parent.children.push(id);
    this.summary.functions[id] = fn;
    if (owner && name.includes('.')) {
      const member = name.slice(name.lastIndexOf('.') + 1);
      owner.methods[member] = id;
    }
    // Function declarations are visible by name in the enclosing scope (hoisted).
    if (ts.isFunctionDeclaration(node) && node.name) {
      const scope = this.scopes[this.scopes.length - 1];
      const existing = scope.get(node.name.text);
      scope.set(node.name.text, { ...existing, fn: id });
      if (this.scopes.length === 1) this.summary.values[node.name.text] = { kind: 'function', id };
    } else if (ts.isFunctionDeclaration(node) && !node.name && hasModifier(node, ts.SyntaxKind.DefaultKeyword)) {
      this.summary.values.default = { kind: 'function', id };
    }
    this.fnStack.push(fn);
    const scope: Scope = new Map();
    this.scopes.push(scope);
    const cbKind = this.callbackParamKind(node);
    node.parameters.forEach((p, i) => {
      const kind = this.kindOfType(p.type) ?? (i === 0 ? cbKind : undefined);
      for (const n of this.bindingNames(p.name)) scope.set(n, kind ? { kind } : {});
      if (owner && ts.isConstructorDeclaration(node) && ts.isIdentifier(p.name) && ts.canHaveModifiers(p) && ts.getModifiers(p)?.length) {
        this.recordProperty(owner, p.name.text, p.type, undefined);
      }
    });
  }

  /** `tracer.startActiveSpan('x', span => …)`: the first parameter's kind comes from the library model. */
  private callbackParamKind(node: ts.FunctionLikeDeclaration): string | undefined {
    // `const plugin: FastifyPluginAsync = async (app) => …`: the declared type gives the first parameter's kind.
    const decl = node.parent;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer === node && decl.type) {
      const k = this.kindOfType(decl.type);
      return k ? this.model.callbackParams[k]?.[':'] : undefined;
    }
    const call = node.parent;
    if (!call || !ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return undefined;
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const k = this.kindOf(callee.expression);
      return k ? this.model.callbackParams[k]?.[`${callee.name.text}()`] : undefined;
    }
    const k = this.kindOf(callee);
    return k ? this.model.callbackParams[k]?.['()'] : undefined;
  }

  private bindingNames(name: ts.BindingName): string[] {
    if (ts.isIdentifier(name)) return [name.text];
    const out: string[] = [];
    for (const el of name.elements) if (!ts.isOmittedExpression(el)) out.push(...this.bindingNames(el.name));
    return out;
  }

  private functionName(node: ts.FunctionLikeDeclaration, owner: ClassSummary | undefined): string {
    const prefix = owner ? `${owner.name}.` : '';
    if (ts.isConstructorDeclaration(node)) return `${prefix}constructor`;
    const own = propName(node.name as ts.PropertyName | undefined);
    if (own) return prefix + own;
    const p = node.parent;
    if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
    if (p && (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))) {
      const n = propName(p.name);
      const cls = this.classStack[this.classStack.length - 1];
      if (n) return ts.isPropertyDeclaration(p) && cls ? `${cls.name}.${n}` : n;
    }
    if (p && ts.isExportAssignment(p)) return 'default';
    return '<anonymous>';
  }

  private enterClass(node: ts.ClassDeclaration | ts.ClassExpression): void {
    let name = node.name?.text;
    if (!name && node.parent && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) name = node.parent.name.text;
    if (!name) name = hasModifier(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : '<class>';
    const cls: ClassSummary = {
      name,
      span: this.span(node),
      exported: this.isExported(name) || hasModifier(node, ts.SyntaxKind.ExportKeyword),
      decorators: decoratorsOf(node).map(decoratorName).filter((n): n is string => !!n),
      methods: {},
      properties: {},
    };
    for (const h of node.heritageClauses ?? []) {
      for (const t of h.types) {
        const ref = this.bindingRefOf(t.expression);
        if (!ref) continue;
        if (h.token === ts.SyntaxKind.ExtendsKeyword) cls.extends = ref;
        else (cls.implements ??= []).push(ref);
      }
    }
    // Pushed first: property initializers may read earlier properties (`consumer = this.kafka.consumer()`).
    this.classStack.push(cls);
    this.classNodes.push(node);
    // Property declarations are known before method bodies are walked (`this.tracer` used above its declaration).
    for (const m of node.members) {
      if (ts.isPropertyDeclaration(m)) {
        const n = propName(m.name);
        if (n) this.recordProperty(cls, n, m.type, m.initializer);
        if (n && m.initializer && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer))) {
          cls.methods[n] = this.fnId(m.initializer);
        }
      }
    }
    if (!this.summary.classes[name] || this.scopes.length === 1) this.summary.classes[name] = cls;
  }

  private recordProperty(cls: ClassSummary, name: string, type: ts.TypeNode | undefined, init: ts.Expression | undefined): void {
    const kind = this.kindOfType(type) ?? (init ? this.kindOf(init) : undefined);
    if (kind) (cls.propertyTypes ??= {})[name] = kind;
    if (type && ts.isTypeReferenceNode(type)) {
      const ref = this.bindingRefOfEntity(type.typeName);
      if (ref) cls.properties[name] = ref;
    } else if (init) {
      const e = unwrap(init);
      if (ts.isNewExpression(e)) {
        const ref = this.bindingRefOf(e.expression);
        if (ref) cls.properties[name] = ref;
      }
    }
  }

  private onAssignment(node: ts.BinaryExpression): void {
    const left = node.left;
    const cls = this.classStack[this.classStack.length - 1];
    if (cls && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      if (!cls.properties[left.name.text] && !cls.propertyTypes?.[left.name.text]) {
        this.recordProperty(cls, left.name.text, undefined, node.right);
      }
    } else if (ts.isIdentifier(left)) {
      const info = this.lookup(left.text);
      const kind = this.kindOf(node.right);
      if (info && kind && !info.kind) info.kind = kind;
    }
  }

  /** `export default wrap(fn)` / `export default async (app) => …`: the default export's value. */
  private onExportDefault(node: ts.ExportAssignment): void {
    const e = unwrap(node.expression);
    if (ts.isIdentifier(e)) return;
    const info: VarInfo = { kind: this.kindOf(e), fn: ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? this.fnId(e) : undefined };
    const v = this.valueOf(e, info);
    if (v) this.summary.values.default = v;
  }

  private declareVariable(node: ts.VariableDeclaration): void {
    if (!ts.isIdentifier(node.name)) {
      const scope = this.scopes[this.scopes.length - 1];
      for (const n of this.bindingNames(node.name)) if (!scope.has(n)) scope.set(n, {});
      return;
    }
    const name = node.name.text;
    const scope = this.scopes[this.scopes.length - 1];
    const topLevel = this.scopes.length === 1;
    const info: VarInfo = { topLevel: topLevel || undefined };
    const init = node.initializer ? unwrap(node.initializer) : undefined;
    info.kind = this.kindOfType(node.type) ?? (init ? this.kindOf(init) : undefined);
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) info.fn = this.fnId(init);
    if (init && ts.isNewExpression(init)) info.instanceOf = this.bindingRefOf(init.expression);
    scope.set(name, info);
    if (topLevel && init) {
      const constant = node.parent.flags & ts.NodeFlags.Const && isLiteral(init) ? ({ kind: 'constant' } as const) : undefined;
      const v = constant ?? this.valueOf(init, info);
      if (v) this.summary.values[name] = v;
    }
  }

  private valueOf(init: ts.Node, info: VarInfo): ValueSummary | undefined {
    if (info.fn) return { kind: 'function', id: info.fn };
    if (info.kind) return { kind: 'typed', type: info.kind };
    if (info.instanceOf) return { kind: 'instance', of: info.instanceOf };
    if (ts.isCallExpression(init)) {
      const site = this.callSite(init);
      return site ? { kind: 'call', call: site } : undefined;
    }
    if (ts.isObjectLiteralExpression(init)) {
      const members: Record<string, CallRef> = {};
      for (const p of init.properties) {
        if (ts.isPropertyAssignment(p)) {
          const n = propName(p.name);
          const r = n ? this.refOf(p.initializer) : undefined;
          if (n && r) members[n] = r;
        } else if (ts.isShorthandPropertyAssignment(p)) {
          const r = this.refOf(p.name);
          if (r) members[p.name.text] = r;
        } else if (ts.isMethodDeclaration(p)) {
          const n = propName(p.name);
          if (n) members[n] = { kind: 'fn', id: this.fnId(p) };
        }
      }
      return { kind: 'object', members };
    }
    if (ts.isClassExpression(init)) return undefined;
    const ref = this.refOf(init);
    return ref ? { kind: 'alias', ref } : undefined;
  }

  private onCall(node: ts.CallExpression): void {
    const fn = this.fnStack[this.fnStack.length - 1];
    const emission = this.emissionOf(node);
    if (emission) {
      if (fn) fn.emits.push(emission);
      return;
    }
    if (!fn) return;
    const site = this.callSite(node);
    if (site) fn.calls.push(site);
  }

  /** An emission recognised in this file alone: a library kind's emitting member, or a configured emitter. */
  private emissionOf(node: ts.CallExpression): Emission | undefined {
    const callee = unwrap(node.expression);
    let family: string | undefined;
    if (ts.isPropertyAccessExpression(callee)) {
      const k = this.kindOf(callee.expression);
      family = k ? this.model.emits[k]?.[`${callee.name.text}()`] : undefined;
    } else if (ts.isIdentifier(callee)) {
      const k = this.kindOf(callee);
      family = k ? this.model.emits[k]?.['()'] : undefined;
    }
    const text = this.calleeText(callee);
    if (!family && (this.telemetry.emitters.some((r) => r.test(text)) || this.telemetry.wrappers.some((r) => r.test(text)))) {
      family = 'config';
    }
    if (!family) return undefined;
    return { family, api: text, line: this.line(node) };
  }

  calleeText(callee: ts.Node): string {
    const t = this.text(callee).replace(/\s+/g, '').replace(/^this\./, '').replace(/\?\./g, '.');
    return t.length > 80 ? `${t.slice(0, 77)}...` : t;
  }

  private callSite(node: ts.CallExpression): CallSite | undefined {
    const callee = this.calleeRef(node.expression);
    if (!callee) return undefined;
    const site: CallSite = { callee, text: this.calleeText(unwrap(node.expression)), line: this.line(node) };
    const fnArgs: CallRef[] = [];
    for (const a of node.arguments) {
      const u = unwrap(a);
      if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) fnArgs.push({ kind: 'fn', id: this.fnId(u) });
      else if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u)) {
        const r = this.refOf(u);
        if (r) fnArgs.push(r);
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
    if (ts.isIdentifier(e)) {
      const v = this.lookup(e.text);
      if (v && !v.topLevel) return undefined;
      if (v) return { kind: 'local', name: e.text };
      const imp = this.summary.imports[e.text];
      if (imp) return { kind: 'import', specifier: imp.specifier, name: imp.name };
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const imp = this.summary.imports[e.expression.text];
      if (imp && imp.name === '*' && !this.lookup(e.expression.text)) return { kind: 'import', specifier: imp.specifier, name: e.name.text };
    }
    return undefined;
  }

  private bindingRefOfEntity(name: ts.EntityName): BindingRef | undefined {
    if (ts.isIdentifier(name)) {
      if (this.scopes[0].has(name.text)) return { kind: 'local', name: name.text };
      const imp = this.summary.imports[name.text];
      return imp ? { kind: 'import', specifier: imp.specifier, name: imp.name } : undefined;
    }
    if (ts.isIdentifier(name.left)) {
      const imp = this.summary.imports[name.left.text];
      if (imp?.name === '*') return { kind: 'import', specifier: imp.specifier, name: name.right.text };
    }
    return undefined;
  }

  private calleeRef(expr: ts.Node): CallRef | undefined {
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) {
      const v = this.lookup(e.text);
      if (v?.fn) return { kind: 'fn', id: v.fn };
      if (v && !v.topLevel) return undefined;
      const b = this.bindingRefOf(e);
      return b ? { kind: 'binding', ref: b } : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const member = e.name.text;
      const obj = unwrap(e.expression);
      const cls = this.classStack[this.classStack.length - 1];
      if (obj.kind === ts.SyntaxKind.ThisKeyword && cls) {
        return { kind: 'member', of: { kind: 'local', name: cls.name }, member, instanceOf: true };
      }
      if (ts.isPropertyAccessExpression(obj) && obj.expression.kind === ts.SyntaxKind.ThisKeyword && cls) {
        const of = cls.properties[obj.name.text];
        return of ? { kind: 'member', of, member, instanceOf: true } : undefined;
      }
      if (ts.isNewExpression(obj)) {
        const of = this.bindingRefOf(obj.expression);
        return of ? { kind: 'member', of, member, instanceOf: true } : undefined;
      }
      if (ts.isIdentifier(obj)) {
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
  // ScanContext

  kindOf = (expr: ts.Node): string | undefined => {
    const e = unwrap(expr);
    switch (e.kind) {
      case ts.SyntaxKind.Identifier: {
        const name = (e as ts.Identifier).text;
        const v = this.lookup(name);
        if (v) return v.kind;
        const imp = this.summary.imports[name];
        if (imp) return importKinds(this.model, imp.specifier)?.[imp.name];
        return this.model.globals[name];
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const pa = e as ts.PropertyAccessExpression;
        if (pa.expression.kind === ts.SyntaxKind.ThisKeyword) {
          return this.classStack[this.classStack.length - 1]?.propertyTypes?.[pa.name.text];
        }
        const k = this.kindOf(pa.expression);
        return k ? this.model.members[k]?.[pa.name.text] : undefined;
      }
      case ts.SyntaxKind.CallExpression: {
        const callee = unwrap((e as ts.CallExpression).expression);
        if (ts.isPropertyAccessExpression(callee)) {
          const k = this.kindOf(callee.expression);
          return k ? this.model.members[k]?.[`${callee.name.text}()`] : undefined;
        }
        const k = this.kindOf(callee);
        return k ? this.model.members[k]?.['()'] : undefined;
      }
      case ts.SyntaxKind.NewExpression: {
        const k = this.kindOf((e as ts.NewExpression).expression);
        return k ? this.model.members[k]?.new : undefined;
      }
    }
    return undefined;
  };

  kindOfType = (type: ts.TypeNode | undefined): string | undefined => {
    if (!type || !ts.isTypeReferenceNode(type)) return undefined;
    const n = type.typeName;
    let k: string | undefined;
    if (ts.isIdentifier(n)) {
      const imp = this.summary.imports[n.text];
      if (imp) k = importKinds(this.model, imp.specifier)?.[imp.name];
    } else if (ts.isIdentifier(n.left)) {
      const imp = this.summary.imports[n.left.text];
      const ns = imp ? importKinds(this.model, imp.specifier) : undefined;
      k = ns?.[n.right.text] ?? (imp && ns ? this.model.members[ns[imp.name]]?.[n.right.text] : undefined);
    }
    return k ? (this.model.members[k]?.[':'] ?? k) : undefined;
  };

  refOf = (expr: ts.Node): CallRef | undefined => {
    const e = unwrap(expr);
    // `handler.bind(this)` runs `handler`.
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') return this.refOf(e.expression.expression);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { kind: 'fn', id: this.fnId(e) };
    if (ts.isCallExpression(e)) {
      const site = this.callSite(e);
      return site ? { kind: 'call', call: site } : undefined;
    }
    return this.calleeRef(e);
  };

  fnId = (node: ts.Node): string => {
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile));
    return `${line + 1}:${character + 1}`;
  };

  currentFunction = (): FunctionSummary | undefined => this.fnStack[this.fnStack.length - 1];
  currentClass = (): ClassSummary | undefined => this.classStack[this.classStack.length - 1];

  importedFrom = (pkg: string): { local: string; name: string }[] => {
    const out: { local: string; name: string }[] = [];
    for (const [local, imp] of Object.entries(this.summary.imports)) {
      if (imp.specifier === pkg || imp.specifier === `node:${pkg}`) out.push({ local, name: imp.name });
    }
    return out;
  };

  isExported = (localName: string): boolean => this.exportedLocals.has(localName);

  span = (node: ts.Node): Span => this.spanOfRange(node.getStart(this.sourceFile), node.end);

  private spanOfRange(start: number, end: number): Span {
    const s = this.sourceFile.getLineAndCharacterOfPosition(start);
    const e = this.sourceFile.getLineAndCharacterOfPosition(end);
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  }

  private line(node: ts.Node): number {
    return this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile)).line + 1;
  }

  text = (node: ts.Node): string => node.getText(this.sourceFile);

  symbolPath = (node: ts.Node): string => {
    const parts: string[] = [];
    for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) {
      let name: string | undefined;
      if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) name = propName(n.name);
      else if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parent && ts.isVariableDeclaration(n.parent)) {
        name = propName(n.parent.name);
      }
      if (name) parts.unshift(name);
    }
    return parts.join('.') || '<module>';
  };

  addTarget = (t: Parameters<ScanContext['addTarget']>[0]): void => {
    this.summary.targets.push(t);
  };

  addRegistration = (r: Parameters<ScanContext['addRegistration']>[0]): void => {
    this.summary.registrations.push({ ...r, order: this.registrationOrder++ });
  };

  report = (f: Parameters<ScanContext['report']>[0]): void => {
    this.summary.findings.push({
      ruleId: f.ruleId,
      messageId: f.messageId,
      data: f.data,
      span: this.span(f.node),
      symbol: f.symbol ?? this.symbolPath(f.node),
      ...(f.unlessConstant?.length ? { unlessConstant: f.unlessConstant } : {}),
    });
  };
}
