// The one shape of a client-library adapter (`src/adapters/outbound/<name>.ts`): which values of the
// library make calls that leave the process. Each adapter is data — its slice of the library model (so
// `kindOf` knows an `axios.create()` instance or a `new S3Client()` by origin) and the calls on those kinds
// that go over the network — and this factory turns it into a visitor that reports each such call as an
// `outbound-call` target.
//
// What runs for the target (its handlers) is the scope the call sits in: every enclosing function (a
// function that emits, a span callback, a decorated method), plus the calls those functions are passed to
// (`withSpan('x', async () => fetch(u))`, `traced(load)`), so a wrapper that emits counts.
import { ts } from '#ts';
import type { PartialModel } from '../../analysis/model.js';
import { dottedName, isFunctionKind } from '../../analysis/summarize.js';
import type { ScanContext, Visitor } from '../../analysis/plugin.js';
import type { BindingRef, CallRef, TargetSummary } from '../../types.js';
import { defineAdapter, type Adapter } from '../types.js';
import { OUTER_TYPES, skipOuterExpressions } from '../../analysis/semantic.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter, and these run for every call.
const { isAsExpression, isCallExpression, isIdentifier, isParenthesizedExpression, isPropertyAccessExpression, isSatisfiesExpression, isSourceFile } = ts;

/** What kind of dependency the call reaches; `db`, `cache` and `queue` are opt-in in the rule. */
export type ClientCategory = 'http' | 'sdk' | 'grpc' | 'db' | 'cache' | 'queue';

export interface ClientLibrary {
  /** Adapter name (its fixture is `fixtures/otel/outbound-call/<name>`). */
  name: string;
  /** The library as users know it, shown in findings: `axios`, `node:http`, `@aws-sdk`. */
  library: string;
  category: ClientCategory;
  /** Imports that enable the adapter in a file. */
  packages: string[];
  /** A global (`fetch`) needs no import: the adapter runs in every file. */
  global?: boolean;
  model: PartialModel;
  /**
   * Kind → the calls on a value of that kind that leave the process: `get()` (a method), `()` (calling the
   * value itself), `*()` (any method except those in `except`).
   */
  calls: Record<string, string[]>;
  /** Kind → methods that stay in process when `*()` is used (event listeners, lifecycle). */
  except?: Record<string, string[]>;
  /** Instrumentation packages that cover the library once registered (`@opentelemetry/instrumentation-http`). */
  autoInstrumentedBy: string[];
}

const CLASS_DECLARATION = ts.SyntaxKind.ClassDeclaration;

export function skipWrappers(e: ts.Node): ts.Node {
  return skipOuterExpressions(e, OUTER_TYPES);
}

/** The call a function is passed to directly as an argument (`withSpan('x', async () => …)`), if any. */
function callReceiving(fn: ts.Node): ts.CallExpression | undefined {
  let child: ts.Node = fn;
  let p = fn.parent;
  while (p && (isParenthesizedExpression(p) || isAsExpression(p) || isSatisfiesExpression(p))) {
    child = p;
    p = p.parent;
  }
  return p && isCallExpression(p) && p.arguments.some((a) => a === child) ? p : undefined;
}

/** A call found to leave the process: what to call it and which library it goes through. */
export interface OutboundMatch {
  api: string;
  lib: ClientLibrary;
  /**
   * For a client imported from a project module: the target is kept only if the import resolves to one of
   * these kinds, and is a call through the library of that kind.
   */
  deferred?: { ref: BindingRef; call: string };
}

