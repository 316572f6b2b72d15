// "Does this emit?": the evidence chain that running a function, a reference or a target's handlers emits
// telemetry (cycle-safe, depth-limited), and the verdict on a target with the coverage that reaches it.
import type { CallRef, EvidenceStep, FunctionSummary, TargetSummary } from '../../types.js';
import { exportKind } from '../model.js';
import { autoInstrumentation } from './auto-instrumentation.js';
import { buildGlobalIndex, globalApplies, mountedCoverage, receiverCoverage } from './coverage.js';
import { callResultKind, inheritedInstanceKind, returnedKind } from './kinds.js';
import { inheritedCoverage } from './placeholders.js';
import type { GraphInternals, Resolved, Verdict, VerdictOptions, Walk } from './types.js';

/** Packages whose functions are telemetry when called: a call the model does not count is a near miss worth naming. */
const TELEMETRY_PACKAGE = /^(?:@opentelemetry\/|@sentry\/|dd-trace$|@datadog\/|prom-client$|hot-shots$|node-statsd$|statsd-client$|newrelic$|elastic-apm-node$|@google-cloud\/opentelemetry|@honeycombio\/|@vercel\/otel$|@aws-lambda-powertools\/(?:tracer|metrics)$|@splunk\/otel$|@grafana\/faro)/;

function nearMiss(walk: Walk, specifier: string, text: string): void {
  (walk.nearMisses ??= new Map()).set(text, specifier);
}

/** Does running this function (its body, its closures, the project functions it calls) emit? */
export function functionEmits(graph: GraphInternals, file: string, fn: FunctionSummary): EvidenceStep[] | undefined {
  const key = `${file}#${fn.id}`;
  const memo = graph.fnMemo.get(key);
  if (memo !== undefined) {
    graph.absorb(memo.deps);
    return memo.chain ?? undefined;
  }
  const { value: chain, deps } = graph.memoEntry(file, () => fnChain(graph, file, fn, 0, { seen: new Map(), looked: new Set() }));
  graph.fnMemo.set(key, { chain: chain ?? null, deps });
  return chain;
}

function fnChain(graph: GraphInternals, file: string, fn: FunctionSummary, depth: number, walk: Walk): EvidenceStep[] | undefined {
  const prev = walk.seen.get(fn);
  if (prev !== undefined && prev <= depth) return undefined;
  walk.seen.set(fn, depth);
  walk.looked.add(fn.name);
  // The file as shown in evidence: worked out only for evidence (most functions looked into have none).
  const display = () => graph.opts.display(file);
  if (fn.decoratedBy) return [{ kind: 'decorator', name: fn.decoratedBy.api, file: display(), line: fn.decoratedBy.line }];
  if (fn.emits.length) {
    const e = fn.emits[0];
    return [{ kind: 'emission', family: e.family, api: e.api, file: display(), line: e.line }];
  }
  const s = graph.summary(file)!;
  if (fn.className) {
    const cls = s.classes[fn.className];
    const d = cls?.decorators.find((n) => graph.opts.telemetryDecorators.has(n));
    if (d) return [{ kind: 'decorator', name: `@${d} (class ${cls!.name})`, file: display(), line: cls!.span.line }];
    // A decorator of the project on the class that wraps its methods (`@TraceAll()` replacing each method
    // of the prototype with one that opens a span): followed like a method decorator, to what it runs.
    for (const ref of cls?.decoratorRefs ?? []) {
      const c = refChain(graph, file, ref, depth + 1, walk, cls!.span.line);
      const label = ref.kind === 'call' ? ref.call.text : ref.kind === 'binding' ? ref.ref.name : 'decorator';
      if (c) return [{ kind: 'decorator', name: `@${label} (class ${cls!.name})`, file: display(), line: cls!.span.line }, ...c];
    }
  }
  for (const childId of fn.children) {
    const child = s.functions[childId];
    const c = child && fnChain(graph, file, child, depth, walk);
    if (c) return c;
  }
  for (const call of fn.calls) {
    const c = refChain(graph, file, call.callee, depth + 1, walk, call.line);
    // A call on a library value exported by another module (`tracer.startSpan` with `tracer` imported)
    // is itself the emission: no call step in front of it.
    if (c && c.length === 1 && c[0].kind === 'emission' && c[0].file === display() && c[0].line === call.line) return c;
    if (c) return [{ kind: 'call', name: call.text, file: display(), line: call.line }, ...c];
    // A function or member of a telemetry package imported here that the model does not know at all
    // (`trace.getTracer` is known and emits nothing by itself: not a near miss).
    const callee = call.callee;
    const imported = callee.kind === 'binding' ? callee.ref : callee.kind === 'member' ? callee.of : undefined;
    if (imported?.kind === 'import' && TELEMETRY_PACKAGE.test(imported.specifier)) {
      const model = graph.opts.model;
      const kind = exportKind(model, imported.specifier, imported.name);
      const member = callee.kind === 'member' ? callee.member : undefined;
      const known = member === undefined ? kind !== undefined : kind !== undefined && (model.members[kind]?.[`${member}()`] !== undefined || model.members[kind]?.[member] !== undefined);
      if (!known) nearMiss(walk, imported.specifier, call.text);
    }
  }
  return undefined;
}

