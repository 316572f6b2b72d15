// Cloudflare Durable Objects: a class extending `DurableObject` from `cloudflare:workers` (or implementing
// the `DurableObject` interface of `@cloudflare/workers-types`) is an actor; the runtime calls its
// `fetch`, `alarm` and `webSocket*` methods with each request, alarm or socket message. A constructor
// that runs `blockConcurrencyWhile(…)` is its start-up hook (a lifecycle target). After the walk, the
// classes a wrangler.toml / wrangler.json(c) binds (`durable_objects.bindings[].class_name`, and the
// classes its `migrations` create) are Durable Objects too, whatever they extend: the runtime calls
// their `fetch`, `alarm` and `webSocket*` methods all the same.
import path from 'node:path';
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import type { ProjectContext } from '../../analysis/framework-config.js';
import { spanAtId } from '../../analysis/framework-config.js';
import { isObj, isWranglerFile, mainModule } from '../cloudflare-workers-common.js';
import type { ClassSummary, TargetSummary } from '../../types.js';

const HANDLERS = new Set(['fetch', 'alarm', 'webSocketMessage', 'webSocketClose', 'webSocketError']);
const BASE = 'cloudflare.durableObject';

export default defineAdapter({
  name: 'durable-objects',
  targetKind: 'actor',
  packages: ['cloudflare:workers', '@cloudflare/workers-types'],
  model: {
    imports: {
      'cloudflare:workers': { DurableObject: BASE, '*': 'cloudflare.workers' },
      '@cloudflare/workers-types': { DurableObject: BASE, DurableObjectState: 'cloudflare.state', '*': 'cloudflare.types' },
    },
    members: {
      'cloudflare.workers': { DurableObject: BASE },
      'cloudflare.types': { DurableObject: BASE, DurableObjectState: 'cloudflare.state' },
    },
  },
  project: boundDurableObjects,
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const heritage = (node.heritageClauses ?? []).flatMap((h) => h.types);
      if (!heritage.some((t) => ctx.kindOf(t.expression) === BASE)) return;
      const cls = className(node);
      for (const m of classMethods(node)) {
        if (!m.isPublic || !HANDLERS.has(m.name)) continue;
        const name = `${cls}.${m.name}`;
        ctx.addTarget({ kind: 'actor', framework: 'durable-objects', name, symbol: name, span: ctx.span(m.member), handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }] });
      }
      const ctor = node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
      if (ctor && blocksConcurrency(ctor)) {
        const name = `${cls}.constructor`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'durable-objects',
          name,
          symbol: name,
          span: ctx.span(ctor),
          handlers: [{ kind: 'fn', id: ctx.fnId(ctor) }],
          meta: { lifecycle: true },
        });
      }
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };

    /** `ctx.blockConcurrencyWhile(…)` on the state the runtime passes in (first parameter, or `this.ctx` of the base class). */
    function blocksConcurrency(ctor: ts.ConstructorDeclaration): boolean {
      const state = ctor.parameters[0] && ts.isIdentifier(ctor.parameters[0].name) ? ctor.parameters[0].name.text : undefined;
      let found = false;
      const look = (n: ts.Node): void => {
        if (found) return;
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'blockConcurrencyWhile') {
          const recv = n.expression.expression;
          const isState =
            (ts.isIdentifier(recv) && recv.text === state) ||
            (ts.isPropertyAccessExpression(recv) && recv.expression.kind === ts.SyntaxKind.ThisKeyword && (recv.name.text === 'ctx' || recv.name.text === 'state'));
          if (isState) found = true;
        }
        ts.forEachChild(n, look);
      };
      look(ctor.body!);
      return found;
    }
  },
});

/** Class names a wrangler config binds as Durable Objects of this Worker (bindings without `script_name`, migrations). */
function boundClasses(data: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const scopes = [data, ...(isObj(data.env) ? Object.values(data.env).filter(isObj) : [])];
  for (const scope of scopes) {
    const dobj = scope.durable_objects;
    const bindings = isObj(dobj) && Array.isArray(dobj.bindings) ? dobj.bindings : [];
    for (const b of bindings) if (isObj(b) && typeof b.class_name === 'string' && b.script_name === undefined) out.add(b.class_name);
  }
  for (const m of Array.isArray(data.migrations) ? data.migrations : []) {
    if (!isObj(m)) continue;
    for (const key of ['new_classes', 'new_sqlite_classes']) for (const c of Array.isArray(m[key]) ? m[key] : []) if (typeof c === 'string') out.add(c);
    for (const r of Array.isArray(m.renamed_classes) ? m.renamed_classes : []) if (isObj(r) && typeof r.to === 'string') out.add(r.to);
    for (const c of Array.isArray(m.deleted_classes) ? m.deleted_classes : []) if (typeof c === 'string') out.delete(c);
  }
  return out;
}

function boundDurableObjects(p: ProjectContext): void {
  for (const doc of p.configs(isWranglerFile)) {
    if (!isObj(doc.data)) continue;
    const classes = boundClasses(doc.data);
    if (!classes.size) continue;
    const main = mainModule(p, doc);
    const dir = path.dirname(doc.abs) + path.sep;
    for (const name of classes) {
      // Exported from the main module (the runtime finds it there), else declared in a module beside the config.
      let found: { file: string; cls: ClassSummary } | undefined;
      const r = main ? p.resolveExport(main, name) : undefined;
      if (r?.kind === 'class') found = { file: r.file, cls: r.cls };
      else {
        for (const f of p.files()) {
          if (!f.startsWith(dir)) continue;
          const cls = p.summary(f)?.classes[name];
          if (cls?.exported) {
            found = { file: f, cls };
            break;
          }
        }
      }
      if (!found) {
        p.diagnostic(`durable-objects: ${doc.file} binds class ${name}, not found in the analysed files`);
        continue;
      }
      const existing = p.targets(found.file);
      const added: TargetSummary[] = [];
      for (const [method, id] of Object.entries(found.cls.methods)) {
        if (!HANDLERS.has(method)) continue;
        const targetName = `${found.cls.name}.${method}`;
        if (existing.some((t) => t.framework === 'durable-objects' && t.name === targetName)) continue;
        added.push({ kind: 'actor', framework: 'durable-objects', name: targetName, symbol: targetName, span: spanAtId(id), handlers: [{ kind: 'fn', id }] });
      }
      if (added.length) p.setTargets(found.file, [...existing, ...added]);
    }
  }
}
