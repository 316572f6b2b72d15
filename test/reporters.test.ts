import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../src/reporters/index.js';
import { formatHuman } from '../src/reporters/human.js';
import { formatJson } from '../src/reporters/json.js';
import type { Finding, RunResult } from '../src/types.js';

const schema = JSON.parse(
  readFileSync(fileURLToPath(new URL('../schemas/report.schema.json', import.meta.url)), 'utf8'),
);
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

const plain = { color: false, explain: false, quiet: false };

const ordersError: Finding = {
  ruleId: 'otel/http-handler',
  pillar: 'otel',
  severity: 'error',
  message:
    'GET /users handler emits no telemetry. Without a span, failures of this route are invisible in production.\n' +
    'Wrap the handler body in tracer.startActiveSpan or apply @Span().',
  file: 'src/routes/users.ts',
  line: 12,
  column: 3,
  endLine: 30,
  endColumn: 4,
  target: { kind: 'http-handler', name: 'GET /users', framework: 'express' },
  fingerprint: 'a1b2c3',
  help: 'https://example.invalid/rules/otel/http-handler',
};

function sampleResult(): RunResult {
  return {
    schemaVersion: 1,
    tool: { name: 'check-doctrines', version: '0.1.0' },
    mode: 'blocking',
    pillars: ['otel'],
    summary: {
      files: 12,
      durationMs: 2310,
      errors: 2,
      warnings: 2,
      suppressed: 2,
      baselined: 0,
      skipped: [
        { reason: 'too-large', count: 1 },
        { reason: 'binary', count: 2 },
      ],
      coverage: {
        'otel/outbound-call': { targets: 4, instrumented: 4 },
        'otel/http-handler': { targets: 3, instrumented: 1 },
      },
      unrecognised: [],
    },
    findings: [
      ordersError,
      {
        ruleId: 'otel/structured-logging',
        pillar: 'otel',
        severity: 'warn',
        message: 'Log message built by template literal; pass { userId } as metadata.',
        file: 'src/routes/users.ts',
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 40,
        fingerprint: 'd4e5f6',
        help: '',
      },
      {
        ruleId: 'otel/http-handler',
        pillar: 'otel',
        severity: 'error',
        message: 'POST /payments handler emits no telemetry.',
        file: 'src/routes/payments.ts',
        line: 101,
        column: 1,
        endLine: 120,
        endColumn: 2,
        target: { kind: 'http-handler', name: 'POST /payments', framework: 'express' },
        fingerprint: '0f9e8d',
        help: '',
        symbol: 'POST /payments',
      },
      {
        ruleId: 'otel/outbound-call',
        pillar: 'otel',
        severity: 'warn',
        message: 'fetch outside any span.',
        file: 'src/routes/payments.ts',
        line: 9,
        column: 11,
        endLine: 9,
        endColumn: 30,
        fingerprint: '7a6b5c',
        help: '',
      },
    ],
  };
}

function explainedResult(): RunResult {
  return {
    ...sampleResult(),
    targets: [
      {
        ruleId: 'otel/http-handler',
        kind: 'http-handler',
        framework: 'express',
        name: 'GET /orders',
        file: 'src/routes/orders.ts',
        line: 10,
        column: 1,
        instrumented: true,
        evidence: [
          { kind: 'call', name: 'createOrder', file: 'src/routes/orders.ts', line: 12 },
          { kind: 'call', name: 'recordOrder', file: 'src/lib/telemetry.ts', line: 8 },
          { kind: 'emission', family: 'opentelemetry', api: 'tracer.startActiveSpan', file: 'src/lib/telemetry.ts', line: 9 },
        ],
      },
      {
        ruleId: 'otel/http-handler',
        kind: 'http-handler',
        framework: 'express',
        name: 'GET /users',
        file: 'src/routes/users.ts',
        line: 12,
        column: 3,
        instrumented: false,
        evidence: [],
        reason: 'no emission in the handler; followed listUsers (src/services/users.ts:4), which emits nothing',
      },
      {
        ruleId: 'otel/outbound-call',
        kind: 'outbound-call',
        framework: 'fetch',
        name: 'fetch',
        file: 'src/clients/billing.ts',
        line: 20,
        column: 9,
        instrumented: true,
        evidence: [
          { kind: 'coverage', via: 'auto-instrumentation', name: 'getNodeAutoInstrumentations', file: 'src/otel.ts', line: 5 },
        ],
      },
      {
        ruleId: 'otel/actor',
        kind: 'actor',
        framework: 'bullmq',
        name: 'EmailProcessor.process',
        file: 'src/workers/email.ts',
        line: 7,
        column: 3,
        instrumented: true,
        evidence: [{ kind: 'decorator', name: 'Span', file: 'src/workers/email.ts', line: 6 }],
      },
    ],
  };
}

