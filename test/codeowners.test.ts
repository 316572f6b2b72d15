import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadCodeowners, ownershipCoverage, parseCodeowners } from '../src/engine/codeowners.js';
import { runCli } from './helpers/cli.js';
import { tempProject } from './helpers/project.js';

const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'schemas', 'report.schema.json'), 'utf8'));

describe('CODEOWNERS patterns (GitHub semantics)', () => {
  // The examples of GitHub's documentation of CODEOWNERS, with the paths it says they own and do not.
  const owners = parseCodeowners(
    [
      '# comment',
      '*       @global-owner1 @global-owner2',
      '*.js    @js-owner #This is an inline comment.',
      '*.go docs@example.com',
      '/build/logs/ @doctocat',
      'docs/*  docs@example.com',
      'apps/ @octocat',
      '/docs/ @doctocat',
      '/scripts/ @doctocat @octocat',
      '**/logs @octocat',
      '/apps/ @octocat',
      '/apps/github',
      '\\#notes @hash-owner',
    ].join('\n'),
  );

  it('takes the last matching line', () => {
    expect(owners.ownersOf('README.md')).toEqual(['@global-owner1', '@global-owner2']);
    expect(owners.ownersOf('src/index.js')).toEqual(['@js-owner']);
    expect(owners.ownersOf('build/logs/x/y.txt')).toEqual(['@octocat']); // **/logs is below /build/logs/
    expect(owners.ownersOf('scripts/deploy.ts')).toEqual(['@doctocat', '@octocat']);
  });

  it('docs/* owns the files directly in docs/ only; /docs/ owns everything under it', () => {
    const shallow = parseCodeowners('docs/* docs@example.com\n');
    expect(shallow.ownersOf('docs/getting-started.md')).toEqual(['docs@example.com']);
    expect(shallow.ownersOf('docs/build-app/troubleshooting.md')).toEqual([]);
    // A slash before the end anchors the pattern at the root, as in gitignore.
    expect(shallow.ownersOf('a/docs/x.md')).toEqual([]);
    expect(owners.ownersOf('docs/build-app/troubleshooting.md')).toEqual(['@doctocat']);
  });

  it('an unanchored folder pattern matches at any depth; an anchored one only at the root', () => {
    expect(owners.ownersOf('lib/apps/main.ts')).toEqual(['@octocat']);
    const anchored = parseCodeowners('/src/api/ @api\n');
    expect(anchored.ownersOf('src/api/orders.ts')).toEqual(['@api']);
    expect(anchored.ownersOf('pkg/src/api/orders.ts')).toEqual([]);
  });

  it('a pattern with no owner leaves its files unowned; `\\#` is a literal #; a negation is ignored', () => {
    expect(owners.ownersOf('apps/github/index.ts')).toEqual([]);
    expect(owners.ownersOf('apps/other/index.ts')).toEqual(['@octocat']);
    expect(owners.ownersOf('#notes')).toEqual(['@hash-owner']);
    expect(parseCodeowners('* @a\n!src/ @b\n').ownersOf('src/x.ts')).toEqual(['@a']);
  });
});

describe('CODEOWNERS sections (GitLab)', () => {
  const owners = parseCodeowners(
    [
      '* @everyone',
      '[Backend] @backend-default',
      'src/api/',
      'src/api/payments/ @payments',
      '^[Docs][2] @tech-writers',
      '*.md',
      '[backend]',
      'src/api/legacy/ @legacy',
    ].join('\n'),
  );

  it('applies the last match of each section, sections merged by name whatever their case, owners from every section', () => {
    expect(owners.ownersOf('src/api/orders.ts')).toEqual(['@everyone', '@backend-default']);
    expect(owners.ownersOf('src/api/payments/charge.ts')).toEqual(['@everyone', '@payments']);
    expect(owners.ownersOf('src/api/legacy/old.ts')).toEqual(['@everyone', '@legacy']);
    expect(owners.ownersOf('src/api/README.md')).toEqual(['@everyone', '@backend-default', '@tech-writers']);
    expect(owners.ownersOf('web/page.tsx')).toEqual(['@everyone']);
  });
});

