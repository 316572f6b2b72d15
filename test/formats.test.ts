// Machine formats for CI and PR bots: SARIF (GitHub code scanning), GitHub workflow commands, GitLab
// Code Quality, and the markdown PR summary. Pure reporter tests first, then the CLI wiring.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { runCli } from './helpers/cli.js';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../src/reporters/github.js';
import { formatGitlab } from '../src/reporters/gitlab.js';
import { formatMarkdown } from '../src/reporters/markdown.js';
import type { RuleInfo } from '../src/reporters/rules.js';
import { FINGERPRINT_KEY, formatSarif } from '../src/reporters/sarif.js';
import { FORMATS } from '../src/reporters/index.js';
import type { Finding, RunResult } from '../src/types.js';
import { tempProject } from './helpers/project.js';

const RULES: RuleInfo[] = [
  {
    id: 'doctrines/parse-error',
    pillar: 'doctrines',
    description: 'A file could not be parsed cleanly.',
    defaultSeverity: 'warn',
    help: 'Fix the syntax error.',
    doc: '# doctrines/parse-error\n\nA file did not parse.\n',
  },
  {
    id: 'otel/http-handler',
    pillar: 'otel',
    description: 'HTTP route handlers must emit telemetry.',
    defaultSeverity: 'error',
    help: 'Open a span in the handler.',
    doc: '# otel/http-handler\n\nEvery HTTP route handler must emit telemetry.\n',
  },
  {
    id: 'otel/actor',
    pillar: 'otel',
    description: 'Long-lived message handlers must emit telemetry.',
    defaultSeverity: 'error',
    help: 'Open a span per message.',
  },
];

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: 'otel/http-handler',
    pillar: 'otel',
    severity: 'error',
    message: 'GET /users handler (express) emits no telemetry: requests to this route are invisible. Open a span.',
    file: 'src/routes/users.ts',
    line: 12,
    column: 3,
    endLine: 30,
    endColumn: 4,
    target: { kind: 'http-handler', name: 'GET /users', framework: 'express' },
    fingerprint: 'fp-users',
    help: 'Open a span in the handler.',
    ...over,
  };
}

function result(findings: Finding[], over: Partial<RunResult> = {}): RunResult {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    schemaVersion: 1,
    tool: { name: 'check-doctrines', version: '1.2.3' },
    mode: 'blocking',
    pillars: ['otel'],
    summary: {
      files: 7,
      durationMs: 120,
      errors,
      warnings: findings.length - errors,
      suppressed: 0,
      baselined: 0,
      skipped: [],
      coverage: {
        'otel/http-handler': { targets: 3, instrumented: 1 },
        'otel/actor': { targets: 0, instrumented: 0 },
      },
    },
    findings,
    ...over,
  };
}

const SAMPLE = result([
  finding({}),
  finding({
    ruleId: 'doctrines/parse-error',
    pillar: 'doctrines',
    severity: 'warn',
    message: "Parse error: ')' expected.",
    file: 'app/[id]/page.tsx',
    line: 4,
    column: 10,
    endLine: 4,
    endColumn: 11,
    target: undefined,
    fingerprint: 'fp-parse',
  }),
  finding({ message: 'POST /payments handler emits no telemetry.', file: 'src/routes/payments.ts', line: 101, column: 1, endLine: 120, endColumn: 2, fingerprint: 'fp-pay' }),
]);

// ---------------------------------------------------------------------------------------------
// SARIF

type Json = Record<string, any>;

/**
 * What GitHub code scanning needs from a SARIF log, checked structurally. Returns the problems found
 * (empty when the log is fine), so the checker itself can be shown to reject broken logs.
 */
