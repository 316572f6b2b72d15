// MCP servers (`@modelcontextprotocol/sdk`): the callbacks an `McpServer` runs for a client's request —
// `tool` / `registerTool`, `resource` / `registerResource`, `prompt` / `registerPrompt` — named by what
// they register (`mcp tool get_weather`), and the low-level `Server`'s `setRequestHandler(Schema, cb)`,
// named by the request method the schema stands for (`mcp request tools/call`). The callback is the last
// argument. A server exported by another module (`import { server } from './server'`) is recognised across
// files (TargetSummary.onlyIfKind). A server created through a wrapper (`Sentry.wrapMcpServerWithSentry(new
// McpServer(…))`) is that server, and the wrapper covers its handlers when it emits.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath } from '../util.js';
import type { BindingRef, CoverageRef } from '../../types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const { isArrowFunction, isCallExpression, isFunctionExpression, isIdentifier, isPropertyAccessExpression, isStringLiteralLike, isTemplateExpression } = ts;

const SERVER = 'mcp.server';
const LOW_SERVER = 'mcp.lowServer';
/** Registration method → what it registers. */
const REGISTERS: Record<string, string> = {
  tool: 'tool',
  registerTool: 'tool',
  resource: 'resource',
  registerResource: 'resource',
  prompt: 'prompt',
  registerPrompt: 'prompt',
};
/** Request schemas of `@modelcontextprotocol/sdk/types.js` → the JSON-RPC method they validate. */
const REQUESTS: Record<string, string> = {
  CallToolRequestSchema: 'tools/call',
  ListToolsRequestSchema: 'tools/list',
  ReadResourceRequestSchema: 'resources/read',
  ListResourcesRequestSchema: 'resources/list',
  ListResourceTemplatesRequestSchema: 'resources/templates/list',
  SubscribeRequestSchema: 'resources/subscribe',
  UnsubscribeRequestSchema: 'resources/unsubscribe',
  GetPromptRequestSchema: 'prompts/get',
  ListPromptsRequestSchema: 'prompts/list',
  CompleteRequestSchema: 'completion/complete',
  SetLevelRequestSchema: 'logging/setLevel',
  InitializeRequestSchema: 'initialize',
  PingRequestSchema: 'ping',
};

const serverExports = { McpServer: 'mcp.McpServerClass', Server: 'mcp.ServerClass' };

export default defineAdapter({
  name: 'mcp',
  targetKind: 'http-handler',
  // A server exported by one module gets its tools in others that import only that module: see appliesToPath.
  packages: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server'],
  appliesToPath: () => true,
  model: {
    imports: {
      '@modelcontextprotocol/sdk/server/mcp.js': serverExports,
      '@modelcontextprotocol/sdk/server/mcp': serverExports,
      '@modelcontextprotocol/sdk/server/index.js': serverExports,
      '@modelcontextprotocol/sdk/server/index': serverExports,
      '@modelcontextprotocol/sdk/server': serverExports,
      '@modelcontextprotocol/server': serverExports,
    },
    members: {
      'mcp.McpServerClass': { new: SERVER, ':': SERVER },
      'mcp.ServerClass': { new: LOW_SERVER, ':': LOW_SERVER },
      // `mcpServer.server`: the low-level server underneath.
      [SERVER]: { server: LOW_SERVER },
    },
  },
  create(ctx) {
    if (!ctx.importSpecifiers.size) return {};
    /** Variables holding a server created through a wrapper: the wrapper call, as coverage. */
    const wrapped = new Map<string, { kind: string; coverage: CoverageRef }>();

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        const init = node.initializer;
        if (!isIdentifier(node.name) || !init || !isCallExpression(init) || ctx.kindOf(init)) return;
        const inner = init.arguments.map((a) => ctx.kindOf(a)).find((k) => k === SERVER || k === LOW_SERVER);
        const ref = inner && ctx.refOf(init);
        if (inner && ref) wrapped.set(node.name.text, { kind: inner, coverage: { via: 'wrapper', ref, text: ctx.text(init.expression), line: ctx.span(init).line } });
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        const registers = REGISTERS[method];
        if (!registers && method !== 'setRequestHandler') return;
        const args = node.arguments;
        const handler = args[args.length - 1];
        if (args.length < 2 || !handler) return;
        const wanted = registers ? SERVER : LOW_SERVER;
        const recv = callee.expression;
        let kind = ctx.kindOf(recv);
        const coveredBy: CoverageRef[] = [];
        let onlyIfKind: { ref: BindingRef; kinds: string[] } | undefined;
        if (kind === undefined && isIdentifier(recv) && wrapped.has(recv.text)) {
          const w = wrapped.get(recv.text)!;
          kind = w.kind;
          coveredBy.push(w.coverage);
        }
        if (kind === undefined && isPropertyAccessExpression(recv) && recv.name.text === 'server' && isIdentifier(recv.expression) && wrapped.get(recv.expression.text)?.kind === SERVER) {
          kind = LOW_SERVER;
          coveredBy.push(wrapped.get(recv.expression.text)!.coverage);
        }
        if (kind === undefined) {
          // A server exported by another module: only with the shapes of a registration (a literal name
          // or a request schema first, a function last), kept if the import resolves to a server.
          const fn = isArrowFunction(handler) || isFunctionExpression(handler);
          if (!fn || (registers ? !isStringLiteralLike(args[0]) && !isTemplateExpression(args[0]) : requestMethod(args[0]) === undefined)) return;
          const r = ctx.refOf(recv);
          if (r?.kind !== 'binding' || r.ref.kind !== 'import' || r.ref.name === '*') return;
          onlyIfKind = { ref: r.ref, kinds: [wanted] };
        } else if (kind !== wanted) return;
        const ref = ctx.refOf(handler);
        if (!ref) return;
        const what = registers ? `${registers} ${literalPath(args[0]) ?? ctx.text(args[0])}` : `request ${requestMethod(args[0]) ?? ctx.text(args[0])}`;
        const name = `mcp ${what}`;
        ctx.addTarget({
          kind: 'http-handler',
          framework: 'mcp',
          name,
          symbol: name,
          span: ctx.span(handler),
          handlers: [ref],
          ...(coveredBy.length ? { coveredBy } : {}),
          ...(onlyIfKind ? { onlyIfKind } : {}),
        });
      },
    };

    /** `CallToolRequestSchema` (by its imported name, aliases included) → `tools/call`. */
    function requestMethod(e: ts.Expression | undefined): string | undefined {
      if (!e) return undefined;
      if (isIdentifier(e)) return REQUESTS[ctx.summary.imports[e.text]?.name ?? e.text];
      if (isPropertyAccessExpression(e)) return REQUESTS[e.name.text];
      return undefined;
    }
  },
});
