// Queue, stream and workflow adapters: what the annotated fixtures cannot say — target names, the
// platformTracing option end to end through the CLI (config file, --config, a bad value), and targets
// that placeholders in another file stand for (Temporal activities) staying right in changed-files runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/run.js';
import { expectOneLineError, runCli } from './helpers/cli.js';
import { tempProject } from './helpers/project.js';

const ACTOR_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'otel', 'actor');

async function targetsOf(dir: string): Promise<string[]> {
  const result = await check({ cwd: path.join(ACTOR_FIXTURES, dir), paths: [], ruleOverrides: [], advisory: false, explain: true });
  return (result.targets ?? []).filter((t) => t.kind === 'actor').map((t) => `${t.file}:${t.line} ${t.name}`).sort();
}

interface JsonTarget {
  name: string;
  file: string;
  instrumented: boolean;
  evidence: { kind: string; via?: string; name?: string }[];
  reason?: string;
}

function explainJson(cwd: string, args: string[] = []): { code: number | null; targets: JsonTarget[] } {
  const r = runCli(cwd, ['.', '--no-cache', '--format', 'json', '--explain', '--rule', 'otel/outbound-call=off', ...args]);
  if (r.code !== 0 && r.code !== 1) throw new Error(r.stderr);
  return { code: r.code, targets: JSON.parse(r.stdout).targets.filter((t: { ruleId: string }) => t.ruleId === 'otel/actor') };
}

describe('queue and workflow adapters', () => {
  it('name each target after its queue, subject, trigger or function', async () => {
    expect(await targetsOf('temporal')).toEqual(
      [
        'activities.ts:4 temporal activity reserveStock',
        'activities.ts:9 temporal activity chargeCard',
        'activities.ts:18 temporal activity refundCard',
        'billing-workflows.ts:8 temporal workflow monthlyBilling',
        'billing.ts:4 temporal activity sendInvoice',
        'esm-worker.ts:14 temporal activity refund',
        'esm-worker.ts:16 temporal activity capture',
        'esm-workflows.ts:2 temporal workflow refundFlow',
        'inline-worker.ts:17 temporal activity notifyOps',
        'inline-worker.ts:19 temporal activity restart',
        'inline-worker.ts:37 temporal activities createNotifier()',
        'ops-workflows.ts:7 temporal workflow restartService',
        'research-workflows.ts:3 temporal workflow researchWorkflow',
        'shipping.ts:3 temporal activity shipOrder',
        'workflows.ts:10 temporal workflow orderFlow',
      ].sort(),
    );
    expect(await targetsOf('inngest')).toEqual(
      [
        'functions/receipts.ts:7 inngest order/created send-receipt',
        'functions/reports.ts:9 inngest cron "0 3 * * *" nightly-report',
        'functions/reports.ts:17 inngest cron "0 4 * * 1" weekly-report',
        'functions/reports.ts:28 inngest cron process.env.MONTHLY_CRON monthly-report',
        'functions/sync.ts:7 inngest catalog/updated sync-catalog',
        'imported-middleware-client.ts:10 inngest order/refunded refund',
        'local.ts:10 inngest storage/cleanup cleanup',
      ].sort(),
    );
    expect(await targetsOf('sqs-consumer')).toEqual(
      ['consumers.ts:12 sqs orders-queue', 'consumers.ts:19 sqs process.env.REFUNDS_QUEUE_URL batch', 'consumers.ts:29 sqs emails', 'consumers.ts:45 sqs invoices'].sort(),
    );
    expect(await targetsOf('bull')).toEqual(
      [
        'images.ts:7 bull images',
        'reports.ts:8 bull this.queue monthly',
        'workers.ts:6 bull emailQueue welcome',
        'workers.ts:12 bull invoiceQueue',
        'factory-worker.ts:8 bull searchQueue()',
        'factory-worker.ts:14 bull eventsQueue()',
        'factory-worker.ts:20 bull mailQueue welcome',
      ].sort(),
    );
    expect(await targetsOf('nats')).toEqual(
      [
        'subscribers.ts:9 nats orders.created',
        'subscribers.ts:18 nats orders.cancelled',
        'subscribers.ts:30 nats refunds.*',
        'subscribers.ts:38 nats sub',
        'transport-node.ts:7 nats shipments.>',
      ].sort(),
    );
    expect(await targetsOf('google-cloud-pubsub')).toEqual(
      ['subscribers.ts:9 pubsub orders-sub', 'subscribers.ts:21 pubsub refunds-sub', 'subscribers.ts:35 pubsub subscription'].sort(),
    );
    expect(await targetsOf('pg-boss')).toEqual(['local.ts:12 pg-boss export-report', 'workers.ts:9 pg-boss send-welcome', 'workers.ts:17 pg-boss charge-card'].sort());
    expect(await targetsOf('azure-service-bus')).toEqual(
      ['receivers.ts:10 servicebus orders', 'receivers.ts:22 servicebus invoices/billing', 'receivers.ts:36 servicebus receiver'].sort(),
    );
    expect(await targetsOf('nestjs-cqrs')).toEqual(
      ['handlers.ts:18 PlaceOrderHandler.execute', 'handlers.ts:32 OrderPlacedHandler.handle', 'handlers.ts:43 GetOrderHandler.execute'].sort(),
    );
    expect(await targetsOf('trigger-dev')).toEqual(
      ['tasks.ts:8 trigger.dev send-invoice', 'tasks.ts:22 trigger.dev resize-image', 'tasks.ts:34 trigger.dev nightly-cleanup'].sort(),
    );
  });
});

