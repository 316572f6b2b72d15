// Scopes and local bindings, and the walk's state as the modules that work on it see it (WalkState: the
// walker, walker.ts, is the one object that has it).
import type { ts } from '#ts';
import type { BindingRef, ClassSummary, FileSummary, FunctionSummary } from '../../types.js';
import type { LibraryModel } from '../model.js';
import type { CompiledTelemetry, SummarizeOptions } from './options.js';
import type { FilePositions } from './positions.js';

export interface VarInfo {
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

export type Scope = Map<string, VarInfo>;

/** The state of one file's walk (see WalkContext and FileWalker). */
export interface WalkState extends FilePositions {
  readonly file: string;
  readonly summary: FileSummary;
  readonly opts: SummarizeOptions;
  readonly model: LibraryModel;
  readonly telemetry: CompiledTelemetry;
  /** Module scope first, then one per function being walked. */
  readonly scopes: Scope[];
  readonly fnStack: FunctionSummary[];
  /** The function nodes of fnStack, and where each stores what its parameters give when called (see onParamCall). */
  readonly fnNodes: ts.FunctionLikeDeclaration[];
  readonly paramSinks: (Map<string, number> | undefined)[];
  readonly classStack: ClassSummary[];
  /** The class nodes being walked, parallel to classStack: tells a class's own methods from nested ones. */
  readonly classNodes: ts.Node[];
  readonly exportedLocals: Set<string>;
  /** Module-level `const x = require('…')` declarations, recorded as imports. */
  readonly requireDeclarations: Set<ts.VariableDeclaration>;
  /** Kept as imports are recorded: enumerating a dictionary-mode object collects and sorts its keys. */
  readonly importSpecifiers: Set<string>;
}

/** A name's binding in the innermost scope that has it. */
export function lookup(w: WalkState, name: string): VarInfo | undefined {
  for (let i = w.scopes.length - 1; i >= 0; i--) {
    const v = w.scopes[i].get(name);
    if (v) return v;
  }
  return undefined;
}
