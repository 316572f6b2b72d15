// The one shape of a client-library adapter (`src/adapters/outbound/<name>.ts`): which values of the
// library make calls that leave the process. Each adapter is data — its slice of the library model (so
// `kindOf` knows an `axios.create()` instance or a `new S3Client()` by origin) and the calls on those kinds
// that go over the network — and this factory turns it into a visitor that reports each such call as an
// `outbound-call` target.
//
// What runs for the target (its handlers) is the scope the call sits in: every enclosing function (a
// function that emits, a span callback, a decorated method), plus the calls those functions are passed to
// (`withSpan('x', async () => fetch(u))`, `traced(load)`), so a wrapper that emits counts.
import { ts } from 'ts-morph';
import type { PartialModel } from '../../analysis/model.js';
import type { ScanContext } from '../../analysis/plugin.js';
import type { CallRef, TargetSummary } from '../../types.js';
import { defineAdapter, type Adapter } from '../types.js';

/** What kind of dependency the call reaches; `db`, `cache` and `queue` are opt-in in the rule. */
export type ClientCategory = 'http' | 'sdk' | 'grpc' | 'db' | 'cache' | 'queue';

export interface ClientLibrary {
  /** Adapter name (its fixture is `fixtures/otel/outbound-call/<name>`). */
  name: string;
  /** The library as users know it, shown in findings: `axios`, `node:http`, `@aws-sdk/client-*`. */
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

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

function skipWrappers(e: ts.Node): ts.Node {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/** The call a function is passed to directly as an argument (`withSpan('x', async () => …)`), if any. */
function callReceiving(fn: ts.Node): ts.CallExpression | undefined {
  let child: ts.Node = fn;
  let p = fn.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p))) {
    child = p;
    p = p.parent;
  }
  return p && ts.isCallExpression(p) && p.arguments.some((a) => a === child) ? p : undefined;
}

export function defineClientAdapter(lib: ClientLibrary): Adapter {
  const except = Object.fromEntries(Object.entries(lib.except ?? {}).map(([k, v]) => [k, new Set(v)]));
  return defineAdapter({
    name: lib.name,
    targetKind: 'outbound-call',
    packages: lib.packages,
    ...(lib.global ? { appliesToPath: () => true } : {}),
    model: lib.model,
    create(ctx) {
      const pending: { node: ts.CallExpression; api: string; handlers: CallRef[]; enclosing: string[] }[] = [];
      /** `fn:<id>` / `local:<name>` → the calls a function is passed to by name (`traced(load)`). */
      const passedTo = new Map<string, CallRef[]>();

      /** The call as a wrapper of the function(s) it receives: only the callee counts, not sibling arguments. */
      const wrapperRef = (call: ts.CallExpression): CallRef | undefined => {
        const r = ctx.refOf(call);
        return r?.kind === 'call' ? { kind: 'call', call: { ...r.call, fnArgs: undefined } } : undefined;
      };

      const outboundApi = (node: ts.CallExpression): string | undefined => {
        const callee = skipWrappers(node.expression);
        let kind: string | undefined;
        let key: string;
        let member: string | undefined;
        if (ts.isPropertyAccessExpression(callee)) {
          kind = ctx.kindOf(callee.expression);
          member = callee.name.text;
          key = `${member}()`;
        } else {
          kind = ctx.kindOf(callee);
          key = '()';
        }
        const list = kind ? lib.calls[kind] : undefined;
        if (!list) return undefined;
        const hit = list.includes(key) || (member !== undefined && list.includes('*()') && !except[kind!]?.has(member));
        if (!hit) return undefined;
        const text = ctx.text(callee).replace(/\s+/g, '').replace(/^this\./, '').replace(/\?\./g, '.');
        return text.length > 60 ? `${text.slice(0, 57)}...` : text;
      };

      const trackFunctionArguments = (node: ts.CallExpression) => {
        for (const a of node.arguments) {
          const u = skipWrappers(a);
          if (!ts.isIdentifier(u)) continue;
          const r = ctx.refOf(u);
          const key = r?.kind === 'fn' ? `fn:${r.id}` : r?.kind === 'binding' && r.ref.kind === 'local' ? `local:${r.ref.name}` : undefined;
          const w = key && wrapperRef(node);
          if (!key || !w) continue;
          let list = passedTo.get(key);
          if (!list) passedTo.set(key, (list = []));
          list.push(w);
        }
      };

      return {
        [ts.SyntaxKind.CallExpression](node: ts.CallExpression) {
          if (node.arguments.length) trackFunctionArguments(node);
          const api = outboundApi(node);
          if (!api) return;
          const handlers: CallRef[] = [];
          const enclosing: string[] = [];
          for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
            if (!FUNCTION_KINDS.has(n.kind)) continue;
            const id = ctx.fnId(n);
            handlers.push({ kind: 'fn', id });
            enclosing.push(id);
            const call = callReceiving(n);
            const w = call && wrapperRef(call);
            if (w) handlers.push(w);
          }
          pending.push({ node, api, handlers, enclosing });
        },
        end() {
          if (!pending.length) return;
          const namesOf = new Map<string, string[]>();
          for (const [name, v] of Object.entries(ctx.summary.values)) {
            if (v.kind === 'function') namesOf.set(v.id, [...(namesOf.get(v.id) ?? []), name]);
          }
          const taken = new Set(ctx.summary.targets.filter((t) => t.kind === 'outbound-call').map((t) => `${t.span.line}:${t.span.column}`));
          for (const p of pending) {
            const span = ctx.span(p.node);
            if (taken.has(`${span.line}:${span.column}`)) continue;
            taken.add(`${span.line}:${span.column}`);
            const handlers = [...p.handlers];
            for (const id of p.enclosing) {
              handlers.push(...(passedTo.get(`fn:${id}`) ?? []));
              for (const name of namesOf.get(id) ?? []) handlers.push(...(passedTo.get(`local:${name}`) ?? []));
            }
            ctx.addTarget(outboundTarget(ctx, lib, p.node, p.api, span, handlers));
          }
        },
      };
    },
  });
}

function outboundTarget(ctx: ScanContext, lib: ClientLibrary, node: ts.CallExpression, api: string, span: TargetSummary['span'], handlers: CallRef[]): TargetSummary {
  return {
    kind: 'outbound-call',
    framework: lib.library,
    name: api,
    span,
    handlers,
    symbol: `${ctx.symbolPath(node)} ${api}`,
    meta: { library: lib.library, category: lib.category },
    autoInstrumentedBy: lib.autoInstrumentedBy,
  };
}
