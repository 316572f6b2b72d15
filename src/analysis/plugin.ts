// The contract between the per-file walk and what hooks into it (framework adapters, syntactic rules).
import type { ts } from '#ts';
import type { BindingRef, CallRef, ClassSummary, FileFinding, FileSummary, Fix, FunctionSummary, Registration, Span, TargetSummary } from '../types.js';
import type { ResolvedConfig } from '../config/types.js';

/**
 * Handlers keyed by node kind, by name as ESLint's are (`CallExpression(node) { … }`); the walk calls each
 * on entering a node of that kind. `end` runs after the walk. Names rather than `[ts.SyntaxKind.X]`: an
 * object literal with computed keys is built by the runtime, property by property, and enumerated the slow
 * way; every plugin makes one per file (measured 1.2 µs against 0.03 µs a visitor).
 */
export type Visitor = { [K in Exclude<keyof typeof ts.SyntaxKind, `First${string}` | `Last${string}`>]?: (node: any) => void } & { end?: () => void };

/** What a plugin can ask about the file being walked. Everything is answered from the one walk. */
export interface ScanContext {
  readonly file: string;
  readonly sourceFile: ts.SourceFile;
  readonly config: ResolvedConfig;
  readonly summary: FileSummary;
  /** The module specifiers the file's imports name (`import`, `import x = require`, top-level `require`). */
  readonly importSpecifiers: ReadonlySet<string>;
  /** The library kind of an expression (`express.app`, `otel.tracer`), from where it comes, or undefined. */
  kindOf(expr: ts.Node): string | undefined;
  /** The library kind a type annotation names (`(logger: Logger)` → `nest.logger`). */
  kindOfType(type: ts.TypeNode | undefined): string | undefined;
  /** A cross-file reference to the function an expression denotes (inline function, name, member, wrapper call). */
  refOf(expr: ts.Node): CallRef | undefined;
  /** The id of the function summary of a function-like node. */
  fnId(node: ts.Node): string;
  /** The function summary enclosing the node being visited (innermost), if any. */
  currentFunction(): FunctionSummary | undefined;
  currentClass(): ClassSummary | undefined;
  /** Local names bound by imports from a package (`default`, `*` or export name → local names). */
  importedFrom(pkg: string): { local: string; name: string }[];
  isExported(localName: string): boolean;
  span(node: ts.Node): Span;
  text(node: ts.Node): string;
  /** Enclosing symbol path, e.g. `OrdersController.create`; used for fingerprints. */
  symbolPath(node: ts.Node): string;
  addTarget(target: TargetSummary): void;
  addRegistration(reg: Omit<Registration, 'order'>): void;
  report(finding: {
    ruleId: string;
    messageId: string;
    node: ts.Node;
    data?: Record<string, string>;
    symbol?: string;
    /** See FileFinding.unlessConstant. */
    unlessConstant?: BindingRef[];
    /** See FileFinding.onlyIfKind. */
    onlyIfKind?: { ref: BindingRef; kinds: string[] };
    fix?: Fix;
    fixByKind?: FileFinding['fixByKind'];
  }): void;
}

/**
 * What decides which plugins look at a file, before the walk. `identifiers`: every identifier name the
 * parser saw in the file, when the compiler keeps them.
 */
export interface FileAbout {
  path: string;
  text: string;
  importSpecifiers: Set<string>;
  identifiers: ReadonlyMap<string, string> | undefined;
}

export interface FilePlugin {
  /** Decide from what the file imports, names and where it is whether to run at all (cheap; called before the walk). */
  appliesTo?(file: FileAbout): boolean;
  create(ctx: ScanContext): Visitor;
}
