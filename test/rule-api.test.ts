// The rule API: the template rule and the built-in syntactic rules run through testRule (RuleTester), and the
// API's types checked by the compiler (test/types/rule-api.ts).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testRule } from '../src/engine/rule-tester.js';
import template from '../rules/_template.js';
import structuredLogging from '../rules/otel/structured-logging.js';
import spanLifecycle from '../rules/otel/span-lifecycle.js';

const summary = (fs: ReturnType<typeof testRule>) => fs.map((f) => `${f.line}:${f.messageId}${f.unlessConstant ? ' unlessConstant' : ''}${f.onlyIfKind ? ' onlyIfKind' : ''}`);

describe('rules/_template.ts', () => {
  const code = `import { trace } from '@opentelemetry/api';
import { KEY } from './keys';
const span = trace.getActiveSpan()!;
export function f(id: number) {
  span.setAttribute(\`user.\${id}\`, 1);
  span.setAttribute('user.id', id);
  span.setAttribute(KEY, id);
  const other = { setAttribute(k: string, v: number) {} };
  other.setAttribute(\`user.\${id}\`, 1);
  span.addEvent(\`user.\${id}\`);
}
`;
  it('reports a run-time key on a span (known by origin), defers an imported key, ignores other receivers', () => {
    expect(summary(testRule(template, { code }))).toEqual(['5:dynamicKey', '7:dynamicKey unlessConstant']);
    // A key from a local const is constant.
    expect(testRule(template, { code: "import { trace } from '@opentelemetry/api';\nconst k = 'a' + 'b';\ntrace.getActiveSpan()!.setAttribute(k, 1);\n" })).toEqual([]);
    expect(testRule(template, { code })[0]!.message).toBe('Attribute key of span.setAttribute is built at run time');
  });
  it('takes typed options over its defaults', () => {
    expect(summary(testRule(template, { code, options: { methods: ['addEvent'] } }))).toEqual(['10:dynamicKey']);
  });
});

describe('built-in rules through testRule', () => {
  it('structured-logging: interpolation reported, constants not, an imported logger of unknown kind deferred', () => {
    const code = `import pino from 'pino';
import { audit } from './audit';
const logger = pino();
const NAME = 'orders';
export function f(id: string) {
  logger.info(\`order \${id}\`);
  logger.info(\`service \${NAME}\`);
  audit.warn('failed ' + id);
}
`;
    expect(summary(testRule(structuredLogging, { code }))).toEqual(['6:interpolated', '8:interpolated onlyIfKind']);
  });

  it('span-lifecycle: a span left open on a return, and one ended in finally', () => {
    const code = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function a(x: number) {
  const span = tracer.startSpan('a');
  if (x) return 1;
  span.end();
  return 0;
}
export function b() {
  const span = tracer.startSpan('b');
  try { return work(); } catch (err) { span.recordException(err as Error); throw err; } finally { span.end(); }
}
declare function work(): number;
`;
    const found = testRule(spanLifecycle, { code });
    expect(summary(found)).toEqual(['4:unendedExit']);
    expect(found[0]!.message).toBe("Span 'a' is not ended when the function leaves at the return on line 5");
  });

  it('refuses a target rule', async () => {
    const { default: actor } = await import('../rules/otel/actor.js');
    expect(() => testRule(actor, { code: '' })).toThrow(/judges targets/);
  });
});

describe('rule API types', () => {
  it('report takes only the rule\'s message ids, options have the types of their defaults', () => {
    const root = path.resolve(__dirname, '..');
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    // Exits non-zero (and the test fails) when an @ts-expect-error meets no error or anything else fails to compile.
    expect(() => execFileSync(process.execPath, [tsc, '-p', path.join(root, 'test', 'types', 'tsconfig.json')], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});

describe('registries do not depend on their order', () => {
  it('the library model merges to the same tables in any order, and refuses a conflicting entry', async () => {
    const { mergeModels } = await import('../src/analysis/model.js');
    const { EMISSION_FAMILIES } = await import('../src/analysis/emissions.js');
    const { LOGGER_MODEL } = await import('../src/analysis/loggers.js');
    const { ADAPTERS } = await import('../src/adapters/index.js');
    const parts = [...EMISSION_FAMILIES.map((f) => f.model), LOGGER_MODEL, ...ADAPTERS.flatMap((a) => (a.model ? [a.model] : []))];
    const sorted = (m: object) => JSON.stringify(m, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
    expect(sorted(mergeModels([...parts].reverse()))).toBe(sorted(mergeModels(parts)));
    expect(() => mergeModels([{ imports: { express: { default: 'express.factory' } } }, { imports: { express: { default: 'other.kind' } } }])).toThrow(
      'library model conflict: imports of express "default" is both "express.factory" and "other.kind"',
    );
  });

  it('every fixture file gives the same targets with the adapter registry reversed (fallback adapters still run last)', async () => {
    const fs = await import('node:fs');
    const { ADAPTERS } = await import('../src/adapters/index.js');
    const { createFileWork } = await import('../src/engine/file-work.js');
    const { defaultConfig } = await import('../src/config/load.js');
    const root = path.resolve(__dirname, '..', 'fixtures');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f)).map((f) => path.join(root, f));
    // The configured-routes fixture's config, so the fallback http adapter takes part.
    const config = { ...defaultConfig(), http: { fileRoutes: [{ files: ['**/configured/**'], exports: ['default', 'GET', 'POST'], framework: 'configured' }] } };
    const targetsOf = () => {
      const work = createFileWork({ cwd: root, config, rules: [] });
      return files.map((f) => {
        const out = work(f);
        return out.ok ? out.summary.targets.map((t) => JSON.stringify(t)).sort() : [];
      });
    };
    const forward = targetsOf();
    ADAPTERS.reverse();
    try {
      expect(targetsOf()).toEqual(forward);
    } finally {
      ADAPTERS.reverse();
    }
    expect(forward.flat().length).toBeGreaterThan(500);
  }, 120_000);

  it('a fallback adapter leaves what a framework adapter claimed, before or after it in the registry', async () => {
    const { ADAPTERS } = await import('../src/adapters/index.js');
    const { createFileWork } = await import('../src/engine/file-work.js');
    const { defaultConfig } = await import('../src/config/load.js');
    // A glob of the in-house router that also matches a Next.js route handler: one target, Next's (both
    // adapters add their targets after the walk, so only the order of their `end`s decides).
    const code = 'export async function GET() { return Response.json([]); }\n';
    const config = { ...defaultConfig(), http: { fileRoutes: [{ files: ['app/**'], exports: ['GET'], framework: 'acme' }] } };
    const frameworks = () => {
      const out = createFileWork({ cwd: '/project', config, rules: [] })('/project/app/api/orders/route.ts', code);
      return out.ok ? out.summary.targets.map((t) => t.framework) : [];
    };
    expect(frameworks()).toEqual(['next']);
    const i = ADAPTERS.findIndex((a) => a.name === 'configured' && a.targetKind === 'http-handler');
    expect(i).toBeGreaterThan(0);
    const [configured] = ADAPTERS.splice(i, 1);
    ADAPTERS.unshift(configured!);
    try {
      expect(frameworks()).toEqual(['next']);
    } finally {
      ADAPTERS.splice(ADAPTERS.indexOf(configured!), 1);
      ADAPTERS.splice(i, 0, configured!);
    }
  });
});
