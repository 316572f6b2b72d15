// tRPC procedures, Next.js server actions and MCP handlers: what the fixtures cannot say through
// annotations — target names (router paths across files, action labels, tool names) and the evidence
// that shows builder middleware.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/run.js';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'otel', 'http-handler');

async function targetsOf(dir: string, framework: string) {
  const result = await check({ cwd: path.join(FIXTURES, dir), paths: [], ruleOverrides: [], advisory: false, explain: true });
  return (result.targets ?? []).filter((t) => t.framework === framework);
}

describe('tRPC', () => {
  it('names procedures by their router path, across files and merges', async () => {
    const names = (await targetsOf('trpc', 'trpc')).map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'query orders.byId',
        'query orders.mine',
        'query orders.list',
        'mutation orders.create',
        'mutation orders.audit',
        'mutation orders.remove',
        'mutation orders.charge',
        'mutation orders.reorder',
        'query orders.export',
        'query admin.users.byEmail',
        'query admin.users.list',
        'query admin.users.profile',
        'query admin.users.settings.get',
        'query admin.users.sessions',
        'query reports.daily',
        'mutation admin.users.revoke',
        'query ping',
        'query status',
        'query counted',
        'mutation reported',
        'query hello',
        'mutation track',
      ].sort(),
    );
  });

  it('shows the builder middleware that covers a procedure built in another module', async () => {
    const audit = (await targetsOf('trpc', 'trpc')).find((t) => t.name === 'mutation orders.audit')!;
    expect(audit.instrumented).toBe(true);
    expect(audit.evidence[0]).toMatchObject({ kind: 'coverage', via: 'middleware', name: 'withSpan', file: 'server/trpc.ts' });
  });
});

describe('Next.js server actions', () => {
  it('names exported and inline actions with their module', async () => {
    const names = (await targetsOf('next-server-actions', 'next-server-actions')).map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'action createOrder (app/orders/actions.ts)',
        'action cancelOrder (app/orders/actions.ts)',
        'action archiveOrder (app/orders/actions.ts)',
        'action refundOrder (app/orders/actions.ts)',
        'action reorder (app/orders/actions.ts)',
        'action copyOrder (app/orders/actions.ts)',
        'action deleteOrder (app/orders/delete.ts)',
        'action addToCart (app/orders/page.tsx)',
        'action <inline in OrdersPage> (app/orders/page.tsx)',
        'action <inline in OrdersPage> (app/orders/page.tsx)',
        'action renameOrder (app/orders/safe-actions.ts)',
        'action tagOrder (app/orders/safe-actions.ts)',
        'action purgeOrder (app/orders/safe-actions.ts)',
        'action relabelOrder (app/orders/safe-actions.ts)',
      ].sort(),
    );
  });

  it('shows next-safe-action client middleware as evidence', async () => {
    const purge = (await targetsOf('next-server-actions', 'next-server-actions')).find((t) => t.name.startsWith('action purgeOrder'))!;
    expect(purge.evidence[0]).toMatchObject({ kind: 'coverage', via: 'middleware', file: 'lib/safe-action.ts' });
  });
});

describe('MCP servers', () => {
  it('names tools, resources, prompts and request handlers', async () => {
    const names = (await targetsOf('mcp', 'mcp')).map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'mcp tool echo',
        'mcp tool get_weather',
        'mcp resource config',
        'mcp resource user-profile',
        'mcp prompt review-code',
        'mcp prompt summarize',
        'mcp tool list_orders',
        'mcp tool count_orders',
        'mcp tool search',
        'mcp tool lookup',
        'mcp tool <dynamicName>',
        'mcp tool <name>',
        'mcp tool <name>',
        'mcp tool whoami',
        'mcp tool status',
        'mcp tool own_tool',
        'mcp tool archive',
        'mcp tool ping',
        'mcp request tools/list',
        'mcp request tools/call',
      ].sort(),
    );
  });
});