describe('platformTracing option, through the CLI', () => {
  const dir = path.join(ACTOR_FIXTURES, 'platform-tracing');
  const byName = (targets: JsonTarget[], name: string) => targets.find((t) => t.name === name)!;

  it('"count" in the discovered config file accepts platform tracing as instrumentation', () => {
    const { code, targets } = explainJson(dir);
    expect(code).toBe(1);
    const emails = byName(targets, 'Worker(emails)');
    expect(emails.instrumented).toBe(true);
    expect(emails.evidence).toEqual([
      { kind: 'coverage', via: 'platform-tracing', name: "telemetry: new BullMQOtel('emails') (bullmq-otel)", file: 'bullmq-workers.ts', line: 10 },
    ]);
    expect(byName(targets, 'temporal activity chargeCard').instrumented).toBe(true);
    expect(byName(targets, 'inngest catalog/updated sync-catalog').evidence[0]).toMatchObject({ via: 'platform-tracing', name: 'extendedTracesMiddleware (inngest/experimental)' });
    // Nothing traces these.
    expect(byName(targets, 'Worker(sms)').instrumented).toBe(false);
    expect(byName(targets, 'temporal workflow refundFlow').instrumented).toBe(false);
  });

  it('by default (another config with --config) platform tracing is evidence named in the reason, not a pass', () => {
    const other = tempProject({ 'doctrines.json': JSON.stringify({ rules: { 'otel/actor': 'error' } }) });
    const { targets } = explainJson(dir, ['--config', path.join(other, 'doctrines.json')]);
    const emails = byName(targets, 'Worker(emails)');
    expect(emails.instrumented).toBe(false);
    expect(emails.evidence).toEqual([]);
    expect(emails.reason).toContain("platform tracing applies (telemetry: new BullMQOtel('emails') (bullmq-otel), bullmq-workers.ts:10) but does not count by default");
    expect(byName(targets, 'temporal activity chargeCard').instrumented).toBe(false);
    expect(byName(targets, 'inngest catalog/updated sync-catalog').instrumented).toBe(false);
  });

  it('Temporal workflows count their interceptors whatever the option says', () => {
    const { targets } = explainJson(path.join(ACTOR_FIXTURES, 'temporal'));
    const monthly = byName(targets, 'temporal workflow monthlyBilling');
    expect(monthly.instrumented).toBe(true);
    expect(monthly.evidence[0]).toMatchObject({ kind: 'coverage', via: 'platform-tracing', name: 'OpenTelemetryPlugin (@temporalio/interceptors-opentelemetry)', file: 'traced-worker.ts' });
    expect(byName(targets, 'temporal activity sendInvoice').instrumented).toBe(false);
  });

  it('a value other than "evidence" or "count" is a config error naming the rule', () => {
    const bad = tempProject({ 'package.json': '{"name":"p","private":true}', '.doctrinesrc.json': JSON.stringify({ rules: { 'otel/actor': ['error', { platformTracing: 'yes' }] } }), 'a.ts': 'export {};\n' });
    expectOneLineError(runCli(bad, ['.']), /otel\/actor/);
  });
});

