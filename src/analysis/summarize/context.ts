// The walk's state for one file, and the ScanContext given to plugins (adapters and syntactic rules, see
// plugin.ts) over it. The walk itself is FileWalker (walker.ts), a WalkContext.
import type { ts } from '#ts';
import type { CallRef, ClassSummary, FileSummary, FunctionSummary, Span } from '../../types.js';
import type { ResolvedConfig } from '../../config/types.js';
import type { LibraryModel } from '../model.js';
import type { ScanContext } from '../plugin.js';
import { NONE, append, dict } from './data.js';
import { kindOf, kindOfType } from './kinds.js';
import { compileTelemetry, type CompiledTelemetry, type SummarizeOptions } from './options.js';
import { fnId, lineStartsOf, span } from './positions.js';
import { calleeText, refOf } from './refs.js';
import type { Scope, WalkState } from './scopes.js';
import { symbolPath } from './syntax.js';

export class WalkContext implements ScanContext, WalkState {
  readonly summary: FileSummary;
  readonly config: ResolvedConfig;
  readonly model: LibraryModel;
  readonly telemetry: CompiledTelemetry;
  readonly scopes: Scope[] = [new Map()];
  readonly fnStack: FunctionSummary[] = [];
  /** The function nodes of fnStack, and where each stores what its parameters give when called (see onParamCall). */
  readonly fnNodes: ts.FunctionLikeDeclaration[] = [];
  readonly paramSinks: (Map<string, number> | undefined)[] = [];
  readonly classStack: ClassSummary[] = [];
  /** The class nodes being walked, parallel to classStack: tells a class's own methods from nested ones. */
  readonly classNodes: ts.Node[] = [];
  readonly exportedLocals = new Set<string>();
  /** Module-level `const x = require('…')` declarations, recorded as imports. */
  readonly requireDeclarations = new Set<ts.VariableDeclaration>();
  private registrationOrder = 0;
  /** Kept as imports are recorded: enumerating a dictionary-mode object collects and sorts its keys. */
  readonly importSpecifiers = new Set<string>();
  readonly lineStarts: readonly number[];

  constructor(
    readonly file: string,
    readonly sourceFile: ts.SourceFile,
    readonly opts: SummarizeOptions,
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

  // ------------------------------------------------------------------------------------------
  // ScanContext: methods on the prototype, not arrow-function fields, so a walker (one per file) does not
  // allocate a closure for each of them. The walk's own modules call the functions these name directly.

  kindOf(expr: ts.Node): string | undefined {
    return kindOf(this, expr);
  }

  kindOfType(type: ts.TypeNode | undefined): string | undefined {
    return kindOfType(this, type);
  }

  refOf(expr: ts.Node): CallRef | undefined {
    return refOf(this, expr);
  }

  fnId(node: ts.Node): string {
    return fnId(this, node);
  }

  /** The callee as written, compact: no whitespace, no leading `this.`, `?.` as `.`; long ones cut. */
  calleeText(callee: ts.Node): string {
    return calleeText(this, callee);
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
    return span(this, node);
  }

  text(node: ts.Node): string {
    return node.getText(this.sourceFile);
  }

  symbolPath(node: ts.Node): string {
    return symbolPath(node);
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
      ...(f.fix ? { fix: f.fix } : {}),
      ...(f.fixByKind ? { fixByKind: f.fixByKind } : {}),
    });
  }
}