function sarifProblems(log: Json): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  const isPosInt = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  need(log.version === '2.1.0', 'version is 2.1.0');
  need(typeof log.$schema === 'string' && /sarif-(schema-)?2\.1\.0/.test(log.$schema), '$schema names SARIF 2.1.0');
  need(Array.isArray(log.runs) && log.runs.length > 0, 'runs is a non-empty array');
  const categories = new Set<string>();
  for (const [r, run] of (log.runs ?? []).entries()) {
    const driver = run?.tool?.driver;
    need(typeof driver?.name === 'string' && driver.name.length > 0, `runs[${r}].tool.driver.name`);
    need(typeof driver?.version === 'string', `runs[${r}].tool.driver.version`);
    need(Array.isArray(driver?.rules), `runs[${r}].tool.driver.rules is an array`);
    const id = run?.automationDetails?.id;
    need(typeof id === 'string' && id.endsWith('/'), `runs[${r}].automationDetails.id is a category ending in "/"`);
    need(!categories.has(id), `runs[${r}].automationDetails.id is unique in the log`);
    categories.add(id);
    for (const [i, rule] of (driver?.rules ?? []).entries()) {
      const at = `runs[${r}].tool.driver.rules[${i}]`;
      need(typeof rule.id === 'string', `${at}.id`);
      need(typeof rule.name === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(rule.name), `${at}.name is an identifier`);
      need(typeof rule.shortDescription?.text === 'string', `${at}.shortDescription.text`);
      need(typeof rule.fullDescription?.text === 'string', `${at}.fullDescription.text`);
      need(typeof rule.help?.text === 'string' && typeof rule.help?.markdown === 'string', `${at}.help.text and .markdown`);
      need(['error', 'warning', 'note'].includes(rule.defaultConfiguration?.level), `${at}.defaultConfiguration.level`);
    }
    need(Array.isArray(run?.results), `runs[${r}].results is an array`);
    for (const [i, res] of (run?.results ?? []).entries()) {
      const at = `runs[${r}].results[${i}]`;
      const rule = driver?.rules?.[res.ruleIndex];
      need(rule && rule.id === res.ruleId, `${at}.ruleIndex points at the rule ${res.ruleId}`);
      need(['error', 'warning', 'note'].includes(res.level), `${at}.level`);
      need(typeof res.message?.text === 'string' && res.message.text.length > 0, `${at}.message.text`);
      need(Array.isArray(res.locations) && res.locations.length === 1, `${at}.locations has one location`);
      const loc = res.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri;
      need(typeof uri === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('/'), `${at} uri is relative`);
      need(typeof uri === 'string' && !/[\s[\]]/.test(uri), `${at} uri is percent-encoded`);
      need(loc?.artifactLocation?.uriBaseId === '%SRCROOT%', `${at} uriBaseId is %SRCROOT%`);
      const region = loc?.region ?? {};
      need(isPosInt(region.startLine) && isPosInt(region.startColumn), `${at} region start`);
      if (region.endLine !== undefined) {
        need(isPosInt(region.endLine) && isPosInt(region.endColumn), `${at} region end`);
        need(
          region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn > region.startColumn),
          `${at} region ends after it starts`,
        );
      }
      need(typeof res.partialFingerprints?.[FINGERPRINT_KEY] === 'string', `${at}.partialFingerprints.${FINGERPRINT_KEY}`);
    }
  }
  return problems;
}