describe('targets that stand for another module’s functions', () => {
  const WORKER = `import { Worker } from '@temporalio/worker';
import * as activities from './activities';
export const run = () => Worker.create({ taskQueue: 'q', activities });
`;
  const INDEX = `export * from './payments';\nexport async function ping(): Promise<void> {}\n`;
  const PAYMENTS = `export async function charge(): Promise<void> {\n  await fetch('https://pay.internal');\n}\n`;

  function write(file: string, text: string, ageSeconds: number) {
    fs.writeFileSync(file, text);
    const t = new Date(Date.now() - ageSeconds * 1000);
    fs.utimesSync(file, t, t);
  }
  const run = (dir: string, args: string[]) => {
    const r = runCli(dir, ['--format', 'json', '--explain', '--rule', 'otel/outbound-call=off', ...args]);
    if (r.code !== 0 && r.code !== 1) throw new Error(r.stderr);
    const out = JSON.parse(r.stdout);
    delete out.summary.durationMs;
    return { out, stderr: r.stderr };
  };

  it('a changed-files run on a cached analysis gives the report of an uncached run', () => {
    const files = { 'src/worker.ts': WORKER, 'src/activities/index.ts': INDEX, 'src/activities/payments.ts': PAYMENTS };
    const dir = tempProject({ 'package.json': '{"name":"p","private":true}', ...files });
    for (const [f, text] of Object.entries(files)) write(path.join(dir, f), text, 60);
    const g = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir });
    g('init', '-q');
    g('add', '-A');
    g('commit', '-qm', 'base');
    const first = run(dir, ['--cache']);
    expect(first.out.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`).sort()).toEqual(['src/activities/index.ts:2', 'src/activities/payments.ts:1']);

    // The barrel stops re-exporting payments: charge is no longer an activity, though payments.ts did not change.
    write(path.join(dir, 'src/activities/index.ts'), 'export async function ping(): Promise<void> {}\n', 30);
    g('add', 'src/activities/index.ts');
    const incremental = run(dir, ['--staged', '--cache']);
    expect(incremental.out).toEqual(run(dir, ['--staged', '--no-cache']).out);
    expect(incremental.out.summary.coverage['otel/actor']).toEqual({ targets: 1, instrumented: 0 });
  });
});

describe('frameworks the report names when nothing of them was found', () => {
  it('a Temporal worker package without Worker.create is named; queue and workflow clients are not', async () => {
    const dir = tempProject({
      'worker/package.json': JSON.stringify({ name: 'worker', dependencies: { '@temporalio/worker': '1', inngest: '3', bull: '4' } }),
      'worker/src/index.ts': "import { Queue } from 'bull';\nexport const q = (x: Queue) => x.add({});\n",
      'app/package.json': JSON.stringify({ name: 'app', dependencies: { '@temporalio/worker': '1' } }),
      'app/src/worker.ts':
        "import { Worker } from '@temporalio/worker';\nimport * as activities from './activities';\nexport const run = () => Worker.create({ taskQueue: 'q', activities });\n",
      'app/src/activities.ts': 'export async function ping(): Promise<void> {}\n',
    });
    const result = await check({ cwd: dir, paths: [], ruleOverrides: [], advisory: false, explain: false });
    expect(result.summary.unrecognised.map((u) => `${u.package} ${u.dependency} ${u.reason}`)).toEqual(['worker @temporalio/worker none-found']);
  });
});