describe('CODEOWNERS locations', () => {
  it('reads .github/ first, then the root, docs/ and .gitlab/', () => {
    const dir = tempProject({ 'CODEOWNERS': '* @root\n', 'docs/CODEOWNERS': '* @docs\n', '.gitlab/CODEOWNERS': '* @gitlab\n' });
    expect(loadCodeowners(dir)?.file).toBe('CODEOWNERS');
    fs.mkdirSync(path.join(dir, '.github'));
    fs.writeFileSync(path.join(dir, '.github', 'CODEOWNERS'), '* @github\n');
    expect(loadCodeowners(dir)?.ownersOf('x.ts')).toEqual(['@github']);
    fs.rmSync(path.join(dir, '.github'), { recursive: true });
    fs.rmSync(path.join(dir, 'CODEOWNERS'));
    expect(loadCodeowners(dir)?.file).toBe('docs/CODEOWNERS');
    fs.rmSync(path.join(dir, 'docs'), { recursive: true });
    expect(loadCodeowners(dir)?.file).toBe('.gitlab/CODEOWNERS');
    fs.rmSync(path.join(dir, '.gitlab'), { recursive: true });
    expect(loadCodeowners(dir)).toBeUndefined();
  });
});

describe('coverage per owner', () => {
  it('adds each file to each of its owners, unowned files last', () => {
    const owners = parseCodeowners('src/ @b @a\nsrc/pay/ @pay\nsrc/free.ts\n');
    const out = ownershipCoverage(
      owners,
      [
        ['src/app.ts', [['otel/http-handler', 3, 1]]],
        ['src/pay/charge.ts', [['otel/http-handler', 1, 1], ['otel/outbound-call', 2, 0]]],
        ['src/free.ts', [['otel/http-handler', 1, 0]]],
        ['scripts/x.ts', []],
      ],
      (f) => f,
    );
    expect(out).toEqual({
      file: 'CODEOWNERS',
      owners: [
        { owner: '@a', targets: 3, instrumented: 1, coverage: { 'otel/http-handler': { targets: 3, instrumented: 1 } } },
        { owner: '@b', targets: 3, instrumented: 1, coverage: { 'otel/http-handler': { targets: 3, instrumented: 1 } } },
        {
          owner: '@pay',
          targets: 3,
          instrumented: 1,
          coverage: { 'otel/http-handler': { targets: 1, instrumented: 1 }, 'otel/outbound-call': { targets: 2, instrumented: 0 } },
        },
        { owner: '(unowned)', targets: 1, instrumented: 0, coverage: { 'otel/http-handler': { targets: 1, instrumented: 0 } } },
      ],
    });
  });
});

const ROUTES = `import express from 'express';
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('svc');
export const app = express();
app.get('/a', (req, res) => tracer.startActiveSpan('a', (s) => { res.send('a'); s.end(); }));
app.get('/b', (req, res) => { res.send('b'); });
`;
const PAY = `import express from 'express';
export const pay = express.Router();
pay.post('/pay', (req, res) => { res.send('paid'); });
`;