describe('sarif', () => {
  const log = JSON.parse(formatSarif(SAMPLE, { rules: RULES }));

  it('is a structurally valid SARIF 2.1.0 log for code scanning', () => {
    expect(sarifProblems(log)).toEqual([]);
  });

  it('the structural check rejects what code scanning would reject', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].ruleIndex = 99;
    broken.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'file:///home/me/src/routes/users.ts';
    broken.runs[1].automationDetails.id = broken.runs[0].automationDetails.id;
    delete broken.runs[0].results[1].partialFingerprints;
    expect(sarifProblems(broken)).toEqual([
      'runs[0].results[0].ruleIndex points at the rule otel/http-handler',
      'runs[0].results[0] uri is relative',
      `runs[0].results[1].partialFingerprints.${FINGERPRINT_KEY}`,
      'runs[1].automationDetails.id is unique in the log',
    ]);
  });

  it('has one run per pillar, each its own category, listing every rule of that pillar', () => {
    expect(log.runs.map((r: Json) => r.automationDetails.id)).toEqual(['check-doctrines/otel/', 'check-doctrines/doctrines/']);
    expect(log.runs[0].tool.driver.rules.map((r: Json) => r.id)).toEqual(['otel/http-handler', 'otel/actor']);
    expect(log.runs[1].tool.driver.rules.map((r: Json) => r.id)).toEqual(['doctrines/parse-error']);
    expect(log.runs[0].tool.driver).toMatchObject({ name: 'check-doctrines', version: '1.2.3' });
    expect(log.runs[0].tool.driver.informationUri).toBeUndefined();
    const withHome = JSON.parse(formatSarif(SAMPLE, { rules: RULES, homepage: 'https://example.org/cd' }));
    expect(withHome.runs[0].tool.driver.informationUri).toBe('https://example.org/cd');
  });

  it('keeps a run for a selected pillar with no findings, so fixed alerts close', () => {
    const empty = JSON.parse(formatSarif(result([]), { rules: RULES }));
    expect(empty.runs.map((r: Json) => [r.automationDetails.id, r.results.length])).toEqual([
      ['check-doctrines/otel/', 0],
      ['check-doctrines/doctrines/', 0],
    ]);
    expect(sarifProblems(empty)).toEqual([]);
  });

  it('rules carry descriptions, help from the rule doc, and the default level', () => {
    const [http, actor] = log.runs[0].tool.driver.rules;
    expect(http).toMatchObject({
      name: 'OtelHttpHandler',
      shortDescription: { text: 'HTTP route handlers must emit telemetry.' },
      help: { text: 'HTTP route handlers must emit telemetry.\n\nHow to fix: Open a span in the handler.', markdown: RULES[1].doc },
      defaultConfiguration: { level: 'error' },
    });
    // No doc: the markdown help is built from the description and the fix.
    expect(actor.help.markdown).toBe('Long-lived message handlers must emit telemetry.\n\n**How to fix:** Open a span per message.');
  });

  it('results: rule, level, message, full region, encoded relative uri, fingerprint', () => {
    const [payments, users] = log.runs[0].results;
    expect(users).toEqual({
      ruleId: 'otel/http-handler',
      ruleIndex: 0,
      level: 'error',
      message: { text: SAMPLE.findings[0].message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/routes/users.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12, startColumn: 3, endLine: 30, endColumn: 4 },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: 'fp-users' },
    });
    expect(payments.locations[0].physicalLocation.artifactLocation.uri).toBe('src/routes/payments.ts');
    const parse = log.runs[1].results[0];
    expect(parse.level).toBe('warning');
    expect(parse.locations[0].physicalLocation.artifactLocation.uri).toBe('app/%5Bid%5D/page.tsx');
    expect(decodeURIComponent(parse.locations[0].physicalLocation.artifactLocation.uri)).toBe('app/[id]/page.tsx');
  });

  it('a finding whose rule was not given still gets a rule to point at; a degenerate end is dropped', () => {
    const odd = result([finding({ ruleId: 'otel/outbound-call', severity: 'warn', endLine: 12, endColumn: 3, fingerprint: 'x' })]);
    const sarif = JSON.parse(formatSarif(odd, { rules: RULES }));
    expect(sarifProblems(sarif)).toEqual([]);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules[run.results[0].ruleIndex].id).toBe('otel/outbound-call');
    expect(run.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 12, startColumn: 3 });
  });

  it('is reachable as --format sarif through the registry, with the rules the CLI passes', () => {
    const viaRegistry = FORMATS.sarif(SAMPLE, { color: false, explain: false, quiet: false, rules: RULES });
    expect(viaRegistry).toBe(formatSarif(SAMPLE, { rules: RULES }));
  });
});

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

