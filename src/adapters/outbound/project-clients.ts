// Clients exported by a module of the project and used in another: `export const api = axios.create()` in
// lib/http.ts, then `api.get(…)` elsewhere; `export const prisma = new PrismaClient()`, then
// `prisma.user.findMany()`. One file cannot know what an import of the project is, so a member call on
// such an import becomes a *deferred* target: it names the library kinds that would make it an outbound
// call, and the run keeps it only if the import resolves to a value of one of them (graph.valueKind).
//
// Calling an imported value directly (`api(config)`) is left out: nearly every such call is a plain function
// of the project, and a deferred target for each would cost more than the rare direct client call is worth.
import { ts } from '#ts';
import { importKinds, mergeModels } from '../../analysis/model.js';
import type { BindingRef } from '../../types.js';
import { defineAdapter, type Adapter } from '../types.js';
import { calleeText, isOutbound, outboundVisitor, skipWrappers, type ClientLibrary } from './client.js';

const { isIdentifier, isPropertyAccessExpression } = ts;
const THIS = ts.SyntaxKind.ThisKeyword;

/** The candidate table of the project-clients adapter built last (there is one, in OUTBOUND_ADAPTERS). */
let candidatesOf: ((call: string) => Candidates | null) | undefined;

/**
 * What a call key (`instance|path|method()`) may be: its library by value kind, the first of them, and the
 * key itself as the memo holds it (targets share that string instead of keeping one built per call).
 */
interface Candidates {
  byKind: Record<string, ClientLibrary>;
  first: ClientLibrary;
  key: string;
}

/**
 * The client library a deferred call belongs to once its receiver is known to be a value of `kind`
 * (TargetSummary.deferred.call), or undefined when such a call is not outbound.
 */
export function deferredLibrary(call: string, kind: string): ClientLibrary | undefined {
  return candidatesOf?.(call)?.byKind[kind];
}

/** `instance|path.to|method()`: what a deferred target stores, and the memo key of its candidate kinds. */
function callKey(path: string[], key: string, instance: boolean): string {
  return `${instance ? 1 : 0}|${path.join('.')}|${key}`;
}

export function projectClients(libs: ClientLibrary[]): Adapter {
  // Each kind belongs to the first library whose table names it (`axios.instance`: axios, not @nestjs/axios).
  const owner = new Map<string, ClientLibrary>();
  for (const lib of libs) for (const kind of Object.keys(lib.calls)) if (!owner.has(kind)) owner.set(kind, lib);
  const model = mergeModels(libs.map((l) => l.model));
  const members = model.members;
  const kinds = [...new Set([...Object.keys(members), ...owner.keys()])];
  const memo = new Map<string, Candidates | null>();

  /** The kind reached from `kind` through a property path (`prisma.user` → a model delegate). */
  function walk(kind: string | undefined, path: string[]): string | undefined {
    for (const p of path) {
      const m: Record<string, string> | undefined = kind ? members[kind] : undefined;
      kind = m ? (m[p] ?? m['*']) : undefined;
    }
    return kind;
  }

  /**
   * Kinds of the value that make `value.<path>.<method>()` an outbound call, with their library. For an
   * `instance` (a `new X()` or a property typed `X`), the value denoting `X` may be the class (`new` gives
   * the instance kind) or, for a project class extending a client class, already the instance kind.
   */
  function candidates(memoKey: string): Candidates | null {
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
    const [instanceFlag, dotted, key] = memoKey.split('|');
    const path = dotted ? dotted.split('.') : [];
    const instance = instanceFlag === '1';
    const out: Record<string, ClientLibrary> = {};
    for (const start of kinds) {
      const reached = [walk(start, path)];
      if (instance) reached.push(walk(members[start]?.new ?? members[start]?.[':'], path));
      for (const cur of reached) {
        const lib = cur ? owner.get(cur) : undefined;
        if (lib && isOutbound(lib, cur!, key)) {
          out[start] = lib;
        }
      }
    }
    const first = Object.values(out)[0];
    const result = first ? { byKind: out, first, key: memoKey } : null;
    memo.set(memoKey, result);
    return result;
  }

  candidatesOf = candidates;

  return defineAdapter({
    name: 'project-clients',
    targetKind: 'outbound-call',
    // Takes the calls no library adapter made a target of.
    fallback: true,
    packages: [],
    appliesToPath: () => true,
    create(ctx) {
      if (!ctx.importSpecifiers.size) return {};
      return outboundVisitor(ctx, (callee) => {
        if (!isPropertyAccessExpression(callee)) return undefined;
        // The receiver first, without building the member path: this runs for every call in the file, and
        // nearly all of them are on values that cannot be a project's client (locals, `this.items`).
        let root: ts.Node = callee;
        let holder: ts.PropertyAccessExpression = callee;
        let depth = 0;
        while (isPropertyAccessExpression(root)) {
          holder = root;
          root = skipWrappers(root.expression);
          depth++;
        }
        let ref: BindingRef | undefined;
        let instance = false;
        if (isIdentifier(root) && ctx.summary.imports[root.text]) {
          // An import of the project: `api.get()`. Other exports of a client package (`credentials` of
          // grpc-js) are not clients.
          if (importKinds(model, ctx.summary.imports[root.text].specifier)) return undefined;
          const r = ctx.refOf(root);
          if (r?.kind === 'binding' && r.ref.kind === 'import' && r.ref.name !== '*') ref = r.ref;
          // A value of a modelled package is the library adapters' to judge.
          if (ctx.kindOf(root)) return undefined;
        } else if (isIdentifier(root)) {
          // A variable holding `new X()` of a project class or constructor: `const users = new UsersClient(…)`.
          const r = ctx.refOf(holder);
          if (r?.kind !== 'member' || !r.instanceOf || ctx.kindOf(root)) return undefined;
          ref = r.of;
          instance = true;
        } else if (root.kind === THIS && depth > 1) {
          // A property holding an instance of a project class: `this.prisma.user.findMany()` with
          // `constructor(private prisma: PrismaService)` and `class PrismaService extends PrismaClient`.
          ref = ctx.currentClass()?.properties[holder.name.text];
          if (!ref || ctx.kindOf(holder)) return undefined;
          instance = true;
        }
        if (!ref) return undefined;
        // The member path under the receiver: `a.b.c()` → ['b', 'c'], and under `this.a` for `this.a.b.c()`.
        const path: string[] = [];
        for (let n: ts.Node = callee; isPropertyAccessExpression(n); n = skipWrappers(n.expression)) path.unshift(n.name.text);
        if (root.kind === THIS) path.shift();
        const method = path.pop()!;
        const call = callKey(path, `${method}()`, instance);
        const found = candidates(call);
        if (!found) return undefined;
        return { api: calleeText(ctx, callee), lib: found.first, deferred: { ref, call: found.key } };
      });
    },
  });
}
