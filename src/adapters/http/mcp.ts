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
import type { BindingRef, CoverageRef, TargetSummary } from '../../types.js';
import { OUTER_CASTS, skipOuterExpressions } from '../../analysis/semantic.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isArrowFunction,
  isAsExpression,
  isBlock,
  isCallExpression,
  isClassLike,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isNonNullExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyDeclaration,
  isSourceFile,
  isVariableStatement,
} = ts;

const SERVER = 'mcp.server';
const LOW_SERVER = 'mcp.lowServer';
/** Registration method → what it registers. */
const REGISTERS = new Map([
  ['tool', 'tool'],
  ['registerTool', 'tool'],
  ['resource', 'resource'],
  ['registerResource', 'resource'],
  ['prompt', 'prompt'],
  ['registerPrompt', 'prompt'],
]);
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
  packages: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server'],
  // A server exported by one module gets its tools in others that import only that module: they call a
  // registration method.
  mentions: [...REGISTERS.keys(), 'setRequestHandler'],
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
    /** Library functions applied to a name (`return wrapMcpServerWithSentry(server)`), by name and scope. */
    const applied: { name: string; scope: ts.Node; coverage: CoverageRef }[] = [];
    /** Targets, added once the file is walked: a wrapper may be applied to the server after its registrations. */
    const pending: { target: TargetSummary; receiver?: string; scope: ts.Node }[] = [];
    const hasSdk = [...ctx.importSpecifiers].some((s) => s.startsWith('@modelcontextprotocol/'));

    return {
      end() {
        for (const { target, receiver, scope } of pending) {
          const extra = receiver ? applied.filter((a) => a.name === receiver && a.scope === scope).map((a) => a.coverage) : [];
          const coveredBy = [...(target.coveredBy ?? []), ...extra];
          ctx.addTarget(coveredBy.length ? { ...target, coveredBy } : target);
        }
      },
      VariableDeclaration(node: ts.VariableDeclaration) {
        // A server is created (and wrapped) where the SDK is imported.
        const init = node.initializer;
        if (!hasSdk || !isIdentifier(node.name) || !init || !isCallExpression(init) || ctx.kindOf(init)) return;
        const inner = init.arguments.map((a) => ctx.kindOf(a)).find((k) => k === SERVER || k === LOW_SERVER);
        const ref = inner && ctx.refOf(init);
        if (inner && ref) wrapped.set(node.name.text, { kind: inner, coverage: { via: 'wrapper', ref, text: ctx.text(init.expression), line: ctx.span(init).line } });
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (hasSdk && node.arguments.some((a) => isIdentifier(skipCasts(a)))) {
          // A library function (or a member of a library namespace) given the server: the graph decides
          // whether it emits. Not the server's own methods.
          const k = ctx.kindOf(callee) ?? (isPropertyAccessExpression(callee) ? ctx.kindOf(callee.expression) : undefined);
          const ref = k && k !== SERVER && k !== LOW_SERVER ? ctx.refOf(node) : undefined;
          if (ref) {
            const coverage = { via: 'wrapper', ref, text: ctx.text(callee), line: ctx.span(node).line };
            for (const a of node.arguments) {
              const id = skipCasts(a);
              if (isIdentifier(id)) applied.push({ name: id.text, scope: scopeOf(node), coverage });
            }
          }
        }
        if (!isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        const registers = REGISTERS.get(method);
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
        if (kind === undefined) {
          const own = classServer(recv);
          if (own) {
            kind = own.kind;
            if (own.coverage) coveredBy.push(own.coverage);
          }
        }
        if (kind === undefined && isPropertyAccessExpression(recv) && recv.name.text === 'server' && isIdentifier(recv.expression) && wrapped.get(recv.expression.text)?.kind === SERVER) {
          kind = LOW_SERVER;
          coveredBy.push(wrapped.get(recv.expression.text)!.coverage);
        }
        if (kind === undefined) {
          // A server exported by another module: only with the shapes of a registration (a literal name
          // or a request schema first, a function last), kept if the import resolves to a server.
          const fn = isArrowFunction(handler) || isFunctionExpression(handler);
          if (!fn || (registers ? constantString(args[0]) === undefined : requestMethod(args[0]) === undefined)) return;
          const r = ctx.refOf(recv);
          if (r?.kind !== 'binding' || r.ref.kind !== 'import' || r.ref.name === '*') return;
          onlyIfKind = { ref: r.ref, kinds: [wanted] };
        } else if (kind !== wanted) return;
        // A handler the walk cannot follow (`server.registerTool(name, config, handler)` in a loop over
        // registrations) is still a target: a wrapper of the server may cover it.
        const ref = ctx.refOf(handler);
        const what = registers ? `${registers} ${constantString(args[0]) ?? `<${ctx.text(args[0]).replace(/\s+/g, ' ').slice(0, 60)}>`}` : `request ${requestMethod(args[0]) ?? ctx.text(args[0])}`;
        const name = `mcp ${what}`;
        const root = unwrapReceiver(recv);
        pending.push({
          target: {
            kind: 'http-handler',
            framework: 'mcp',
            name,
            symbol: name,
            span: ctx.span(handler),
            handlers: ref ? [ref] : [],
            ...(coveredBy.length ? { coveredBy } : {}),
            ...(onlyIfKind ? { onlyIfKind } : {}),
          },
          receiver: root && isIdentifier(root) ? root.text : undefined,
          scope: scopeOf(node),
        });
      },
    };

    /**
     * A server of the enclosing class: `this` in a class extending `McpServer`, or `this.server` declared
     * `server = wrapper(new McpServer(…))` (a Cloudflare `McpAgent` wrapped by Sentry).
     */
    function classServer(recv: ts.Expression): { kind: string; coverage?: CoverageRef } | undefined {
      const isThis = recv.kind === ts.SyntaxKind.ThisKeyword;
      const prop = !isThis && isPropertyAccessExpression(recv) && recv.expression.kind === ts.SyntaxKind.ThisKeyword ? recv.name.text : undefined;
      if (!isThis && !prop) return undefined;
      let cls: ts.Node | undefined = recv.parent;
      while (cls && !isClassLike(cls)) cls = cls.parent;
      if (!cls || !isClassLike(cls)) return undefined;
      if (isThis) {
        const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        const k = base && ctx.kindOf(base);
        return k === 'mcp.McpServerClass' ? { kind: SERVER } : k === 'mcp.ServerClass' ? { kind: LOW_SERVER } : undefined;
      }
      for (const m of cls.members) {
        if (!isPropertyDeclaration(m) || !m.initializer || !isIdentifier(m.name) || m.name.text !== prop) continue;
        const init = m.initializer;
        if (!isCallExpression(init)) return undefined;
        const inner = init.arguments.map((a) => ctx.kindOf(a)).find((k) => k === SERVER || k === LOW_SERVER);
        const ref = inner && ctx.refOf(init);
        return inner ? { kind: inner, coverage: ref ? { via: 'wrapper', ref, text: ctx.text(init.expression), line: ctx.span(init).line } : undefined } : undefined;
      }
      return undefined;
    }

    /** The server a receiver names: `server`, `server.server`, `(server.server as any)`. */
    function unwrapReceiver(e: ts.Expression): ts.Expression | undefined {
      let r: ts.Expression = e;
      for (;;) {
        if (isParenthesizedExpression(r) || isAsExpression(r) || isNonNullExpression(r)) r = r.expression;
        else if (isPropertyAccessExpression(r) && r.name.text === 'server') r = r.expression;
        else return r;
      }
    }

    function skipCasts(e: ts.Expression): ts.Expression {
      return skipOuterExpressions(e, OUTER_CASTS);
    }

    /** The function (or file) a node is in. */
    function scopeOf(node: ts.Node): ts.Node {
      let n = node.parent;
      while (n && !isSourceFile(n) && !isFunctionLike(n)) n = n.parent;
      return n ?? ctx.sourceFile;
    }

    /** A string literal, or a name bound by `const name = 'echo'` in an enclosing block or the module. */
    function constantString(e: ts.Expression, hops = 0): string | undefined {
      const lit = literalPath(e);
      if (lit !== undefined || !isIdentifier(e) || hops > 3) return lit;
      for (let n: ts.Node | undefined = e.parent; n; n = n.parent) {
        if (!isBlock(n) && !isSourceFile(n)) continue;
        for (const st of n.statements) {
          if (!isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
          const d = st.declarationList.declarations.find((x) => isIdentifier(x.name) && x.name.text === e.text);
          if (d) return d.initializer ? constantString(d.initializer, hops + 1) : undefined;
        }
      }
      return undefined;
    }

    /** `CallToolRequestSchema` (by its imported name, aliases included) → `tools/call`. */
    function requestMethod(e: ts.Expression | undefined): string | undefined {
      if (!e) return undefined;
      const name = isIdentifier(e) ? (ctx.summary.imports[e.text]?.name ?? e.text) : isPropertyAccessExpression(e) ? e.name.text : undefined;
      return name !== undefined && Object.hasOwn(REQUESTS, name) ? REQUESTS[name] : undefined;
    }
  },
});
