// Unit tests of the analysis layer: import resolution, the per-file summary, "does this emit?".
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModuleResolver } from '../src/analysis/resolve.js';
import { bindParents, summarizeFile } from '../src/analysis/summarize.js';
import { ts } from '#ts';
import { ProjectGraph } from '../src/analysis/graph.js';
import { buildModel } from '../src/engine/library.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../src/analysis/emissions.js';
import type { ResolvedConfig } from '../src/config/types.js';
import type { FileSummary } from '../src/types.js';
import { tempProject } from './helpers/project.js';

const CONFIG: ResolvedConfig = {
  pillars: ['otel'],
  include: [],
  exclude: [],
  defaultIgnores: true,
  maxFileSize: 1 << 20,
  callDepth: 3,
  rules: {},
  telemetry: { emitters: ['telemetry.execute', 'metrics.*'], decorators: ['Traced'], wrappers: ['instrumented'], spanEnders: [] },
  actors: { baseClasses: [], decorators: [] },
  ui: { components: [] },
};
const model = buildModel();

function summarize(files: Record<string, string>, config = CONFIG): { graph: ProjectGraph; summaries: Map<string, FileSummary> } {
  const summaries = new Map<string, FileSummary>();
  const decorators = new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]);
  for (const [name, text] of Object.entries(files)) {
    summaries.set(`/p/${name}`, summarizeFile(name, text, { config, model, plugins: [], telemetryDecorators: decorators }));
  }
  const graph = new ProjectGraph(summaries, new ModuleResolver(new Set(summaries.keys())), {
    maxDepth: config.callDepth,
    model,
    wrappers: [/^instrumented$/],
    telemetryDecorators: decorators,
    display: (f) => f.slice(3),
  });
  return { graph, summaries };
}

function fn(summaries: Map<string, FileSummary>, file: string, name: string) {
  const s = summaries.get(`/p/${file}`)!;
  const f = Object.values(s.functions).find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name} in ${file}: ${Object.values(s.functions).map((x) => x.name)}`);
  return f;
}

describe('ModuleResolver', () => {
  const files = new Set(['/r/src/a.ts', '/r/src/lib/index.ts', '/r/src/b.tsx', '/r/src/c.mts', '/r/src/util/x.ts']);
  const r = new ModuleResolver(files);
  it('resolves relative paths, extensionless and .js → .ts', () => {
    expect(r.resolve('/r/src/a.ts', './b')).toBe('/r/src/b.tsx');
    expect(r.resolve('/r/src/a.ts', './b.js')).toBe('/r/src/b.tsx');
    expect(r.resolve('/r/src/a.ts', './c.mjs')).toBe('/r/src/c.mts');
    expect(r.resolve('/r/src/util/x.ts', '../a.js')).toBe('/r/src/a.ts');
  });
  it('resolves index files', () => {
    expect(r.resolve('/r/src/a.ts', './lib')).toBe('/r/src/lib/index.ts');
    expect(r.resolve('/r/src/a.ts', './lib/index.js')).toBe('/r/src/lib/index.ts');
  });
  it('leaves packages and files outside the analysed set unresolved', () => {
    expect(r.resolve('/r/src/a.ts', 'express')).toBeUndefined();
    expect(r.resolve('/r/src/a.ts', './missing')).toBeUndefined();
  });
  it('resolves tsconfig paths and baseUrl, with extends', () => {
    const dir = tempProject({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'], '@lib': ['src/lib/index.ts'] } } }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json' }),
      'src/lib/index.ts': '',
      'src/app/main.ts': '',
      'src/util.ts': '',
    });
    const all = new Set(['src/lib/index.ts', 'src/app/main.ts', 'src/util.ts'].map((f) => path.join(dir, f)));
    const rr = new ModuleResolver(all);
    const from = path.join(dir, 'src/app/main.ts');
    expect(rr.resolve(from, '@/util.js')).toBe(path.join(dir, 'src/util.ts'));
    expect(rr.resolve(from, '@lib')).toBe(path.join(dir, 'src/lib/index.ts'));
    expect(rr.resolve(from, 'src/util')).toBe(path.join(dir, 'src/util.ts'));
  });
});

describe('emissions', () => {
  it('recognises OpenTelemetry receivers by origin, not name', () => {
    const { summaries } = summarize({
      'a.ts': `import { trace, metrics } from '@opentelemetry/api';
