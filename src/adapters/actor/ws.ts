// ws: a `WebSocketServer` (or `WebSocket.Server`) calls its connection listener with each client's socket
// (`wss.on('connection', ws => ws.on('message', onMessage))`); every `message` listener on such a socket is
// a target (`ws message`, `ws /orders message` for a server with a literal `path`). The socket is the
// listener's first parameter (inline, by name, `this.onConnection`), a function of this file it is handed
// to, the socket `handleUpgrade` gives its callback, or a function parameter typed `WebSocket` from ws. Lifecycle
// targets: the connection listener and `close` listeners. A client (`new WebSocket(url)`), Node's
// EventEmitters, worker ports and `process.on('message')` are not servers.
import { ts } from '#ts';
import type { CallRef } from '../../types.js';
import { defineAdapter } from '../types.js';
import { literalPath } from '../util.js';
import { propertyOf } from '../jobs-common.js';
import { SocketScopes, type HandOff } from '../socket-common.js';

const { isIdentifier, isNewExpression, isPropertyAccessExpression } = ts;

const WS_CLASS = 'ws.WebSocketClass';
const SERVER_CLASS = 'ws.ServerClass';
const SERVER = 'ws.server';
const SOCKET = 'ws.socket';
const SOCKET_TYPE = 'ws.socketType';
const LISTEN = new Set(['on', 'once', 'addListener', 'addEventListener']);

export default defineAdapter({
  name: 'ws',
  targetKind: 'actor',
  packages: ['ws'],
  model: {
    imports: { ws: { default: WS_CLASS, WebSocket: WS_CLASS, WebSocketServer: SERVER_CLASS, Server: SERVER_CLASS, '*': 'ws.module' } },
    members: {
      'ws.module': { default: WS_CLASS, WebSocket: WS_CLASS, WebSocketServer: SERVER_CLASS, Server: SERVER_CLASS },
      // `new WebSocket(url)` is a client. The `WebSocket` type is both: a function parameter so typed is taken
      // for a server's socket handed on, a property (`private ws: WebSocket`) is not (clients keep theirs).
      [WS_CLASS]: { Server: SERVER_CLASS, WebSocketServer: SERVER_CLASS, new: 'ws.client', ':': SOCKET_TYPE },
      [SERVER_CLASS]: { new: SERVER, ':': SERVER },
    },
    callbackParams: { [SERVER]: { 'on()': SOCKET, 'once()': SOCKET, 'handleUpgrade()': SOCKET } },
  },
  create(ctx) {
    /** Server variables of this file created with a literal `path` option. */
    const paths = new Map<string, string>();
    const connections: { call: ts.CallExpression; path?: string; listener: ts.Expression; ref?: CallRef }[] = [];
    const socketCalls: { call: ts.CallExpression; event: string; recv: ts.Expression; typed: boolean; ref?: CallRef }[] = [];
    const handOffs: HandOff[] = [];

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        const init = node.initializer;
        if (!isIdentifier(node.name) || !init || !isNewExpression(init) || ctx.kindOf(init) !== SERVER) return;
        const path = literalPath(propertyOf(init.arguments?.[0], 'path'));
        if (path) paths.set(node.name.text, path);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        const [first, second] = node.arguments;
        if (isPropertyAccessExpression(callee) && LISTEN.has(callee.name.text)) {
          const recv = callee.expression;
          const event = literalPath(first);
          if (event === 'connection' && second && ctx.kindOf(recv) === SERVER) {
            connections.push({ call: node, path: isIdentifier(recv) ? paths.get(recv.text) : undefined, listener: second, ref: ctx.refOf(second) });
            return;
          }
          if ((event === 'message' || event === 'close') && second) {
            const typed = ctx.kindOf(recv) === SOCKET;
            if (typed || isIdentifier(recv)) socketCalls.push({ call: node, event, recv, typed, ref: ctx.refOf(second) });
            return;
          }
        }
        if (ctx.currentFunction() && node.arguments.some(isIdentifier)) handOffs.push({ call: node, ref: ctx.refOf(callee) });
      },
      end() {
        const scopes = new SocketScopes<string | undefined>((t) => ctx.kindOfType(t) === SOCKET_TYPE);
        for (const c of connections) scopes.addListener(c.listener, c.path);
        scopes.followHandOffs(handOffs, (n) => ctx.fnId(n));
        for (const c of connections) {
          if (c.ref) add(c.call, c.listener, `ws ${pathPrefix(c.path)}connection`, c.ref, true);
        }
        for (const s of socketCalls) {
          const scope = scopes.of(s.recv, s.typed);
          if (scope && s.ref) add(s.call, s.call.arguments[1], `ws ${pathPrefix(scope.info)}${s.event}`, s.ref, s.event === 'close');
        }
      },
    };

    function add(call: ts.CallExpression, handler: ts.Expression, name: string, ref: CallRef, lifecycle: boolean) {
      ctx.addTarget({
        kind: 'actor',
        framework: 'ws',
        name,
        symbol: `${ctx.symbolPath(call)} ${name}`,
        span: ctx.span(handler),
        handlers: [ref],
        ...(lifecycle ? { meta: { lifecycle: true } } : {}),
      });
    }
  },
});

function pathPrefix(path: string | undefined): string {
  return path ? `${path} ` : '';
}