describe('human reporter', () => {
  it('groups findings by file, sorted by position, one aligned line each', () => {
    const out = formatHuman(sampleResult(), plain);
    expect(out).not.toMatch(/\x1b\[/);
    const lines = out.split('\n');
    const payments = lines.indexOf('src/routes/payments.ts');
    const users = lines.indexOf('src/routes/users.ts');
    expect(payments).toBeGreaterThanOrEqual(0);
    expect(users).toBeGreaterThan(payments);
    // payments.ts: line 9 before line 101, line numbers right-aligned, every column aligned.
    expect(lines.slice(payments + 1, payments + 3)).toEqual([
      '    9:11  warning  fetch outside any span.                     otel/outbound-call',
      '  101:1   error    POST /payments handler emits no telemetry.  otel/http-handler',
    ]);
    expect(lines[payments + 3]).toBe('');
  });

  it('keeps long three-part messages on one line without padding the others past them', () => {
    const lines = formatHuman(sampleResult(), plain).split('\n');
    const users = lines.indexOf('src/routes/users.ts');
    expect(lines[users + 1]).toBe(
      '   8:5  warning  Log message built by template literal; pass { userId } as metadata.  otel/structured-logging',
    );
    expect(lines[users + 2]).toBe(
      '  12:3  error    GET /users handler emits no telemetry. Without a span, failures of this route are ' +
        'invisible in production. Wrap the handler body in tracer.startActiveSpan or apply @Span().  otel/http-handler',
    );
  });

  it('summarises counts, suppressed, files, duration and skipped reasons', () => {
    const out = formatHuman(sampleResult(), plain);
    expect(out).toContain('✖ 4 problems (2 errors, 2 warnings), 2 suppressed\n');
    expect(out).not.toContain('baselined');
    expect(out).toContain('12 files analysed in 2.31s');
    expect(out).toContain('skipped: 3 (too large: 1, binary: 2)');
  });

  it('ends with the coverage table: per rule and a total per pillar', () => {
    const out = formatHuman(sampleResult(), plain);
    const table = out.slice(out.indexOf('coverage\n'));
    expect(table.trimEnd().split('\n')).toEqual([
      'coverage',
      '  rule                  targets  instrumented  coverage',
      '    otel/http-handler         3             1     33.3%',
      '    otel/outbound-call        4             4    100.0%',
      '  otel (all rules)            7             5     71.4%',
    ]);
    expect(out.endsWith('71.4%\n')).toBe(true);
  });

  it('says so when there is nothing to report', () => {
    const result = sampleResult();
    result.findings = [];
    result.summary = { ...result.summary, errors: 0, warnings: 0, suppressed: 0, baselined: 4, skipped: [], coverage: {}, unrecognised: [] };
    const out = formatHuman(result, plain);
    expect(out).toBe('✔ no problems, 4 baselined\n12 files analysed in 2.31s\n');
  });

  it('with quiet, shows errors only', () => {
    const out = formatHuman(sampleResult(), { ...plain, quiet: true });
    expect(out).toContain('GET /users handler emits no telemetry');
    expect(out).toContain('POST /payments handler');
    expect(out).not.toContain('Log message built');
    expect(out).not.toContain('fetch outside any span');
    expect(out).not.toMatch(/^ +\d+:\d+ +warning /m);
    expect(out).toContain('✖ 2 errors (2 warnings not shown)');
  });

  it('with quiet and only warnings, lists no file at all', () => {
    const result = sampleResult();
    result.findings = result.findings.filter((f) => f.severity === 'warn');
    result.summary = { ...result.summary, errors: 0, warnings: 2 };
    const out = formatHuman(result, { ...plain, quiet: true });
    expect(out).not.toContain('src/routes/');
    expect(out.startsWith('✔ no errors (2 warnings not shown)')).toBe(true);
  });

  it('with explain, lists every target before the summary with its evidence chain or reason', () => {
    const out = formatHuman(explainedResult(), { ...plain, explain: true });
    expect(out).toContain(
      'GET /orders → call createOrder (src/routes/orders.ts:12) → call recordOrder (src/lib/telemetry.ts:8) → ' +
        'emission opentelemetry tracer.startActiveSpan (src/lib/telemetry.ts:9)',
    );
    expect(out).toMatch(/✓ {2}http-handler \(express\) {2}GET \/orders {2}src\/routes\/orders\.ts:10/);
    expect(out).toMatch(/✗ {2}http-handler \(express\) {2}GET \/users {3}src\/routes\/users\.ts:12\n {6}no emission in the handler/);
    expect(out).toContain('EmailProcessor.process → decorator @Span (src/workers/email.ts:6)');
    expect(out).toContain('fetch → coverage auto-instrumentation getNodeAutoInstrumentations (src/otel.ts:5)');
    expect(out).toContain('otel/http-handler 1/2 instrumented');
    expect(out.indexOf('targets\n')).toBeLessThan(out.indexOf('✖ 4 problems'));
    expect(out.indexOf('targets\n')).toBeGreaterThan(out.indexOf('src/routes/users.ts\n'));
  });

  it('without explain, does not list targets even when present', () => {
    const out = formatHuman(explainedResult(), plain);
    expect(out).not.toContain('→');
    expect(out).not.toContain('✓');
  });

  it('colours only when asked', () => {
    expect(formatHuman(sampleResult(), { ...plain, color: true })).toMatch(/\x1b\[31merror\x1b\[39m/);
    expect(formatHuman(sampleResult(), plain)).not.toMatch(/\x1b\[/);
  });
});

describe('JSON reporter', () => {
  it('prints the result with SPEC key order and a trailing newline', () => {
    const shuffled = sampleResult() as unknown as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(shuffled).reverse()) as unknown as RunResult;
    const out = formatJson(reordered);
    expect(out.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'mode', 'pillars', 'summary', 'findings']);
    expect(Object.keys(parsed.summary)).toEqual([
      'files', 'durationMs', 'errors', 'warnings', 'suppressed', 'baselined', 'skipped', 'coverage', 'unrecognised',
    ]);
    expect(Object.keys(parsed.summary.coverage)).toEqual(['otel/http-handler', 'otel/outbound-call']);
    expect(Object.keys(parsed.findings[0])).toEqual([
      'ruleId', 'pillar', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn',
      'target', 'fingerprint', 'help',
    ]);
    expect(parsed).toEqual(sampleResult());
  });

  it('includes targets only when present, after findings', () => {
    const parsed = JSON.parse(formatJson(explainedResult()));
    expect(Object.keys(parsed).at(-1)).toBe('targets');
    expect(parsed.targets).toHaveLength(4);
    expect(Object.keys(parsed.targets[0].evidence[2])).toEqual(['kind', 'family', 'api', 'file', 'line']);
  });

  it('validates against schemas/report.schema.json', () => {
    for (const result of [sampleResult(), explainedResult()]) {
      const ok = validate(JSON.parse(formatJson(result)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('is registered under its --format name', () => {
    expect(FORMATS.json(sampleResult(), plain)).toBe(formatJson(sampleResult()));
    expect(FORMATS.human(sampleResult(), plain)).toBe(formatHuman(sampleResult(), plain));
  });
});

describe('report schema catches drift', () => {
  const broken: [string, (r: Record<string, any>) => void][] = [
    ['a finding without fingerprint', (r) => delete r.findings[0].fingerprint],
    ['severity "fatal"', (r) => (r.findings[0].severity = 'fatal')],
    ['severity "off" (never reported)', (r) => (r.findings[0].severity = 'off')],
    ['line 0', (r) => (r.findings[0].line = 0)],
    ['a fractional column', (r) => (r.findings[0].column = 1.5)],
    ['an unknown finding key', (r) => (r.findings[0].extra = true)],
    ['an unknown summary key', (r) => (r.summary.score = 90)],
    ['summary without coverage', (r) => delete r.summary.coverage],
    ['an unknown mode', (r) => (r.mode = 'strict')],
    ['schemaVersion 2', (r) => (r.schemaVersion = 2)],
    ['a coverage entry without instrumented', (r) => delete r.summary.coverage['otel/http-handler'].instrumented],
    ['an emission step without api', (r) => delete r.targets[0].evidence[2].api],
    ['an unknown evidence kind', (r) => (r.targets[0].evidence[0].kind = 'guess')],
    ['a call step with an emission field', (r) => (r.targets[0].evidence[0].family = 'opentelemetry')],
    ['a target without instrumented', (r) => delete r.targets[1].instrumented],
  ];
  it.each(broken)('rejects %s', (_, breakIt) => {
    const report = JSON.parse(formatJson(explainedResult()));
    expect(validate(report)).toBe(true);
    breakIt(report);
    expect(validate(report)).toBe(false);
  });
});