const t = trace.getTracer('x');
const counter = metrics.getMeter('m').createCounter('c');
export function yes() { t.startActiveSpan('s', (span) => span.end()); }
export function count() { counter.add(1); }
export function no() { const tracer = { startActiveSpan() {} }; tracer.startActiveSpan(); }
export function eventOnSpan() { trace.getActiveSpan()?.addEvent('x'); }`,
    });
    expect(fn(summaries, 'a.ts', 'yes').emits.map((e) => e.api)).toEqual(['t.startActiveSpan']);
    expect(fn(summaries, 'a.ts', 'count').emits.map((e) => e.api)).toEqual(['counter.add']);
    expect(fn(summaries, 'a.ts', 'no').emits).toEqual([]);
    expect(fn(summaries, 'a.ts', 'eventOnSpan').emits.map((e) => e.family)).toEqual(['opentelemetry']);
  });

  it('recognises namespace imports, span callback parameters and typed parameters', () => {
    const { summaries } = summarize({
      'a.ts': `import * as api from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
export function a() { api.trace.getTracer('x').startSpan('s').end(); }
export function b(span: Span) { span.addEvent('hello'); }`,
    });
    expect(fn(summaries, 'a.ts', 'a').emits).toHaveLength(1);
    expect(fn(summaries, 'a.ts', 'b').emits.map((e) => e.api)).toEqual(['span.addEvent']);
  });

  it('recognises other families through their imports', () => {
    const { summaries } = summarize({
      'a.ts': `import * as Sentry from '@sentry/node';
import { startSpan } from '@sentry/nextjs';
import dc from 'node:diagnostics_channel';
import client from 'prom-client';
import StatsD from 'hot-shots';
import tracer from 'dd-trace';
const ch = dc.channel('orders');
const hist = new client.Histogram({ name: 'h', help: 'h' });
const statsd = new StatsD();
export function s1() { Sentry.startSpan({ name: 'x' }, () => 1); }
export function s2() { startSpan({ name: 'x' }, () => 1); }
export function d() { ch.publish({}); }
export function p() { hist.labels('a').observe(1); }
export function st() { statsd.increment('x'); }
export function dd() { tracer.trace('x', () => 1); }`,
    });
    for (const [name, family] of [
      ['s1', 'sentry'],
      ['s2', 'sentry'],
      ['d', 'diagnostics_channel'],
      ['p', 'prom-client'],
      ['st', 'statsd'],
      ['dd', 'dd-trace'],
    ]) {
      expect(fn(summaries, 'a.ts', name).emits.map((e) => e.family), name).toEqual([family]);
    }
  });

  it('counts configured emitters and wrappers by name', () => {
    const { summaries } = summarize({
      'a.ts': `export function a() { telemetry.execute('x'); }
export function b() { metrics.increment('x'); }
export function c() { other.execute('x'); }`,
    });
    expect(fn(summaries, 'a.ts', 'a').emits).toHaveLength(1);
    expect(fn(summaries, 'a.ts', 'b').emits).toHaveLength(1);
    expect(fn(summaries, 'a.ts', 'c').emits).toHaveLength(0);
  });
});

describe('ProjectGraph: does this emit?', () => {
  const files = {
    'telemetry.ts': `import { trace } from '@opentelemetry/api';
export const tracer = trace.getTracer('x');
export function record() { tracer.startActiveSpan('r', (s) => s.end()); }
export function passthrough(fn: () => void) { return fn; }`,
    'index.ts': `export * from './telemetry';`,
    'svc.ts': `import { record, tracer } from './index';
export class Svc {
  a() { record(); }
  b() { return 1; }
  c() { tracer.startSpan('direct-import').end(); }
}
export class Child extends Svc {}`,
    'ctl.ts': `import { Svc, Child } from './svc';