/**
 * Evidence that invoking what `ref` denotes emits. `depth` counts project calls followed so far;
 * `line` is where the reference is used (for emissions recognised on a typed value).
 */
export function refChain(graph: GraphInternals, file: string, ref: CallRef, depth: number, walk: Walk, line: number): EvidenceStep[] | undefined {
  if (depth > graph.opts.maxDepth) return undefined;
  const s = graph.summary(file);
  if (!s) return undefined;
  switch (ref.kind) {
    case 'fn': {
      const fn = s.functions[ref.id];
      return fn ? fnChain(graph, file, fn, depth, walk) : undefined;
    }
    case 'binding': {
      const r = graph.resolveBinding(file, ref.ref);
      if (r?.kind === 'external') return libraryCallChain(graph, r, file, line);
      return r ? resolvedChain(graph, r, depth, walk, line, '()') : undefined;
    }
    case 'member': {
      const r = graph.resolveBinding(file, ref.of);
      if (!r) return undefined;
      return memberChain(graph, r, ref.member, !!ref.instanceOf, depth, walk, line, file);
    }
    case 'call':
      return wrapperChain(graph, file, ref.call, depth, walk);
  }
}

/** A library function that emits when called, used as a value: `export default withProfiler(Page)`, `<Profiler>`. */
function libraryCallChain(graph: GraphInternals, r: { specifier: string; name: string }, file: string, line: number): EvidenceStep[] | undefined {
  const kind = exportKind(graph.opts.model, r.specifier, r.name);
  const family = kind ? graph.opts.model.emits[kind]?.['()'] : undefined;
  return family ? [{ kind: 'emission', family, api: `${r.name} (${r.specifier})`, file: graph.opts.display(file), line }] : undefined;
}

