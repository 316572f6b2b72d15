// NestJS adapters: what the fixtures cannot say through annotations — target names (prefix + path),
// which targets exist at all, and that lifecycle hooks are targets only with the rule option.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/run.js';
import { tempProject } from './helpers/project.js';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'otel');

async function targetsOf(dir: string) {
  const cwd = path.isAbsolute(dir) ? dir : path.join(FIXTURES, dir);
  const result = await check({ cwd, paths: [], ruleOverrides: [], advisory: false, explain: true });
  return (result.targets ?? []).filter((t) => t.kind === 'http-handler' || t.kind === 'actor').map((t) => `${t.framework} ${t.name}`).sort();
}

describe('nestjs adapters', () => {
  it('names controller routes from the controller prefix and the method path', async () => {
    const names = await targetsOf('http-handler/nestjs');
    expect(names).toEqual(
      [
        'nestjs ALL /*',
        'nestjs DELETE /orders/:id',
        'nestjs GET /events/orders',
        'nestjs GET /exports/csv',
        'nestjs GET /exports/pdf',
        'nestjs GET /health',
        'nestjs GET /orders',
        'nestjs GET /orders/:id',
        'nestjs GET /payments/:id',
        'nestjs GET /reports/daily',
        'nestjs GET /subscriptions/:id',
        'nestjs GET /version',
        'nestjs GET /webhooks',
        'nestjs HEAD /ping',
        'nestjs PATCH /orders/:id',
        'nestjs POST /orders',
        'nestjs POST /documents',
        'nestjs POST /payments',
        'nestjs POST /uploads/avatar',
        'nestjs PUT /orders/:id',
      ].sort(),
    );
  });

  it('finds processor and message handlers, and lifecycle hooks when the option is on', async () => {
    expect(await targetsOf('actor/nestjs-bullmq')).toEqual(
      [
        'nestjs-bullmq EmailProcessor.onModuleDestroy',
        'nestjs-bullmq EmailProcessor.onModuleInit',
        'nestjs-bullmq EmailProcessor.process',
        'nestjs-bullmq ExportsProcessor.process',
        'nestjs-bullmq InvoicesProcessor.process',
        'nestjs-bullmq PushProcessor.process',
        'nestjs-bullmq SmsProcessor.process',
      ].sort(),
    );
    // lifecycle is off in this fixture: AudioProcessor.onModuleInit is not judged.
    expect(await targetsOf('actor/nestjs-bull')).toEqual(
      [
        'nestjs-bull AudioProcessor.handle',
        'nestjs-bull AudioProcessor.normalize',
        'nestjs-bull AudioProcessor.transcode',
        'nestjs-bull ClipProcessor.archive',
        'nestjs-bull PodcastProcessor.archive',
        'nestjs-bull PodcastProcessor.probe',
        'nestjs-bull PodcastProcessor.publish',
        'nestjs-bull ReportsProcessor.daily',
        'nestjs-bull VideoProcessor.preview',
        'nestjs-bull VideoProcessor.thumbnail',
      ].sort(),
    );
  });

  it('gives derived controllers, processors and gateways the handlers of their project base classes, named as their own', async () => {
    expect(await targetsOf('http-handler/nestjs-inheritance')).toEqual(
      [
        // CrudController's four routes minus the overridden `one` (its own route) and `create` (no route any more).
        'nestjs DELETE /orders/:id',
        'nestjs GET /orders',
        'nestjs GET /orders/:id',
        'nestjs POST /orders/:id/cancel',
        // Through AuditedCrudController, two levels up.
        'nestjs DELETE /payments/:id',
        'nestjs GET /payments',
        'nestjs GET /payments/:id',
        'nestjs POST /payments',
        'nestjs GET /invoices',
        'nestjs GET /invoices/status',
        // From a mixin (`extends CrudFactory('labels')`): GET /labels is the own `search`, the inherited `list` never reached.
        'nestjs GET /labels',
        'nestjs GET /labels/:id',
        // A controller extended by another is served under both paths.
        'nestjs GET /v1/catalog/items',
        'nestjs GET /v2/catalog/items',
      ].sort(),
    );
    const gateways = (await targetsOf('actor/nestjs-websockets')).filter((n) => n.includes(' ping '));
    expect(gateways).toEqual(['nestjs-websockets gateway /chat ping ChatGateway.ping', 'nestjs-websockets gateway /rooms ping RoomsGateway.ping']);
  });

  it('applies a global prefix (here through a constant) to inherited routes, reported on the derived class', async () => {
    const dir = tempProject({
      'main.ts': `
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
const app = await NestFactory.create(AppModule);
const prefix = 'api';
app.setGlobalPrefix(prefix);
`,
      'base.ts': `
import { Get } from '@nestjs/common';
export class Base { @Get('health') health() { return 'ok'; } }
`,
      'users.controller.ts': `
import { Controller } from '@nestjs/common';
import { Base as Parent } from './base';
@Controller('users')
export class UsersController extends Parent {}
`,
    });
    const result = await check({ cwd: dir, paths: [], ruleOverrides: [], advisory: false, explain: true });
    const t = (result.targets ?? []).filter((x) => x.framework === 'nestjs');
    expect(t.map((x) => [x.name, x.file, x.line])).toEqual([['GET /api/users/health', 'users.controller.ts', 5]]);
    const f = result.findings.filter((x) => x.ruleId === 'otel/http-handler');
    expect(f.map((x) => [x.symbol, x.line])).toEqual([['UsersController.health', 5]]);
  });

  it('shows computed paths as <dynamic> and path arrays as alternatives', async () => {
    const dir = tempProject({
      'admin.controller.ts': `
import { Controller, Get, Post, RequestMapping, RequestMethod } from '@nestjs/common';
import { ADMIN_PREFIX } from './config';

@Controller(ADMIN_PREFIX)
export class AdminController {
  @Get('users')
  users() { return []; }
}

@Controller(['v1/audit', 'audit'])
export class AuditController {
  @Post()
  record() { return {}; }

  @RequestMapping('export')
  exportAll() { return []; }

  @RequestMapping({ path: 'purge', method: RequestMethod.DELETE })
  purge() { return {}; }
}
`,
      'config.ts': `export const ADMIN_PREFIX = process.env.ADMIN_PREFIX ?? 'admin';\n`,
    });
    expect(await targetsOf(dir)).toEqual(
      [
        'nestjs DELETE /v1/audit/purge | /audit/purge',
        'nestjs GET /<dynamic>/users',
        'nestjs GET /v1/audit/export | /audit/export',
        'nestjs POST /v1/audit | /audit',
      ].sort(),
    );
  });
});