describe('github', () => {
  it('one workflow command per finding, sorted by file and line, then a summary line', () => {
    const lines = formatGithub(SAMPLE).trimEnd().split('\n');
    expect(lines).toEqual([
      "::warning file=app/[id]/page.tsx,line=4,endLine=4,col=10,endColumn=11,title=doctrines/parse-error::Parse error: ')' expected.",
      '::error file=src/routes/payments.ts,line=101,endLine=120,title=otel/http-handler::POST /payments handler emits no telemetry.',
      `::error file=src/routes/users.ts,line=12,endLine=30,title=otel/http-handler::${SAMPLE.findings[0].message}`,
      'check-doctrines: 2 errors, 1 warning (blocking)',
    ]);
  });

  it('escapes data (%, CR, LF) and properties (also : and ,) so a finding stays one command', () => {
    expect(escapeData('50% of a\r\nb: c, d')).toBe('50%25 of a%0D%0Ab: c, d');
    expect(escapeProperty('C:\\a,b%\n')).toBe('C%3A\\a%2Cb%25%0A');
    const tricky = result([
      finding({ file: 'src/a,b:c.ts', ruleId: 'otel/http-handler', message: 'line one\nline two: 100%', line: 3, endLine: 3, column: 1, endColumn: 9 }),
    ]);
    const [command] = formatGithub(tricky).split('\n');
    // A line break from analysed code is shown escaped (terminal-safe.ts), so the annotation stays one line.
    expect(command).toBe('::error file=src/a%2Cb%3Ac.ts,line=3,endLine=3,col=1,endColumn=9,title=otel/http-handler::line one\\nline two: 100%25');
  });

  it('prints only the summary when there is nothing to annotate', () => {
    expect(formatGithub(result([], { mode: 'advisory' }))).toBe('check-doctrines: 0 errors, 0 warnings (advisory)\n');
  });
});

// ---------------------------------------------------------------------------------------------
// GitLab Code Quality

/** The Code Quality report as GitLab documents it: the fields it reads, and the severities it knows. */
const CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^/' } },
          lines: {
            type: 'object',
            required: ['begin'],
            properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } },
          },
        },
      },
    },
  },
};
const validateCodeQuality = new Ajv({ allErrors: true }).compile(CODE_QUALITY_SCHEMA);

describe('gitlab', () => {
  const issues = JSON.parse(formatGitlab(SAMPLE));

  it('is a valid Code Quality report', () => {
    expect(validateCodeQuality(issues), JSON.stringify(validateCodeQuality.errors)).toBe(true);
  });

  it('the schema rejects what GitLab would not read', () => {
    const broken = structuredClone(issues);
    broken[0].severity = 'error';
    delete broken[1].location.lines;
    expect(validateCodeQuality(broken)).toBe(false);
    expect(validateCodeQuality.errors?.map((e) => e.instancePath).sort()).toEqual(['/0/severity', '/1/location']);
  });

  it('maps error → major and warn → minor, with rule, path and lines', () => {
    expect(issues.map((i: Json) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.location.lines.end])).toEqual([
      ['doctrines/parse-error', 'minor', 'app/[id]/page.tsx', 4, 4],
      ['otel/http-handler', 'major', 'src/routes/payments.ts', 101, 120],
      ['otel/http-handler', 'major', 'src/routes/users.ts', 12, 30],
    ]);
    expect(issues[2].description).toBe(SAMPLE.findings[0].message);
  });

  it('fingerprints are unique per finding and stable across runs and line shifts', () => {
    const twins = result([finding({}), finding({ line: 40, endLine: 50 }), finding({ file: 'src/other.ts' })]);
    const fps = JSON.parse(formatGitlab(twins)).map((i: Json) => i.fingerprint);
    expect(new Set(fps).size).toBe(3);
    const shifted = result([finding({ line: 112, endLine: 130 })]);
    expect(JSON.parse(formatGitlab(shifted))[0].fingerprint).toBe(JSON.parse(formatGitlab(result([finding({})])))[0].fingerprint);
  });
});

// ---------------------------------------------------------------------------------------------
// Markdown PR summary

