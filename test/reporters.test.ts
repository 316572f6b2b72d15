import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../src/reporters/index.js';
import { formatHuman } from '../src/reporters/human.js';
import { formatJson } from '../src/reporters/json.js';
import { formatMarkdown } from '../src/reporters/markdown.js';
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

describe('markdown summary for pull requests', () => {
  it('collapses the coverage and findings tables, keeping the pillar totals in view, and stays under the comment limit', () => {
    const result = sampleResult();
    const out = formatMarkdown(result);
    expect(out).toContain('<details><summary><strong>Instrumentation coverage</strong> (per rule)</summary>');
    expect(out).toContain('**otel** 71.4% (5 of 7 targets)');
    expect(out).toContain('<details open><summary><strong>Findings</strong> (4)</summary>');
    expect(out.match(/<details/g)?.length).toBe(out.match(/<\/details>/g)?.length);
    // 3,000 findings with long messages: fewer rows, never past GitHub's 65,536 characters.
    const many = sampleResult();
    many.findings = Array.from({ length: 3000 }, (_, i) => ({ ...ordersError, line: i + 1, message: `${'x'.repeat(1500)} ${i}` }));
    const big = formatMarkdown(many);
    expect(big.length).toBeLessThan(65_536);
    expect(big).toMatch(/…and \d+ more findings not shown/);
  });
});

describe('human reporter', () => {
  it('shows each finding as path:line:col with severity and rule, the message, and a help line, sorted by file and position', () => {
    const out = formatHuman(sampleResult(), plain);
    expect(out).not.toMatch(/\x1b\[/);
    const blocks = out.split('\n\n');
    expect(blocks[0].split('\n')).toEqual(['src/routes/payments.ts:9:11  warning  otel/outbound-call', '  fetch outside any span.']);
    expect(blocks[1].split('\n')[0]).toBe('src/routes/payments.ts:101:1  error  otel/http-handler');
    expect(blocks[2].split('\n')).toEqual(['src/routes/users.ts:8:5  warning  otel/structured-logging', '  Log message built by template literal; pass { userId } as metadata.']);
    // A line break in a message is shown escaped (terminal-safe.ts): a message holding one got it from analysed code.
    expect(blocks[3].split('\n')).toEqual([
      'src/routes/users.ts:12:3  error  otel/http-handler',
      '  GET /users handler emits no telemetry. Without a span, failures of this route are invisible in production.\\nWrap the handler body in tracer.startActiveSpan or apply @Span().',
      '  help: https://example.invalid/rules/otel/http-handler',
    ]);
  });

  it('shows the reported line with its range underlined when the source is at hand, cutting long lines around the column', () => {
    const sources: Record<string, string> = {
      'src/routes/users.ts': ['', '', '', '', '', '', '', '    log.info(`user ${userId} signed in`);', '', '', '', '  app.get("/users", async (req, res) => {'].join('\n'),
      'src/routes/payments.ts': `${'\n'.repeat(8)}${' '.repeat(200)}fetch(url)`,
    };
    const out = formatHuman(sampleResult(), { ...plain, source: (f) => sources[f] });
    expect(out).toContain(['src/routes/users.ts:8:5  warning  otel/structured-logging', '  Log message built by template literal; pass { userId } as metadata.', '  8 │     log.info(`user ${userId} signed in`);', '    │     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^'].join('\n'));
    // A range over several lines underlines the rest of its first line.
    expect(out).toContain(['  12 │   app.get("/users", async (req, res) => {', '     │   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^'].join('\n'));
    // Column 11 of a line with 200 leading spaces: no frame line is wider than the frame allows.
    const frame = out.split('\n').filter((l) => l.startsWith('  9 │'));
    expect(frame).toHaveLength(1);
    expect(frame[0].length).toBeLessThanOrEqual(130);
    // A file that cannot be read has no frame.
    expect(formatHuman(sampleResult(), { ...plain, source: () => undefined })).toBe(formatHuman(sampleResult(), plain));
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

  it('leaves rules that found no target out of the coverage table, keeping the pillar total', () => {
    const result = sampleResult();
    result.summary.coverage = { ...result.summary.coverage, 'otel/actor': { targets: 0, instrumented: 0 } };
    const out = formatHuman(result, plain);
    const table = out.slice(out.indexOf('coverage\n'));
    expect(table).not.toContain('otel/actor');
    expect(table).toContain('otel/http-handler');
    expect(table).toContain('otel (all rules)            7             5     71.4%');
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
    // The coverage table shows without -q, not with it.
    expect(formatHuman(sampleResult(), plain)).toMatch(/^coverage$/m);
    expect(out).not.toMatch(/^coverage$/m);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^skipped: 3/);
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
