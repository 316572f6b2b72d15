// amqplib: `channel.consume(queue, onMessage)` runs `onMessage` for every delivered message. The channel
// must come from amqplib: `(await connect(url)).createChannel()` / `createConfirmChannel()`, a parameter
// typed `Channel` / `ConfirmChannel`, or the callback API's `connect(url, (err, conn) => …)` and
// `conn.createChannel((err, ch) => …)`.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath } from '../util.js';
import { AMQPLIB_MODEL, AMQP_CALLBACK_CONNECT, AMQP_CHANNEL, AMQP_CONNECTION } from '../shared-models.js';

const CHANNEL = AMQP_CHANNEL;
const CONNECTION = AMQP_CONNECTION;
const CALLBACK_CONNECT = AMQP_CALLBACK_CONNECT;
const CREATE_CHANNEL = new Set(['createChannel', 'createConfirmChannel']);

export default defineAdapter({
  name: 'amqplib',
  targetKind: 'actor',
  packages: ['amqplib'],
  model: AMQPLIB_MODEL,
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'consume') return;
        if (kindOf(callee.expression) !== CHANNEL) return;
        const [queue, onMessage] = node.arguments;
        const ref = onMessage && ctx.refOf(onMessage);
        if (!ref) return;
        const name = `consume(${queue ? (literalPath(queue) ?? ctx.text(queue)) : '?'})`;
        ctx.addTarget({ kind: 'actor', framework: 'amqplib', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(onMessage), handlers: [ref] });
      },
    };

    /** The model's kind, plus the callback API, where the connection and channel arrive as a callback's second parameter. */
    function kindOf(e: ts.Expression): string | undefined {
      const known = ctx.kindOf(e);
      if (known || !ts.isIdentifier(e)) return known;
      const param = parameterOf(e);
      if (!param || param.index !== 1) return undefined;
      const call = param.fn.parent;
      if (!ts.isCallExpression(call) || call.arguments[call.arguments.length - 1] !== param.fn) return undefined;
      const c = call.expression;
      if (ctx.kindOf(c) === CALLBACK_CONNECT) return CONNECTION;
      if (ts.isPropertyAccessExpression(c) && CREATE_CHANNEL.has(c.name.text) && kindOf(c.expression) === CONNECTION) return CHANNEL;
      return undefined;
    }

    /** The callback parameter an identifier names, when the nearest binding of that name is one. */
    function parameterOf(id: ts.Identifier): { fn: ts.FunctionLikeDeclaration; index: number } | undefined {
      for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
        if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) continue;
        const index = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
        if (index >= 0) return { fn: n, index };
      }
      return undefined;
    }
  },
});