describe('markdown', () => {
  it('headline, counts by pillar and rule, coverage, findings errors first', () => {
    const md = formatMarkdown(SAMPLE);
    expect(md.split('\n')[0]).toBe('## ❌ check-doctrines: 2 errors, 1 warning');
    expect(md).toContain('Pillars: `otel` · 7 files analysed.');
    expect(md).toContain('| `doctrines` | `doctrines/parse-error` | 0 | 1 |\n| **doctrines** | **total** | **0** | **1** |');
    expect(md).toContain('| `otel` | `otel/http-handler` | 2 | 0 |\n| **otel** | **total** | **2** | **0** |');
    expect(md).toContain('| `otel/actor` | 0 | 0 | — |\n| `otel/http-handler` | 3 | 1 | 33.3% |\n| **otel total** | **3** | **1** | **33.3%** |');
    const rows = md.split('\n').filter((l) => /^\| (error|warning) \|/.test(l));
    expect(rows.map((r) => r.split(' | ')[2])).toEqual(['`src/routes/payments.ts:101`', '`src/routes/users.ts:12`', '`app/[id]/page.tsx:4`']);
  });

  it('says so when there is nothing to report', () => {
    const md = formatMarkdown(result([], { summary: { ...SAMPLE.summary, errors: 0, warnings: 0, coverage: {} } }));
    expect(md).toBe('## ✅ check-doctrines: no findings\n\nPillars: `otel` · 7 files analysed.\n');
  });

  it('escapes pipes, line breaks and HTML outside code spans', () => {
    const md = formatMarkdown(
      result([finding({ message: 'a | b\nuse `x | y` in <anonymous> & co', file: 'src/a|b.ts' })]),
    );
    const row = md.split('\n').find((l) => l.startsWith('| error |'))!;
    // The line break is shown escaped (terminal-safe.ts): the row stays one table row.
    expect(row).toBe('| error | `otel/http-handler` | `src/a\\|b.ts:12` | a \\| b\\nuse `x \\| y` in &lt;anonymous&gt; &amp; co |');
  });

  it('caps the findings table and says how many more there are', () => {
    const many = result(Array.from({ length: 57 }, (_, i) => finding({ line: i + 1, endLine: i + 2, fingerprint: `fp${i}` })));
    const md = formatMarkdown(many);
    expect(md.split('\n').filter((l) => l.startsWith('| error |'))).toHaveLength(50);
    expect(md).toContain('…and 7 more findings not shown');
    expect(formatMarkdown(many, { maxFindings: 5 })).toContain('…and 52 more findings not shown');
    expect(formatMarkdown(result([finding({})]))).not.toContain('more finding');
  });
});

// ---------------------------------------------------------------------------------------------
// Through the CLI (built binary)

const UNINSTRUMENTED = `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.json([]));
`;

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runCli(cwd, args, { NO_COLOR: '', FORCE_COLOR: '', GITHUB_STEP_SUMMARY: '', ...env });
}

describe('formats through the CLI', () => {
  it('writes sarif, gitlab and markdown files in one run, with every rule of the pillar in the SARIF', () => {
    const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });
    const r = run(dir, ['--format', 'sarif=out.sarif', '--format', 'gitlab=cq.json', '--format', 'markdown=pr.md', '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^::error file=src\/app\.ts,line=3,endLine=3,col=\d+,endColumn=\d+,title=otel\/http-handler::GET \/orders handler/);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    expect(sarifProblems(sarif)).toEqual([]);
    const otelRun = sarif.runs.find((x: Json) => x.automationDetails.id === 'check-doctrines/otel/');
    expect(otelRun.tool.driver.rules.map((x: Json) => x.id)).toContain('otel/http-handler');
    expect(otelRun.tool.driver.rules.every((x: Json) => x.id.startsWith('otel/'))).toBe(true);
    expect(otelRun.tool.driver.rules.find((x: Json) => x.id === 'otel/http-handler').help.markdown).toMatch(/^# otel\/http-handler/);
    expect(otelRun.results.map((x: Json) => x.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['src/app.ts']);
    expect(validateCodeQuality(JSON.parse(fs.readFileSync(path.join(dir, 'cq.json'), 'utf8')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'pr.md'), 'utf8')).toMatch(/^## ❌ check-doctrines: 1 error, 0 warnings/);
  });

  it('with --format github, appends the markdown summary to $GITHUB_STEP_SUMMARY', () => {
    const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });
    const summary = path.join(dir, 'step-summary.md');
    fs.writeFileSync(summary, 'earlier step\n');
    const r = run(dir, ['--format', 'github', '--advisory'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning file=src\/app\.ts/);
    const text = fs.readFileSync(summary, 'utf8');
    expect(text).toMatch(/^earlier step\n## ⚠️ check-doctrines: 0 errors, 1 warning/);
    expect(text).toContain('`src/app.ts:3`');
    // Other formats leave the step summary alone.
    run(dir, ['--format', 'json'], { GITHUB_STEP_SUMMARY: summary });
    expect(fs.readFileSync(summary, 'utf8')).toBe(text);
  });
});