import * as tel from './telemetry';
import { passthrough } from './telemetry';
export class Ctl {
  constructor(private readonly svc: Svc) {}
  viaDi() { this.svc.a(); }
  viaDiNo() { this.svc.b(); }
  viaThis() { this.helper(); }
  helper() { tel.record(); }
  viaNew() { new Child().a(); }
  viaCrossFileTracer() { this.svc.c(); }
  viaPassthrough() { passthrough(() => tel.record())(); }
}
export function deep1() { deep2(); }
function deep2() { deep3(); }
function deep3() { deep4(); }
function deep4() { tel.record(); }
export function cyc1() { cyc2(); }
function cyc2() { cyc1(); }`,
  };
  const { graph, summaries } = summarize(files);
  const emits = (file: string, name: string) => graph.functionEmits(`/p/${file}`, fn(summaries, file, name));

  it('follows constructor-injected services, this-methods, new instances and inheritance across files', () => {
    expect(emits('ctl.ts', 'Ctl.viaDi')?.map((s) => s.kind)).toEqual(['call', 'call', 'emission']);
    expect(emits('ctl.ts', 'Ctl.viaDiNo')).toBeUndefined();
    expect(emits('ctl.ts', 'Ctl.viaThis')).toBeDefined();
    expect(emits('ctl.ts', 'Ctl.viaNew')).toBeDefined();
  });
  it('recognises an emission on a tracer exported by a project module, through a re-export', () => {
    const chain = emits('svc.ts', 'Svc.c');
    expect(chain?.[0]).toMatchObject({ kind: 'emission', family: 'opentelemetry', file: 'svc.ts' });
  });
  it('follows closures passed to non-emitting functions', () => {
    expect(emits('ctl.ts', 'Ctl.viaPassthrough')).toBeDefined();
  });
  it('stops at the configured depth and is cycle-safe', () => {
    expect(emits('ctl.ts', 'deep2')).toBeDefined();
    expect(emits('ctl.ts', 'deep1')).toBeUndefined();
    expect(emits('ctl.ts', 'cyc1')).toBeUndefined();
  });
  it('records the evidence chain with files and lines', () => {
    expect(emits('ctl.ts', 'Ctl.viaDi')).toEqual([
      { kind: 'call', name: 'svc.a', file: 'ctl.ts', line: 6 },
      { kind: 'call', name: 'record', file: 'svc.ts', line: 3 },
      { kind: 'emission', family: 'opentelemetry', api: 'tracer.startActiveSpan', file: 'telemetry.ts', line: 3 },
    ]);
  });
  it('counts telemetry decorators, built-in and configured, on methods and classes', () => {
    const r = summarize({
      'a.ts': `import { Span } from 'nestjs-otel';
