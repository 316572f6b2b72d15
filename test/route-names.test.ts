// Route names carry their mount prefixes, across files: what the fixtures' annotations cannot say.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/run.js';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'otel', 'http-handler');

async function namesOf(dir: string): Promise<string[]> {
  const result = await check({ cwd: path.join(FIXTURES, dir), paths: [], ruleOverrides: [], advisory: false, explain: true });
  return (result.targets ?? []).filter((t) => t.ruleId === 'otel/http-handler').map((t) => `${t.framework} ${t.name}`).sort();
}

describe('route names with their mount prefixes', () => {
  it('express: routers mounted across files, nested, twice (both paths), and in a cycle', async () => {
    expect(await namesOf('express-mounts')).toEqual([
      'express DELETE /api/admin/users/:id | /api/admin/users/by-email/:email',
      'express GET /',
      'express GET /api',
      'express GET /v2/orders/:id | /api/orders/:id',
      'express POST /v2/orders | /api/orders',
    ]);
  });

  it('koa-router: mount paths, the parent router prefix, router.prefix(), koa-mount', async () => {
    expect(await namesOf('koa-router-prefixes')).toEqual([
      'koa-router GET /svc',
      'koa-router GET /svc/api/v1/orders/shop/:id',
      'koa-router GET /svc/api/v1/status',
      'koa-router POST /svc/orders.list',
    ]);
  });

  it('fastify: register prefixes, nested', async () => {
    expect(await namesOf('fastify-prefixes')).toEqual(['fastify GET /', 'fastify GET /api/orders/:id', 'fastify GET /api/status']);
  });

  it('hono: route() across files behind a sub-app base path', async () => {
    expect(await namesOf('hono-mounts')).toEqual(['hono GET /', 'hono GET /api/v1/books/:id']);
  });

  it('nestjs: the global prefix of the package, with its exclusions', async () => {
    expect(await namesOf('nestjs-global-prefix')).toEqual(['nestjs GET /api/orders/:id', 'nestjs GET /health']);
  });

  it('elysia: instance prefixes, groups, plugins used across files', async () => {
    expect(await namesOf('elysia')).toEqual(
      [
        'elysia ALL /any',
        'elysia DELETE /cache',
        'elysia GET /admin/after-hook',
        'elysia GET /admin/before-hook',
        'elysia GET /admin/reports/daily',
        'elysia GET /admin/users',
        'elysia GET /admin/users/:id',
        'elysia GET /api/after-audit',
        'elysia GET /api/after-tracing',
        'elysia GET /api/audit',
        'elysia GET /api/health',
        'elysia GET /api/orders',
        'elysia GET /api/orders/:id',
        'elysia GET /api/ready',
        'elysia GET /api/tracing/status',
        'elysia GET /api/wrapped',
        'elysia GET /checkout/status',
        'elysia GET /guarded',
        'elysia GET /inline',
        'elysia GET /logged',
        'elysia GET /outside',
        'elysia GET /v2/inside',
        'elysia POST /api/echo',
        'elysia POST /api/echo-logged',
        'elysia POST /api/orders',
        'elysia POST /checkout',
        'elysia POST /checkout/quote',
        'elysia PUT /api/cart/:id',
        'elysia GET /reports/early',
        'elysia GET /reports/weekly',
      ].sort(),
    );
  });

  it('hapi: plugin prefixes, route tables mounted by plugins', async () => {
    expect(await namesOf('hapi')).toEqual(
      [
        'hapi DELETE /cache',
        'hapi GET /',
        'hapi GET /admin/stats',
        'hapi GET /api/orders/{id}',
        'hapi GET /health',
        'hapi GET /ready',
        'hapi GET /status',
        'hapi GET /v1/users',
        'hapi GET /v1/users/{id}/books',
        'hapi POST /audit',
        'hapi POST /v1/users',
        'hapi PUT,PATCH /settings/{key}',
      ].sort(),
    );
    expect(await namesOf('hapi-extensions')).toEqual(['hapi GET /', 'hapi GET /catalog/items']);
  });
});