describe('coverage per owner and since the baseline, end to end', () => {
  function project(): string {
    const dir = fs.realpathSync(
      tempProject({
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.github/CODEOWNERS': '* @acme/platform\n/svc/src/pay/ @acme/billing\n',
        'svc/package.json': JSON.stringify({ name: 'svc', dependencies: { express: '4' } }),
        'svc/src/routes.ts': ROUTES,
        'svc/src/pay/pay.ts': PAY,
      }),
    );
    return dir;
  }

  it('names files from the repository root when run from a package, in JSON that the schema accepts', () => {
    const dir = project();
    const r = runCli(path.join(dir, 'svc'), ['--no-cache', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.ownership).toEqual({
      file: '.github/CODEOWNERS',
      owners: [
        { owner: '@acme/billing', targets: 1, instrumented: 0, coverage: { 'otel/http-handler': { targets: 1, instrumented: 0 } } },
        { owner: '@acme/platform', targets: 2, instrumented: 1, coverage: { 'otel/http-handler': { targets: 2, instrumented: 1 } } },
      ],
    });
    const ajv = new Ajv({ allErrors: true, strict: false });
    expect(ajv.validate(schema, report), ajv.errorsText()).toBe(true);
    // Markdown: owners as code spans, so a PR comment does not notify the teams.
    const md = runCli(path.join(dir, 'svc'), ['--no-cache', '--format', 'markdown']).stdout;
    expect(md).toContain('### Coverage by owner\n\n<details><summary><strong>2 owners</strong> (from .github/CODEOWNERS)</summary>\n\n| owner | targets | instrumented | coverage |\n| --- | ---: | ---: | ---: |\n| `@acme/billing` | 1 | 0 | 0% |\n| `@acme/platform` | 2 | 1 | 50% |\n\n</details>');
  });

  it('records coverage in the baseline and shows how it moved since, in human, markdown and JSON', () => {
    const dir = project();
    const svc = path.join(dir, 'svc');
    expect(runCli(svc, ['--no-cache', '--update-baseline']).code).toBe(0);
    const written = fs.readFileSync(path.join(svc, '.doctrines-baseline.json'), 'utf8');
    expect(written).toContain('  "coverage": {\n    "otel/actor": {"targets":0,"instrumented":0},\n    "otel/http-handler": {"targets":3,"instrumented":1},');
    // A handler loses its span: coverage falls from 33.3% to 0%.
    fs.writeFileSync(path.join(svc, 'src/routes.ts'), ROUTES.replace(`tracer.startActiveSpan('a', (s) => { res.send('a'); s.end(); })`, `res.send('a')`));
    const human = runCli(svc, ['--no-cache', '--baseline']);
    expect(human.stdout).toContain(
      [
        'coverage',
        '  rule                 targets  instrumented  coverage  since baseline',
        '    otel/http-handler        3             0      0.0%  33.3% → 0.0%',
        '  otel (all rules)           3             0      0.0%  33.3% → 0.0%',
      ].join('\n'),
    );
    const md = runCli(svc, ['--no-cache', '--baseline', '--format', 'markdown']).stdout;
    expect(md).toContain('**otel** 0% (0 of 3 targets, 33.3% → 0% 🔻 since the baseline)');
    expect(md).toContain('| `otel/http-handler` | 3 | 0 | 0% | 33.3% → 0% 🔻 |');
    const json = JSON.parse(runCli(svc, ['--no-cache', '--baseline', '--format', 'json']).stdout);
    expect(json.baseline.coverage['otel/http-handler']).toEqual({ targets: 3, instrumented: 1 });
    expect(json.summary.coverage['otel/http-handler']).toEqual({ targets: 3, instrumented: 0 });
  });

  it('loads a baseline written before coverage was recorded, and shows no change column then', () => {
    const dir = project();
    const svc = path.join(dir, 'svc');
    fs.writeFileSync(path.join(svc, 'old.json'), '{\n  "schemaVersion": 1,\n  "tool": "check-doctrines",\n  "findings": []\n}\n');
    const withOld = runCli(svc, ['--no-cache', '--baseline', 'old.json']);
    const without = runCli(svc, ['--no-cache']);
    expect(withOld.code).toBe(1);
    expect(withOld.stdout.replace(/analysed in \S+/, '')).toBe(without.stdout.replace(/analysed in \S+/, ''));
    expect(JSON.parse(runCli(svc, ['--no-cache', '--baseline', 'old.json', '--format', 'json']).stdout).baseline).toEqual({ file: 'old.json', entries: 0, fixed: 0 });
  });

  it('rejects malformed recorded coverage with one line and exit 2', () => {
    const dir = project();
    const svc = path.join(dir, 'svc');
    fs.writeFileSync(path.join(svc, 'bad.json'), JSON.stringify({ findings: [], coverage: { 'otel/http-handler': { targets: 1, instrumented: 2 } } }));
    const r = runCli(svc, ['--no-cache', '--baseline', 'bad.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'check-doctrines: invalid baseline bad.json: "coverage" of "otel/http-handler" needs whole "targets" and "instrumented" counts, instrumented at most targets; regenerate it with --update-baseline bad.json\n',
    );
  });
});
