// End-to-end: entry points declared in framework config files (serverless.yml, SAM template.yaml,
// wrangler.toml), malformed config files as doctrines/config-file-error findings, and the cache seeing
// config changes. Spawns the built binary (npm test builds first), as test/cli.test.ts does.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';

interface Json {
  findings: { ruleId: string; file: string; line: number; severity: string; message: string }[];
  targets: { ruleId: string; name: string; file: string; framework: string; instrumented: boolean }[];
}

const HANDLERS = `export const get = async (event) => ({ statusCode: 200, body: event.pathParameters.id });
export const consume = async (event) => { for (const r of event.Records) JSON.parse(r.body); };
`;
const SERVERLESS = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  getOrder:
    handler: src/orders.get
    events:
      - http: GET orders/{id}
  consume:
    handler: src/orders.consume
    events:
      - sqs: arn:aws:sqs:eu-west-1:1:orders
`;

const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Json;
const names = (j: Json) => j.targets.map((t) => `${t.ruleId} ${t.name}`).sort();

describe('framework config files', () => {
  it('declare Lambda handlers, named after their route or event', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'serverless.yml': SERVERLESS, 'src/orders.js': HANDLERS });
    const r = runCli(dir, ['--format', 'json', '--explain', '--no-cache']);
    expect(r.code).toBe(1);
    expect(names(json(r))).toEqual(['otel/actor lambda sqs consume', 'otel/http-handler lambda GET /orders/{id} getOrder']);
  });

  it('are found above a named path: `check-doctrines src` sees the serverless.yml beside src', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'serverless.yml': SERVERLESS, 'src/orders.js': HANDLERS });
    const r = runCli(dir, ['src', '--format', 'json', '--explain', '--no-cache']);
    expect(names(json(r))).toEqual(['otel/actor lambda sqs consume', 'otel/http-handler lambda GET /orders/{id} getOrder']);
  });

  it('in node_modules or .gitignored folders are not read', () => {
    const dir = tempProject({
      'package.json': '{"name":"x"}',
      '.gitignore': 'generated/\n',
      'node_modules/pkg/serverless.yml': SERVERLESS.replace('src/orders', '../../src/orders'),
      'generated/serverless.yml': SERVERLESS.replace('src/orders', '../src/orders'),
      'src/orders.js': HANDLERS,
    });
    fs.mkdirSync(path.join(dir, '.git'));
    const r = runCli(dir, ['--format', 'json', '--explain', '--no-cache']);
    expect(json(r).targets).toEqual([]);
  });

  it('a malformed one is a doctrines/config-file-error warning naming the file and line; the rest of the analysis goes on', () => {
    const dir = tempProject({
      'package.json': '{"name":"x"}',
      'api/serverless.yml': 'service: a\nfunctions:\n  getOrder:\n    handler: src/orders.get: x\n',
      'infra/template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: [\n',
      'docs/template.yaml': 'title: [not a CloudFormation template\n',
      'worker/wrangler.toml': 'name = "w"\nmain = "src/index.ts"\n[[durable_objects.bindings]]\nclass_name = Counter\n',
      'src/typed.ts': `import type { APIGatewayProxyHandler } from 'aws-lambda';\nexport const handler: APIGatewayProxyHandler = async () => ({ statusCode: 200, body: '' });\n`,
    });
    const r = runCli(dir, ['--format', 'json', '--explain', '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const j = json(r);
    const configErrors = j.findings.filter((f) => f.ruleId === 'doctrines/config-file-error');
    expect(configErrors.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['api/serverless.yml:4 warn', 'infra/template.yaml:6 warn', 'worker/wrangler.toml:4 warn']);
    expect(configErrors[0].message).toMatch(/serverless config file does not parse: Nested mappings/);
    // The typed handler is still found and judged.
    expect(names(j)).toEqual(['otel/http-handler lambda src/typed.handler']);

    const human = runCli(dir, ['--no-cache', '--rule', 'otel/http-handler=off']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/api\/serverless\.yml/);
    expect(human.stdout).toMatch(/doctrines\/config-file-error/);
  });

  it('the cache sees a config file change, appear and go away', () => {
    const dir = tempProject({ 'package.json': '{"name":"x"}', 'src/orders.js': HANDLERS });
    // Files older than the cache's two-second window, so a run with nothing changed is answered from it.
    const age = (rel: string, secondsAgo: number) => {
      const t = new Date(Date.now() - secondsAgo * 1000);
      fs.utimesSync(path.join(dir, rel), t, t);
    };
    age('src/orders.js', 60);
    age('package.json', 60);
    const run = () => names(json(runCli(dir, ['--format', 'json', '--explain'])));
    expect(run()).toEqual([]);
    fs.writeFileSync(path.join(dir, 'serverless.yml'), SERVERLESS);
    age('serverless.yml', 50);
    expect(run()).toEqual(['otel/actor lambda sqs consume', 'otel/http-handler lambda GET /orders/{id} getOrder']);
    expect(run()).toEqual(['otel/actor lambda sqs consume', 'otel/http-handler lambda GET /orders/{id} getOrder']);
    // Same size, other route: the last analysis must not be reused.
    fs.writeFileSync(path.join(dir, 'serverless.yml'), SERVERLESS.replace('GET orders/{id}', 'PUT orders/{id}'));
    age('serverless.yml', 40);
    expect(run()).toEqual(['otel/actor lambda sqs consume', 'otel/http-handler lambda PUT /orders/{id} getOrder']);
    fs.rmSync(path.join(dir, 'serverless.yml'));
    expect(run()).toEqual([]);
  });

  it('wrangler.toml makes its main module a Worker and binds Durable Objects that extend nothing', () => {
    const dir = tempProject({
      'package.json': '{"name":"x"}',
      'wrangler.toml': 'name = "w"\nmain = "src/index.ts"\n[triggers]\ncrons = ["0 * * * *"]\n[[durable_objects.bindings]]\nname = "C"\nclass_name = "Counter"\n',
      'src/index.ts': `export { Counter } from './counter';\nexport default {\n  async fetch(req: Request) { return new Response(req.url); },\n  async scheduled() {},\n};\n`,
      'src/counter.ts': 'export class Counter {\n  async fetch(req: Request) { return new Response(req.url); }\n}\n',
    });
    const r = runCli(dir, ['--format', 'json', '--explain', '--no-cache']);
    expect(names(json(r))).toEqual(['otel/actor Counter.fetch', 'otel/actor worker scheduled "0 * * * *"', 'otel/http-handler worker fetch']);
  });
});
