// The per-file walk: the plugins' handlers chosen for the file, then every node the walk stops at, in
// source order, handed to what it declares or calls (functions.ts, classes.ts, values.ts, calls.ts) and
// to the handlers.
import { ts } from '#ts';
import type { FileSummary } from '../../types.js';
import type { FileAbout, FilePlugin, Visitor } from '../plugin.js';
import { moduleRuntime } from '../runtime.js';
import { CLASS_SCOPE, END_CLASS, END_FUNCTION, FUNCTION_SCOPE, LISTED, isTypeOnly } from './bind.js';
import { onCall, onJsxElement } from './calls.js';
import { enterClass, leaveClass } from './classes.js';
import { WalkContext } from './context.js';
import { append } from './data.js';
import { collectModuleDeclarations } from './declarations.js';
import { enterFunction, leaveFunction } from './functions.js';
import { spanOfRange } from './positions.js';
import { ASSIGNMENTS } from './syntax.js';
import { declareVariable, onAssignment, onExportDefault } from './values.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter, and these run for every node.
const SK = ts.SyntaxKind;
const LAST_TOKEN = SK.LastToken;
const { forEachChild } = ts;

/**
 * The plugin handlers of the file being walked, indexed by SyntaxKind: one table for all files, emptied
 * after each (files are walked one at a time per thread). Filled to its full length up front: assigning
 * index 213 of an empty array gives it slow dictionary elements.
 */
const handlerTable: (((node: ts.Node) => void)[] | undefined)[] = new Array<undefined>(SK.Count).fill(undefined);

export class FileWalker extends WalkContext {
  /** Plugin handlers indexed by SyntaxKind (an array: this lookup runs for every node); see `handlerTable`. */
  private readonly visitors = handlerTable;
  private readonly endHooks: (() => void)[] = [];

  /** `walk`: the file's nodes the walk stops at, from `bindParents`. */
  run(walk: readonly ts.Node[]): FileSummary {
    const sf = this.sourceFile;
    const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    for (const d of diags.slice(0, 20)) {
      const start = d.start ?? 0;
      this.summary.parseErrors = append(this.summary.parseErrors, {
        message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
        span: spanOfRange(this, start, start + (d.length ?? 0)),
      });
    }
    collectModuleDeclarations(this);
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

  /** The walk over the listed nodes (see `bindChild` in bind.ts): what `visitAll` does, without visiting the rest. */
  private visitListed(walk: readonly ts.Node[]): void {
    for (let i = 0; i < walk.length; i++) {
      const node = walk[i];
      if (node === END_FUNCTION) leaveFunction(this);
      else if (node === END_CLASS) leaveClass(this);
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
    if (FUNCTION_SCOPE[kind]) leaveFunction(this);
    else if (CLASS_SCOPE[kind]) leaveClass(this);
  };

  /** A node reached by the walk, before its children: what it declares or calls, then the plugins' handlers. */
  private enter(node: ts.Node): void {
    const kind = node.kind;
    if (FUNCTION_SCOPE[kind]) enterFunction(this, node as ts.FunctionLikeDeclaration);
    else if (CLASS_SCOPE[kind]) enterClass(this, node as ts.ClassLikeDeclaration);
    else {
      switch (kind) {
        case SK.VariableDeclaration:
          declareVariable(this, node as ts.VariableDeclaration);
          break;
        case SK.CallExpression:
          onCall(this, node as ts.CallExpression);
          break;
        case SK.BinaryExpression:
          if (ASSIGNMENTS.has((node as ts.BinaryExpression).operatorToken.kind)) onAssignment(this, node as ts.BinaryExpression);
          break;
        case SK.ExportAssignment:
          onExportDefault(this, node as ts.ExportAssignment);
          break;
        case SK.JsxOpeningElement:
        case SK.JsxSelfClosingElement:
          onJsxElement(this, node as ts.JsxOpeningElement | ts.JsxSelfClosingElement);
          break;
      }
    }
    const handlers = this.visitors[kind];
    if (handlers) for (const h of handlers) h(node);
  }
}
