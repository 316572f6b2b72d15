// Socket.IO servers: every `socket.on(event, handler)` on a connection's socket handles that event from the
// client; each is a target (`socket.io order:create`, `socket.io /admin order:create` in a namespace). The
// socket is the connection listener's parameter (`io.on('connection', socket => …)`, `io.of('/admin').on(…)`,
// a listener by name or `this.onConnection`), or a parameter typed `Socket` from socket.io in a function the
// socket is handed to (`registerOrderHandlers(io, socket)`, another file included). The server comes from
// `new Server(…)` (or the default export called), a parameter or property typed `Server`.
//
// `socket.onAny(fn)` runs for every event: a target of its own (`socket.io *`, the dispatcher of apps that
// route events themselves).
//
// Coverage: socket middleware (`socket.use(fn)`) and `onAny` listeners run for every incoming event of their
// socket, so when they emit they cover its handlers; registered in namespace middleware
// (`io.use((socket, next) => { socket.use(…); next(); })`) they cover every handler of the namespace. They
// follow the socket across files (as registrations and mounts, like routers). Namespace middleware itself
// (`io.use(fn)`) runs once per connection, at the handshake: it covers the connection listener, not the
// events that arrive later. Lifecycle targets: the connection listener and `disconnect` / `disconnecting`
// handlers. A socket.io *client* (`socket.io-client`) and other emitters' `on('message')` are not servers.
import { ts } from '#ts';
import type { CallRef, CoverageRef } from '../../types.js';
import { defineAdapter } from '../types.js';
import { literalPath } from '../util.js';
import { SocketScopes, localFunction, type FunctionNode, type HandOff } from '../socket-common.js';

const { isCallExpression, isIdentifier, isPropertyAccessExpression } = ts;

const SERVER_CLASS = 'socketio.ServerClass';
const SERVER = 'socketio.server';
const NAMESPACE = 'socketio.namespace';
const SOCKET = 'socketio.socket';
const TYPES = { Server: SERVER_CLASS, Socket: SOCKET, Namespace: NAMESPACE };

const LISTEN = new Set(['on', 'once', 'addListener']);
const CONNECTION = new Set(['connection', 'connect']);
const DISCONNECT = new Set(['disconnect', 'disconnecting']);
/** Reserved events that are not messages from the client. */
const NOT_MESSAGES = new Set(['connect', 'connection', 'error', 'connect_error', 'newListener', 'removeListener']);
const SOCKET_MIDDLEWARE = new Set(['use', 'onAny', 'prependAny']);

/** A namespace as written: `key` identifies it in this file (`io /admin`), `ns` is its name when known. */
interface Ns {
  key: string;
  ns?: string;
}