/** The callee as written, compact: `axios.get`, `sqs.send` (for `this.sqs.send`). */
export function calleeText(ctx: ScanContext, callee: ts.Node): string {
  // A plain dotted name whose source is exactly as long as its names and dots has no space, comment or
  // `?.` in it: its text is the names joined, without reading and cleaning the source (many calls match).
  const plain = dottedName(callee);
  const text =
    plain !== undefined && callee.end - callee.getStart(ctx.sourceFile) === plain.length
      ? plain.startsWith('this.')
        ? plain.slice(5)
        : plain
      : ctx.text(callee).replace(/\s+/g, '').replace(/^this\./, '').replace(/\?\./g, '.');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Whether calls on a value of `kind` with `key` (`get()`, `()`) leave the process, per the library's table. */
export function isOutbound(lib: ClientLibrary, kind: string, key: string): boolean {
  const list = lib.calls[kind];
  if (!list) return false;
  if (list.includes(key)) return true;
  return key !== '()' && list.includes('*()') && !lib.except?.[kind]?.includes(key.slice(0, -2));
}

/**
 * Functions passed by name to a call (`traced(load)`), per file: `fn:<id>` / `local:<name>` → the calls.
 * Shared by every outbound adapter walking the file, so the arguments of each call are looked at once.
 */
interface PassedTo {
  map: Map<string, CallRef[]>;
  last?: ts.Node;
  /** The scope of each function that encloses an outbound call (see Scope), by its innermost function. */
  scopes: Map<ts.Node, Scope>;
  /** Function id → the top-level names it is bound to (`const load = …`), once the walk is done. */
  namesOf?: Map<string, string[]>;
}

/**
 * What runs for an outbound call inside a given innermost function: that function and every enclosing one,
 * each with the call it is passed to (`withSpan('x', async () => …)`). The same for every outbound call in
 * that function, so it is worked out once per function and file and shared by the targets (a project that
 * calls its services through injected clients has thousands of such calls).
 */
interface Scope {
  handlers: CallRef[];
  enclosing: string[];
  /** `handlers` plus the calls the enclosing functions are passed to by name: known once the walk is done. */
  complete?: CallRef[];
  /** The symbol path of a call directly in this function (no class declared in between), once asked. */
  path?: string;
}
/**
 * The current file's table, in one slot rather than a WeakMap keyed by source file: a WeakMap entry whose
 * value reaches its key (the table holds nodes) kept every file's syntax tree alive through young-generation
 * collections, measured at 0.6 s of garbage collection on 10,000 files. Files are walked one at a time per
 * thread, and every adapter of a file is created before the next file starts.
 */
let passedToSlot: { file: ts.SourceFile; passed: PassedTo } | undefined;

/** The call as a wrapper of the function(s) it receives: only the callee counts, not sibling arguments. */
function wrapperRef(ctx: ScanContext, call: ts.CallExpression): CallRef | undefined {
  const r = ctx.refOf(call);
  return r?.kind === 'call' ? { kind: 'call', call: { ...r.call, fnArgs: undefined } } : undefined;
}

function trackFunctionArguments(ctx: ScanContext, passed: PassedTo, node: ts.CallExpression): void {
  if (passed.last === node) return;
  passed.last = node;
  for (const a of node.arguments) {
    const u = skipWrappers(a);
    if (!isIdentifier(u)) continue;
    const r = ctx.refOf(u);
    // Only functions of this file can enclose an outbound call: a variable holding one, or a top-level
    // function (declared further down: hoisted, known by name).
    const key =
      r?.kind === 'fn'
        ? `fn:${r.id}`
        : r?.kind === 'binding' && r.ref.kind === 'local' && ctx.summary.values[r.ref.name]?.kind !== 'typed' && !ctx.summary.imports[r.ref.name]
          ? `local:${r.ref.name}`
          : undefined;
    const w = key && wrapperRef(ctx, node);
    if (!key || !w) continue;
    let list = passed.map.get(key);
    if (!list) passed.map.set(key, (list = []));
    list.push(w);
  }
}

/**
 * The visitor every outbound adapter shares: `match` says whether a call leaves the process; the target's
 * handlers are the scope around it (enclosing functions, and the calls they are passed to).
 */
export function outboundVisitor(ctx: ScanContext, match: (callee: ts.Node) => OutboundMatch | undefined): Visitor {
  const pending: { node: ts.Node; match: OutboundMatch; scope: Scope; classBetween: boolean }[] = [];
  if (passedToSlot?.file !== ctx.sourceFile) passedToSlot = { file: ctx.sourceFile, passed: { map: new Map(), scopes: new Map() } };
  const passed = passedToSlot.passed;
  const passedTo = passed.map;

  const scopeFrom = (innermost: ts.Node | undefined): Scope => {
    const handlers: CallRef[] = [];
    const enclosing: string[] = [];
    for (let n = innermost; n && !isSourceFile(n); n = n.parent) {
      if (!isFunctionKind(n.kind)) continue;
      const id = ctx.fnId(n);
      handlers.push({ kind: 'fn', id });
      enclosing.push(id);
      const call = callReceiving(n);
      const w = call && wrapperRef(ctx, call);
      if (w) handlers.push(w);
    }
    return { handlers, enclosing };
  };

  const visit = (node: ts.Node, callee: ts.Node) => {
    const found = match(skipWrappers(callee));
    if (!found) return;
    let innermost: ts.Node | undefined = node.parent;
    // A class declared between the call and its function is part of the call's symbol path (symbolPath).
    let classBetween = false;
    while (innermost && !isSourceFile(innermost) && !isFunctionKind(innermost.kind)) {
      if (innermost.kind === CLASS_DECLARATION) classBetween = true;
      innermost = innermost.parent;
    }
    let scope = innermost && passed.scopes.get(innermost);
    if (!scope) {
      scope = scopeFrom(innermost);
      if (innermost) passed.scopes.set(innermost, scope);
    }
    pending.push({ node, match: found, scope, classBetween });
  };

  return {
    CallExpression(node: ts.CallExpression) {
      if (node.arguments.length) trackFunctionArguments(ctx, passed, node);
      visit(node, node.expression);
    },
    // A tagged template is a call too: prisma.$queryRaw`select …`.
    TaggedTemplateExpression(node: ts.TaggedTemplateExpression) {
      visit(node, node.tag);
    },
    end() {
      if (!pending.length) return;
      let namesOf = passed.namesOf;
      if (!namesOf) {
        namesOf = passed.namesOf = new Map<string, string[]>();
        for (const [name, v] of Object.entries(ctx.summary.values)) {
          if (v.kind === 'function') namesOf.set(v.id, [...(namesOf.get(v.id) ?? []), name]);
        }
      }
      const taken = new Set(ctx.summary.targets.filter((t) => t.kind === 'outbound-call' && !t.deferred).map((t) => `${t.span.line}:${t.span.column}`));
      for (const p of pending) {
        const span = ctx.span(p.node);
        // Only a call some library adapter made a target of is taken; most files have none.
        const at = taken.size || !p.match.deferred ? `${span.line}:${span.column}` : '';
        if (taken.has(at)) continue;
        let handlers = p.scope.complete;
        if (!handlers) {
          handlers = p.scope.complete = [...p.scope.handlers];
          for (const id of p.scope.enclosing) {
            handlers.push(...(passedTo.get(`fn:${id}`) ?? []));
            for (const name of namesOf.get(id) ?? []) handlers.push(...(passedTo.get(`local:${name}`) ?? []));
          }
        }
        const m = p.match;
        // The calls of one function share its symbol path, unless a class declared in between adds to it.
        const path = p.classBetween ? ctx.symbolPath(p.node) : (p.scope.path ??= ctx.symbolPath(p.node));
        const symbol = `${path} ${m.api}`;
        if (m.deferred) {
          // A deferred target gets its library's fields when its receiver is resolved (analyze.ts).
          ctx.addTarget({ kind: 'outbound-call', framework: '', name: m.api, span, handlers, symbol, deferred: m.deferred });
        } else {
          taken.add(at);
          ctx.addTarget({ kind: 'outbound-call', ...libraryFields(m.lib), name: m.api, span, handlers, symbol });
        }
      }
    },
  };
}

export function libraryFields(lib: ClientLibrary): Pick<TargetSummary, 'framework' | 'meta' | 'autoInstrumentedBy'> {
  return { framework: lib.library, meta: { library: lib.library, category: lib.category }, autoInstrumentedBy: lib.autoInstrumentedBy };
}

export type ClientAdapter = Adapter & { client: ClientLibrary };

export function defineClientAdapter(lib: ClientLibrary): ClientAdapter {
  const adapter = defineAdapter({
    name: lib.name,
    targetKind: 'outbound-call',
    packages: lib.packages,
    ...(lib.global ? { appliesToPath: () => true } : {}),
    model: lib.model,
    create(ctx) {
      // A global needs no import: skip the files that never name it.
      if (lib.global && !Object.keys(lib.model.globals ?? {}).some((g) => ctx.sourceFile.text.includes(g))) return {};
      return outboundVisitor(ctx, (callee) => {
        const [kind, key] = isPropertyAccessExpression(callee)
          ? [ctx.kindOf(callee.expression), `${callee.name.text}()`]
          : [ctx.kindOf(callee), '()'];
        return kind && isOutbound(lib, kind, key) ? { api: calleeText(ctx, callee), lib } : undefined;
      });
    },
  });
  return { ...adapter, client: lib };
}
