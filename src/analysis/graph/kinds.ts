// The library kind of a value or of what a call returns, across files: a typed value, a library export, a
// project class that extends a library class or forwards to a logger, what a project function returns.
import type { CallRef, CallSite, ClassSummary, FunctionSummary } from '../../types.js';
import { LOG_METHODS, loggerOf } from '../loggers.js';
import { exportKind } from '../model.js';
import type { GraphInternals, Resolved } from './types.js';

/** valueKind of a name already resolved. */
export function resolvedKind(graph: GraphInternals, r: Resolved | undefined): string | undefined {
  if (r?.kind === 'value' && r.value.kind === 'typed') return r.value.type;
  if (r?.kind === 'external') return exportKind(graph.opts.model, r.specifier, r.name);
  if (r?.kind === 'class') return inheritedInstanceKind(graph, r.file, r.cls) ?? loggerFacadeKind(graph, r.file, r.cls);
  // `export const protectedProcedure = publicProcedure.use(isAuthed)` with `publicProcedure` from another module.
  if (r?.kind === 'value' && r.value.kind === 'call') return callResultKind(graph, r.file, r.value.call.callee, 0, r.value.call);
  if (r?.kind === 'value' && r.value.kind === 'instance') {
    // `export const users = new UsersClient(…)` with the constructor from another module.
    const of = graph.valueKind(r.file, r.value.of);
    const members = of ? graph.opts.model.members[of] : undefined;
    return members ? (members.new ?? members[':'] ?? of) : of;
  }
  return undefined;
}

/**
 * A project class whose log methods (static or not) forward to a logger (`class Logger { static
 * info(msg, extra) { winstonLogger.info(msg, extra) } }`), or that has log methods and holds a logger in
 * a property (`this.output.info(…)`): the kind of that logger, so `Logger.info(…)` and calls on its
 * instances are judged as that logger's calls.
 */
function loggerFacadeKind(graph: GraphInternals, file: string, cls: ClassSummary): string | undefined {
  const key = `${file}#${cls.name}`;
  if (graph.facadeMemo.has(key)) return graph.facadeMemo.get(key) ?? undefined;
  graph.facadeMemo.set(key, null);
  let found: string | undefined;
  // A logger held in a property (`this.output.info(message, extra)` with `output: winston.Logger`).
  const held = Object.values(cls.propertyTypes ?? {}).find((k) => loggerOf(k));
  for (const m of LOG_METHODS) {
    const method = graph.methodOf(file, cls, m);
    if (!method) continue;
    if (held) {
      found = held;
      break;
    }
    for (const call of method.fn.calls) {
      const c = call.callee;
      if (c.kind !== 'member' || !LOG_METHODS.has(c.member)) continue;
      const k = graph.valueKind(method.file, c.of);
      if (k && loggerOf(k)) found = k;
      if (found) break;
    }
    if (found) break;
  }
  graph.facadeMemo.set(key, found ?? null);
  return found;
}

/**
 * The library kind of instances of a project class that extends a library class, through project base
 * classes (`class PrismaService extends PrismaClient`, injected as `private prisma: PrismaService`).
 */
export function inheritedInstanceKind(graph: GraphInternals, file: string, cls: ClassSummary, hops = 0): string | undefined {
  if (!cls.extends || hops > 10) return undefined;
  const base = graph.resolveBinding(file, cls.extends);
  if (base?.kind === 'class') return inheritedInstanceKind(graph, base.file, base.cls, hops + 1);
  if (base?.kind !== 'external') return undefined;
  const kind = exportKind(graph.opts.model, base.specifier, base.name);
  const members = kind ? graph.opts.model.members[kind] : undefined;
  return members?.[':'] ?? members?.new;
}

/**
 * The library kind a project function returns: declared or returned directly (`returns`), what the
 * argument a generic helper calls returns (`returnsParam`, from the call's `argReturns`), or the value
 * of a module-level name it returns (`return cachedQueue`, assigned `createQueue(…)` elsewhere).
 */
export function returnedKind(graph: GraphInternals, file: string, fn: FunctionSummary, hops: number, site?: CallSite): string | undefined {
  if (fn.returns) return fn.returns;
  if (fn.returnsParam !== undefined) return site?.argReturns?.[fn.returnsParam];
  const ref = fn.returnsRef;
  if (ref?.kind !== 'binding' || hops > 8) return undefined;
  const r = graph.resolveBinding(file, ref.ref);
  if (r?.kind === 'value' && r.value.kind === 'typed') return r.value.type;
  if (r?.kind === 'value' && r.value.kind === 'call') return callResultKind(graph, r.file, r.value.call.callee, hops + 1, r.value.call);
  if (r?.kind === 'value' && r.value.kind === 'instance') return resolvedKind(graph, r);
  return undefined;
}

/**
 * The library kind of what a call returns, across files: a project function that declares or returns
 * one (`getTracer(): Tracer`), a library export, or a method of a value whose kind is known that way
 * (`getMeter('x').createCounter(…)`). `site`: the call, for what its arguments return when the callee is
 * a generic helper (FunctionSummary.returnsParam).
 */
export function callResultKind(graph: GraphInternals, file: string, callee: CallRef, hops = 0, site?: CallSite): string | undefined {
  if (hops > 8) return undefined;
  if (callee.kind === 'fn') {
    // A function of the same file, by id (`const mailQueue = createQueue('mail')` below `function createQueue`).
    const fn = graph.summary(file)?.functions[callee.id];
    return fn ? returnedKind(graph, file, fn, hops, site) : undefined;
  }
  if (callee.kind === 'binding') {
    const r = graph.resolveBinding(file, callee.ref);
    if (r?.kind === 'function') return returnedKind(graph, r.file, r.fn, hops, site);
    if (r?.kind === 'value' && r.value.kind === 'typed') return graph.opts.model.members[r.value.type]?.['()'];
    if (r?.kind === 'external') {
      const k = exportKind(graph.opts.model, r.specifier, r.name);
      return k ? graph.opts.model.members[k]?.['()'] : undefined;
    }
    return undefined;
  }
  if (callee.kind !== 'member') return undefined;
  const r = graph.resolveBinding(file, callee.of);
  let of: string | undefined;
  if (r?.kind === 'value' && r.value.kind === 'typed') of = r.value.type;
  else if (r?.kind === 'value' && r.value.kind === 'call') of = callResultKind(graph, r.file, r.value.call.callee, hops + 1, r.value.call);
  else if (r?.kind === 'external') of = exportKind(graph.opts.model, r.specifier, r.name);
  else if (r?.kind === 'value' && r.value.kind === 'object') {
    // `{ requiresPermission: (p) => protectedProcedure.use(…) }`: the member function's return kind.
    const m = r.value.members[callee.member];
    const fn = m?.kind === 'fn' ? graph.summary(r.file)?.functions[m.id] : undefined;
    if (fn) return returnedKind(graph, r.file, fn, hops, site);
    return m?.kind === 'binding' ? callResultKind(graph, r.file, m, hops + 1, site) : undefined;
  } else if (r?.kind === 'module') {
    const e = graph.resolveExport(r.file, callee.member);
    return e?.kind === 'function' ? returnedKind(graph, e.file, e.fn, hops, site) : undefined;
  }
  return of ? graph.opts.model.members[of]?.[`${callee.member}()`] : undefined;
}
