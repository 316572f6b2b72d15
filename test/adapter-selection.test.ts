// Which adapters look at a file: those whose package it imports, whose file convention its path matches, or
// (for libraries reached through the project's own modules) whose identifiers it names. A file that
// imports none of the frameworks pays for none of their visitors.
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../src/adapters/index.js';
import { createFileWork } from '../src/engine/file-work.js';
import { defaultConfig } from '../src/config/load.js';
import type { ResolvedConfig } from '../src/config/types.js';

/** Adapters whose visitor was asked for while analysing `text` as `file`. */
function adaptersFor(file: string, text: string, config: ResolvedConfig = defaultConfig()): string[] {
  const seen: string[] = [];
  const saved = ADAPTERS.map((a) => a.create);
  ADAPTERS.forEach((a) => {
    const create = a.create;
    a.create = (ctx) => {
      seen.push(`${a.name}/${a.targetKind}`);
      return create(ctx);
    };
  });
  try {
    const work = createFileWork({ cwd: '/p', config, rules: [] });
    const out = work(`/p/${file}`, text);
    expect(out.ok).toBe(true);
  } finally {
    ADAPTERS.forEach((a, i) => (a.create = saved[i]));
  }
  return seen.sort();
}

/** What looks at every source file whatever it imports: outbound calls of globals and project clients, zero-code instrumentation, resolver maps, server actions. */
const ALWAYS = [
  'auto-instrumentation/outbound-call',
  'fetch/outbound-call',
  'graphql/http-handler',
  'next-server-actions/http-handler',
  'project-clients/outbound-call',
];

describe('adapter selection', () => {
  it('a file that imports no framework gets only the adapters that look at every file', () => {
    const text = [
      "import express from './web';",
      "import { z } from 'zod';",
      'export const app = express();',
      "app.use((req, res, next) => next());",
      'const port = process.env.PORT;',
      "export const schema = z.object({ id: z.string() }).meta({ input: true });",
      'export function work() { return port; }',
    ].join('\n');
    expect(adaptersFor('src/lib/util.ts', text)).toEqual(ALWAYS);
  });

  it('an import of a framework enables its adapter', () => {
    expect(adaptersFor('src/jobs.ts', "import cron from 'node-cron';\ncron.schedule('* * * * *', () => {});")).toEqual([...ALWAYS, 'node-cron/actor'].sort());
  });

  it('libraries reached through project modules are looked at where their identifiers are named', () => {
    // A tRPC procedure built from a project builder, a Bull queue and an Inngest client imported from project modules.
    expect(adaptersFor('src/routers/orders.ts', "import { publicProcedure } from '../trpc';\nexport const list = publicProcedure.query(() => []);")).toContain('trpc/http-handler');
    expect(adaptersFor('src/routers/roles.ts', "import { protectedProcedure } from '../trpc';\nexport const adminProcedure = protectedProcedure.use(isAdmin);")).toContain('trpc/http-handler');
    expect(adaptersFor('src/worker.ts', "import { queue } from './queues';\nqueue.process(async (job) => job.data);")).toContain('bull/actor');
    expect(adaptersFor('src/fns.ts', "import { inngest } from './client';\nexport const fn = inngest.createFunction({ id: 'a' }, { event: 'e' }, async () => {});")).toContain('inngest/actor');
    // `use` alone (Express) and `process.env` alone do not name tRPC; `process` does reach Bull's text test.
    expect(adaptersFor('src/app.ts', "import { app, Router } from './web';\napp.use(cors());\nexport const router = Router({ mergeParams: true });\nrouter.get('/', (req, res) => res.json(req.query));")).not.toContain('trpc/http-handler');
    expect(adaptersFor('src/root.ts', "import { t } from './trpc';\nimport { orders } from './orders';\nexport const appRouter = t.router({ orders });")).toContain('trpc/http-handler');
  });

  it('file conventions enable file-routed frameworks by path', () => {
    expect(adaptersFor('src/routes/orders/+server.ts', 'export const GET = () => new Response();')).toContain('sveltekit/http-handler');
    expect(adaptersFor('server/api/orders.get.ts', 'export default defineEventHandler(() => []);')).toContain('nitro/http-handler');
    expect(adaptersFor('src/lib/orders.ts', 'export const GET = () => new Response();')).toEqual(ALWAYS);
  });

  it('adapters driven by config run only when it is set', () => {
    const config = defaultConfig();
    expect(adaptersFor('src/a.ts', 'export const a = 1;', config)).not.toContain('configured/actor');
    const withActors = { ...config, actors: { baseClasses: ['BaseJob'], decorators: [] } };
    expect(adaptersFor('src/a.ts', 'export const a = 1;', withActors)).toContain('configured/actor');
  });
});