export default defineAdapter({
  name: 'socket.io',
  targetKind: 'actor',
  packages: ['socket.io'],
  model: {
    imports: { 'socket.io': { ...TYPES, default: 'socketio.factory', '*': 'socketio.module' } },
    members: {
      // `require('socket.io')(server)`: the CommonJS export is a factory with the classes as properties.
      'socketio.factory': { '()': SERVER, new: SERVER, 'listen()': SERVER, ...TYPES },
      'socketio.module': { ...TYPES, 'default()': SERVER },
      [SERVER_CLASS]: { new: SERVER, ':': SERVER },
      [SERVER]: { 'of()': NAMESPACE, sockets: NAMESPACE, 'use()': SERVER, 'on()': SERVER },
      [NAMESPACE]: { 'use()': NAMESPACE, 'on()': NAMESPACE },
    },
    callbackParams: { [SERVER]: { 'on()': SOCKET, 'once()': SOCKET }, [NAMESPACE]: { 'on()': SOCKET, 'once()': SOCKET } },
  },
  create(ctx) {
    const namespaces = new Map<string, Ns>();
    const connections: { call: ts.CallExpression; ns: Ns; listener: ts.Expression; ref?: CallRef }[] = [];
    const nsMiddleware: { ns: Ns; fn: ts.Expression; ref: CallRef; text: string; line: number }[] = [];
    const socketCalls: { call: ts.CallExpression; method: string; recv: ts.Expression; typed: boolean; ref?: CallRef }[] = [];
    const handOffs: HandOff[] = [];

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (!isIdentifier(node.name) || !node.initializer) return;
        const ns = namespaceOf(node.initializer);
        if (ns) namespaces.set(node.name.text, ns);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        const args = node.arguments;
        if (isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          const recv = callee.expression;
          if (LISTEN.has(method) && CONNECTION.has(literalPath(args[0]) ?? '') && args[1]) {
            const ns = namespaceOf(recv);
            if (ns) {
              connections.push({ call: node, ns, listener: args[1], ref: ctx.refOf(args[1]) });
              return;
            }
          }
          if (method === 'use') {
            const ns = namespaceOf(recv);
            if (ns) {
              for (const fn of args) {
                const ref = ctx.refOf(fn);
                if (ref) nsMiddleware.push({ ns, fn, ref, text: `${ctx.text(callee)}(${compact(ctx.text(fn))})`, line: ctx.span(fn).line });
              }
              return;
            }
          }
          if ((LISTEN.has(method) || SOCKET_MIDDLEWARE.has(method)) && (isIdentifier(recv) || ctx.kindOf(recv) === SOCKET)) {
            const handler = method === 'use' || method === 'onAny' || method === 'prependAny' ? args[0] : args[1];
            socketCalls.push({ call: node, method, recv, typed: ctx.kindOf(recv) === SOCKET, ref: handler && ctx.refOf(handler) });
            return;
          }
        }
        // A socket handed to another function (`registerOrderHandlers(io, socket)`): that function's handlers
        // are the connection's.
        if (ctx.currentFunction() && args.some(isIdentifier)) handOffs.push({ call: node, ref: ctx.refOf(callee) });
      },
      end() {
        // Functions one of whose parameters is a connection's socket, with the namespace when known.
        const scopes = new SocketScopes<Ns>((t) => ctx.kindOfType(t) === SOCKET);
        for (const c of connections) scopes.addListener(c.listener, c.ns);
        // Namespace middleware gets each connection's socket too: socket middleware it registers there
        // (`io.use((socket, next) => { socket.use(…); next(); })`) runs for every event of the namespace.
        const nsMiddlewareFns = new Map<FunctionNode, Ns>();
        for (const m of nsMiddleware) {
          const fn = scopes.addListener(m.fn, m.ns);
          if (fn) nsMiddlewareFns.set(fn, m.ns);
        }
        const mounts = scopes.followHandOffs(handOffs, (n) => ctx.fnId(n));

        const socketMiddleware = new Map<FunctionNode, CoverageRef[]>();
        const handlers: { call: ts.CallExpression; event: string; scope: { fn?: FunctionNode; info?: Ns }; ref: CallRef }[] = [];
        for (const s of socketCalls) {
          const scope = scopes.of(s.recv, s.typed);
          if (!scope || !s.ref) continue;
          if (s.method !== 'use') {
            // `onAny(fn)` runs for every event: a handler of its own (`socket.io *`, a dispatcher when the app
            // routes events itself), and like middleware, coverage for the socket's other handlers.
            const event = s.method === 'onAny' || s.method === 'prependAny' ? '*' : literalPath(s.call.arguments[0]) ?? (s.call.arguments[0] && ctx.text(s.call.arguments[0]));
            if (event) handlers.push({ call: s.call, event, scope, ref: s.ref });
          }
          if (SOCKET_MIDDLEWARE.has(s.method)) {
            if (!scope.fn) continue;
            const arg = s.call.arguments[0];
            const list = socketMiddleware.get(scope.fn) ?? [];
            list.push({ via: 'middleware', ref: s.ref, text: `${ctx.text(s.call.expression)}(${compact(ctx.text(arg))})`, line: ctx.span(arg).line });
            socketMiddleware.set(scope.fn, list);
          }
        }

        // Registrations: every middleware before every mount (Socket.IO applies middleware to packets that
        // arrive after setup, whatever the order the setup code registered them in). Namespace middleware
        // itself runs once per connection, not per event: it covers the connection listener only.
        for (const [fn, list] of socketMiddleware) {
          const receiver = nsMiddlewareFns.get(fn)?.key ?? ctx.fnId(fn);
          for (const m of list) ctx.addRegistration({ receiver, type: 'middleware', ref: m.ref, text: m.text, line: m.line });
        }
        for (const c of connections) {
          const fn = localFunction(c.listener);
          const ref: CallRef | undefined = fn ? { kind: 'fn', id: ctx.fnId(fn) } : c.ref;
          if (ref) ctx.addRegistration({ receiver: c.ns.key, type: 'mount', ref, text: compact(ctx.text(c.listener)), line: ctx.span(c.listener).line });
        }
        for (const m of mounts) {
          ctx.addRegistration({ receiver: ctx.fnId(m.from), type: 'mount', ref: m.ref, text: compact(ctx.text(m.call.expression)), line: ctx.span(m.call).line });
        }

        for (const c of connections) {
          if (!c.ref) continue;
          const name = `socket.io ${nsPrefix(c.ns)}connection`;
          const coveredBy = nsMiddleware.filter((m) => m.ns.key === c.ns.key).map((m) => ({ via: 'middleware', ref: m.ref, text: m.text, line: m.line }));
          ctx.addTarget({
            kind: 'actor',
            framework: 'socket.io',
            name,
            symbol: `${ctx.symbolPath(c.call)} ${name}`,
            span: ctx.span(c.listener),
            handlers: [c.ref],
            ...(coveredBy.length ? { coveredBy } : {}),
            meta: { lifecycle: true },
          });
        }
        for (const h of handlers) {
          if (NOT_MESSAGES.has(h.event)) continue;
          const name = `socket.io ${nsPrefix(h.scope.info)}${h.event}`;
          const coveredBy = ((h.scope.fn && socketMiddleware.get(h.scope.fn)) ?? []).filter((c) => c.ref !== h.ref);
          const handler = h.event === '*' ? h.call.arguments[0] : h.call.arguments[1];
          ctx.addTarget({
            kind: 'actor',
            framework: 'socket.io',
            name,
            symbol: `${ctx.symbolPath(h.call)} ${name}`,
            span: ctx.span(handler),
            handlers: [h.ref],
            ...(coveredBy.length ? { coveredBy } : {}),
            meta: { ...(h.scope.fn ? { receiver: ctx.fnId(h.scope.fn) } : {}), ...(DISCONNECT.has(h.event) ? { lifecycle: true } : {}) },
          });
        }
      },
    };

    /** The namespace an expression denotes: the server's main one, `io.of('/admin')`, `io.sockets`, or a variable holding one. */
    function namespaceOf(e: ts.Expression): Ns | undefined {
      while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
      if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'of' && e.arguments[0]) {
        const server = e.expression.expression;
        if (ctx.kindOf(server) !== SERVER) return undefined;
        const raw = literalPath(e.arguments[0]);
        const ns = raw === undefined ? ctx.text(e.arguments[0]) : raw.startsWith('/') ? raw : `/${raw}`;
        return { key: `${serverKey(server)} ${ns}`, ns };
      }
      if (isPropertyAccessExpression(e) && e.name.text === 'sockets' && ctx.kindOf(e.expression) === SERVER) return { key: `${serverKey(e.expression)} /`, ns: '/' };
      if (isIdentifier(e) && namespaces.has(e.text)) return namespaces.get(e.text);
      const kind = ctx.kindOf(e);
      if (kind === SERVER) return { key: `${serverKey(e)} /`, ns: '/' };
      if (kind === NAMESPACE) return { key: `${serverKey(e)} ?` };
      return undefined;
    }

    function serverKey(e: ts.Expression): string {
      return ctx.text(e).replace(/\s+/g, '');
    }
  },
});

/** `/admin ` for a named namespace; nothing for the main one or an unknown one. */
function nsPrefix(ns: Ns | undefined): string {
  return ns?.ns && ns.ns !== '/' ? `${ns.ns} ` : '';
}

/** Code shown in evidence: on one line, cut at 60 characters. */
function compact(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
