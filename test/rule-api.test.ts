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