function resolvedChain(graph: GraphInternals, r: Resolved, depth: number, walk: Walk, line: number, how: string, from?: string): EvidenceStep[] | undefined {
  switch (r.kind) {
    case 'function':
      return fnChain(graph, r.file, r.fn, depth, walk);
    case 'value': {
      const v = r.value;
      if (v.kind === 'typed') {
        const family = graph.opts.model.emits[v.type]?.[how];
        return family ? [{ kind: 'emission', family, api: `${r.name}${how === '()' ? '()' : `.${how}`}`, file: graph.opts.display(from ?? r.file), line }] : undefined;
      }
      if (v.kind === 'call') return wrapperChain(graph, r.file, v.call, depth, walk);
      if (v.kind === 'alias') return refChain(graph, r.file, v.ref, depth, walk, line);
      if (v.kind === 'list') {
        for (const item of v.items) {
          const c = refChain(graph, r.file, item, depth + 1, walk, line);
          if (c) return c;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A call at the end of a member path on a value whose kind is known across files
 * (`tracer.scope().active().setTag`, summarize.ts memberPath): the kind walked along the path, then
 * whether its last call emits.
 */
function memberPathChain(graph: GraphInternals, r: Resolved, path: string, line: number, from: string): EvidenceStep[] | undefined {
  let kind: string | undefined;
  if (r.kind === 'external') kind = exportKind(graph.opts.model, r.specifier, r.name);
  else if (r.kind === 'value' && r.value.kind === 'typed') kind = r.value.type;
  else if (r.kind === 'value' && r.value.kind === 'call') kind = callResultKind(graph, r.file, r.value.call.callee, 0, r.value.call);
  else if (r.kind === 'class') kind = inheritedInstanceKind(graph, r.file, r.cls);
  const segments = path.split('.');
  const last = segments.pop()!;
  // Rooted at a call of a project function (`getMeter().createCounter`): the kind it returns.
  if (segments[0] === '()') {
    segments.shift();
    kind = r.kind === 'function' ? returnedKind(graph, r.file, r.fn, 0) : undefined;
  }
  for (const seg of segments) {
    const members = kind ? graph.opts.model.members[kind] : undefined;
    kind = members ? (members[seg] ?? (seg.endsWith('()') ? members['*()'] : members['*'])) : undefined;
  }
  const family = kind ? graph.opts.model.emits[kind]?.[`${last}()`] : undefined;
  const root = r.kind === 'external' && r.name === 'default' ? r.specifier : r.kind === 'function' ? r.fn.name : 'name' in r ? r.name : '';
  return family ? [{ kind: 'emission', family, api: path.startsWith('().') ? `${root}${path}` : `${root}.${path}`, file: graph.opts.display(from), line }] : undefined;
}

function memberChain(
  graph: GraphInternals,
  r: Resolved,
  member: string,
  instanceOf: boolean,
  depth: number,
  walk: Walk,
  line: number,
  from: string,
): EvidenceStep[] | undefined {
  if (member.includes('.')) return memberPathChain(graph, r, member, line, from);
  if (r.kind === 'external') {
    // A library value exported by a project module (`export default tracer` after `tracer.init()`).
    const kind = exportKind(graph.opts.model, r.specifier, r.name);
    const family = kind ? graph.opts.model.emits[kind]?.[`${member}()`] : undefined;
    return family ? [{ kind: 'emission', family, api: `${r.name === 'default' ? r.specifier : r.name}.${member}`, file: graph.opts.display(from), line }] : undefined;
  }
  if (r.kind === 'class') {
    const m = graph.methodOf(r.file, r.cls, member);
    return m ? fnChain(graph, m.file, m.fn, depth, walk) : undefined;
  }
  if (r.kind === 'module') {
    const e = graph.resolveExport(r.file, member);
    return e ? resolvedChain(graph, e, depth, walk, line, '()', from) : undefined;
  }
  if (r.kind !== 'value') return undefined;
  const v = r.value;
  if (v.kind === 'typed') {
    const family = graph.opts.model.emits[v.type]?.[`${member}()`];
    return family ? [{ kind: 'emission', family, api: `${r.name}.${member}`, file: graph.opts.display(from), line }] : undefined;
  }
  if (v.kind === 'instance') {
    const c = graph.resolveBinding(r.file, v.of);
    return c?.kind === 'class' ? memberChain(graph, c, member, true, depth, walk, line, from) : undefined;
  }
  if (v.kind === 'object') {
    const m = v.members[member];
    return m ? refChain(graph, r.file, m, depth, walk, line) : undefined;
  }
  if (v.kind === 'call') {
    // `const meter = getMeter('api')` with `getMeter(): Meter` in another module, then `meter.createCounter(…)`.
    const kind = callResultKind(graph, r.file, v.call.callee, 0, v.call);
    const family = kind ? graph.opts.model.emits[kind]?.[`${member}()`] : undefined;
    return family ? [{ kind: 'emission', family, api: `${r.name}.${member}`, file: graph.opts.display(from), line }] : undefined;
  }
  void instanceOf;
  return undefined;
}

/**
 * `wrapper(handler)`: instrumented when the wrapper is a configured one, when the wrapper itself emits
 * (a higher-order function that opens a span around its argument), or when a function argument emits.
 */
function wrapperChain(graph: GraphInternals, file: string, call: { callee: CallRef; text: string; line: number; fnArgs?: CallRef[] }, depth: number, walk: Walk): EvidenceStep[] | undefined {
  if (graph.opts.wrappers.some((w) => w.test(call.text))) return [{ kind: 'wrapper', name: call.text, file: graph.opts.display(file), line: call.line }];
  const inner = refChain(graph, file, call.callee, depth, walk, call.line);
  if (inner) return [{ kind: 'wrapper', name: call.text, file: graph.opts.display(file), line: call.line }, ...inner];
  for (const a of call.fnArgs ?? []) {
    const c = refChain(graph, file, a, depth, walk, call.line);
    if (c) return c;
    // A loader (`dynamic(async () => Page)`, `lazy(() => import('./Page'))`): the wrapper runs what it returns.
    const loaded = a.kind === 'fn' ? graph.summary(file)?.functions[a.id]?.returnsRef : undefined;
    const l = loaded && refChain(graph, file, loaded, depth, walk, call.line);
    if (l) return l;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------
// Targets

export function evaluateTarget(graph: GraphInternals, file: string, target: TargetSummary, o: VerdictOptions = {}): Verdict {
  const walk: Walk = { seen: new Map(), looked: new Set() };
  const where = graph.handlerFile.get(target) ?? file;
  for (const h of target.handlers) {
    const c = refChain(graph, where, h, 0, walk, target.span.line) ?? builtHandlerChain(graph, where, h, walk);
    if (c) return { instrumented: true, evidence: c };
  }
  const coverage = [
    ...(graph.eachCoverage.get(target) ?? (target.coveredBy ?? []).map((c) => ({ file, c }))),
    ...(target.inheritsFrom ? inheritedCoverage(graph, file, target.inheritsFrom) : []),
    ...mountedCoverage(graph, file, target),
    ...receiverCoverage(graph, file, target),
    ...(buildGlobalIndex(graph).get(target.framework) ?? []).filter((g) => globalApplies(g, file, target)),
  ];
  const platform: EvidenceStep[] = [];
  let applied = 0;
  for (const { file: f, c } of coverage) {
    const step: EvidenceStep = { kind: 'coverage', via: c.via, name: c.text, file: graph.opts.display(f), line: c.line };
    if (c.platformTracing) {
      platform.push(step);
      continue;
    }
    applied++;
    const chain = refChain(graph, f, c.ref, 0, walk, c.line);
    if (chain) return { instrumented: true, evidence: [step, ...chain] };
  }
  const auto = autoInstrumentation(graph, file, target);
  if (auto) return { instrumented: true, evidence: [auto] };
  if (platform.length && (o.countPlatformTracing || target.platformTracingOnly)) return { instrumented: true, evidence: [platform[0]] };
  const maxDepth = graph.opts.maxDepth;
  return {
    instrumented: false,
    evidence: [],
    // Spelled out only when read (--explain): most runs never show it, and a large project has thousands.
    get reason(): string {
      const looked = [...walk.looked];
      const parts = [
        looked.length
          ? `looked into ${looked.slice(0, 6).join(', ')}${looked.length > 6 ? ` and ${looked.length - 6} more` : ''} (up to ${maxDepth} calls deep): none emits telemetry`
          : target.handlers.length
            ? 'the handler could not be resolved to a function in the analysed files'
            : 'it runs at module top level, outside any function',
      ];
      if (applied) parts.push(`${applied} middleware/interceptor registration(s) apply, none emits`);
      else parts.push('no emitting middleware, interceptor or wrapper applies');
      if (platform.length) {
        const p = platform[0] as Extract<EvidenceStep, { kind: 'coverage' }>;
        parts.push(`platform tracing applies (${p.name}, ${p.file}:${p.line}) but does not count by default: a generic span per job, without the handler's own context`);
      }
      if (target.autoInstrumentedBy?.length) parts.push(`no analysed file registers ${target.autoInstrumentedBy.join(' or ')}`);
      if (walk.nearMisses?.size) {
        const calls = [...walk.nearMisses].map(([text, pkg]) => `${text} (${pkg})`);
        const first = walk.nearMisses.keys().next().value as string;
        parts.push(
          `it calls ${calls.slice(0, 3).join(', ')}${calls.length > 3 ? ` and ${calls.length - 3} more` : ''}, which the model does not count as telemetry: if that emits, name it in the config's telemetry.emitters ("emitters": ["${first}"])`,
        );
      }
      return parts.join('; ');
    },
  };
}

/**
 * A handler that is a member of what a builder returned: `const route = createApiRoute(options, fn)`
 * then `export const loader = route.loader`. The handler is the builder's work around `fn`, judged as
 * the call `createApiRoute(options, fn)`. Only for a target's own handler: a call on such a value
 * elsewhere (`engine.run()` on a singleton) need not run what the factory was given.
 */
function builtHandlerChain(graph: GraphInternals, file: string, ref: CallRef, walk: Walk, hops = 0): EvidenceStep[] | undefined {
  if (hops > 5) return undefined;
  if (ref.kind === 'binding') {
    const r = graph.resolveBinding(file, ref.ref);
    return r?.kind === 'value' && r.value.kind === 'alias' ? builtHandlerChain(graph, r.file, r.value.ref, walk, hops + 1) : undefined;
  }
  if (ref.kind !== 'member') return undefined;
  const r = graph.resolveBinding(file, ref.of);
  return r?.kind === 'value' && r.value.kind === 'call' ? wrapperChain(graph, r.file, r.value.call, 0, walk) : undefined;
}