export class A { @Span() a() {} @Traced() b() {} @Other() c() {} }
@Traceable() export class B { d() {} }`,
    });
    const e = (name: string) => r.graph.functionEmits('/p/a.ts', fn(r.summaries, 'a.ts', name));
    expect(e('A.a')?.[0]).toMatchObject({ kind: 'decorator', name: '@Span' });
    expect(e('A.b')?.[0]).toMatchObject({ kind: 'decorator', name: '@Traced' });
    expect(e('A.c')).toBeUndefined();
    expect(e('B.d')?.[0].kind).toBe('decorator');
  });
});

describe('bindParents', () => {
  it('gives every node the parent the compiler itself would (classes, decorators, JSX, types, templates)', () => {
    const text = [
      "import { Injectable } from '@nestjs/common';",
      '@Injectable()',
      'export class A<T extends object> extends Base<T> implements I {',
      '  constructor(private readonly x: Map<string, number[]>) { super(); }',
      '  async run(@Param() id: string): Promise<void> { for (const [k, v] of this.x) await f(`${k}:${v}`, () => k as unknown as T); }',
      '}',
      'type U = { a: (b: number) => string } | keyof typeof A;',
      'export default function Page({ items }: { items: string[] }) {',
      '  return <ul onClick={() => track("x")}>{items.map((i) => <li key={i}>{i}</li>)}</ul>;',
      '}',
    ].join('\n');
    const ours = ts.createSourceFile('a.tsx', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
    bindParents(ours);
    const theirs = ts.createSourceFile('a.tsx', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const shape = (sf: ts.SourceFile) => {
      const out: string[] = [];
      const visit = (n: ts.Node) => {
        out.push(`${n.kind}@${n.pos}-${n.end} < ${n.parent ? `${n.parent.kind}@${n.parent.pos}-${n.parent.end}` : 'none'}`);
        ts.forEachChild(n, visit);
      };
      ts.forEachChild(sf, visit);
      return out;
    };
    const expected = shape(theirs);
    expect(expected.length).toBeGreaterThan(120);
    expect(shape(ours)).toEqual(expected);
  });
});

describe('the listed walk', () => {
  const text = [
    "import { trace } from '@opentelemetry/api';",
    "import { db } from './db';",
    'type Handler = (req: { id: string }) => Promise<void>;',
    'interface Opts { cb: () => void }',
    'export class Orders {',
    '  private readonly tracer = trace.getTracer("orders");',
    '  constructor(private readonly repo: Repo) {}',
    '  async find(id: string) { return this.tracer.startActiveSpan("find", async (span) => { span.end(); return db.get(id); }); }',
    '  get size(): number { return count(() => this.repo.all()); }',
    '}',
    'export const handler: Handler = async (req) => { const o = new Orders(); await o.find(req.id); };',
    'function count(f: () => unknown[]) { return f().length; }',
    'export default function Page() { return <button onClick={track}>{items.map((i) => <Item key={i} />)}</button>; }',
    'const track = () => db.log("click");',
    'let later; later = () => helper();',
  ].join('\n');
  const opts = (plugins: Parameters<typeof summarizeFile>[2]['plugins']) => ({ config: CONFIG, model, plugins, telemetryDecorators: new Set(['Traced']) });

  it('hands plugins the nodes of their kinds in source order, each function and class open around its contents', () => {
    const seen: string[] = [];
    const plugin = {
      create: (ctx: Parameters<Parameters<typeof summarizeFile>[2]['plugins'][number]['create']>[0]) => ({
        CallExpression: (n: ts.Node) => seen.push(`call ${(n as ts.CallExpression).expression.getText(ctx.sourceFile)} in ${ctx.currentFunction()?.name ?? '-'}`),
        ClassDeclaration: () => seen.push(`class, inside ${ctx.currentClass()?.name}`),
      }),
    };
    summarizeFile('a.tsx', text, opts([plugin]));
    const listed = [...seen];
    // The same, node by node: a handler of a kind the list leaves out (return statements) makes the walk fall back.
    seen.length = 0;
    summarizeFile('a.tsx', text, opts([plugin, { create: () => ({ ReturnStatement: () => undefined }) }]));
    expect(seen).toEqual(listed);
    expect(listed).toEqual([
      'class, inside Orders',
      'call trace.getTracer in -',
      'call this.tracer.startActiveSpan in Orders.find',
      'call span.end in <anonymous>',
      'call db.get in <anonymous>',
      'call count in Orders.size',
      'call this.repo.all in <anonymous>',
      'call o.find in handler',
      'call f in count',
      'call items.map in Page',
      'call db.log in track',
      'call helper in <anonymous>',
    ]);
  });

  it('refuses a handler named after no syntax kind (a typo would otherwise never run)', () => {
    const plugin = { create: () => ({ CallExpresion: () => undefined }) as unknown as ReturnType<Parameters<typeof summarizeFile>[2]['plugins'][number]['create']> };
    expect(() => summarizeFile('a.tsx', text, opts([plugin]))).toThrow('a plugin handles "CallExpresion", which is not a syntax kind');
  });

  it('gives the same summary when a plugin asks for a kind it leaves out (walked node by node instead)', () => {
    const listed = summarizeFile('a.tsx', text, opts([]));
    const returns: number[] = [];
    const plugin = { create: () => ({ ReturnStatement: (n: ts.Node) => returns.push(n.pos) }) };
    const full = summarizeFile('a.tsx', text, opts([plugin]));
    expect(returns).toHaveLength(5);
    expect(full).toEqual(listed);
    expect(Object.keys(listed.functions).length).toBeGreaterThan(8);
  });
});
