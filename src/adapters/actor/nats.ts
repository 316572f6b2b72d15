// NATS (`nats`, `@nats-io/transport-node`): a subscription from `nc.subscribe(subject, …)` delivers the
// subject's messages either to the `callback` option (`nc.subscribe('orders.*', { callback })`: the callback
// is the target) or to a `for await (const m of sub)` loop (the function running the loop is the target: its
// body handles every message). The connection must come from the library: `await connect(…)`, or a
// parameter typed `NatsConnection`; a loop over a parameter typed `Subscription` counts too. Targets are
// named after the subject (`nats orders.created`).
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { propertyValue, resolveLocal, sourceLabel, stripExpression } from '../util.js';

const { isCallExpression, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression } = ts;

const CONNECTION = 'nats.connection';
const SUBSCRIPTION = 'nats.subscription';
const EXPORTS = { connect: 'nats.connect', NatsConnection: CONNECTION, Subscription: SUBSCRIPTION };
const PACKAGES = ['nats', '@nats-io/transport-node', '@nats-io/nats-core'];

export default defineAdapter({
  name: 'nats',
  targetKind: 'actor',
  packages: PACKAGES,
  model: {
    imports: Object.fromEntries(PACKAGES.map((p) => [p, { ...EXPORTS, wsconnect: 'nats.connect', '*': 'nats.module' }])),
    members: {
      'nats.module': { ...EXPORTS, wsconnect: 'nats.connect' },
      'nats.connect': { '()': CONNECTION },
      [CONNECTION]: { 'subscribe()': SUBSCRIPTION },
    },
  },
  create(ctx) {
    const addTarget = (node: ts.Node, subject: string, span: ts.Node, handlers: NonNullable<ReturnType<typeof ctx.refOf>>[]) => {
      const name = `nats ${subject}`;
      ctx.addTarget({ kind: 'actor', framework: 'nats', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(span), handlers });
    };
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'subscribe' || ctx.kindOf(callee.expression) !== CONNECTION) return;
        const opts = resolveLocal(node.arguments[1]);
        const callback = opts && isObjectLiteralExpression(opts) ? propertyValue(opts, 'callback') : undefined;
        if (!callback) return;
        const ref = isMethodDeclaration(callback) ? { kind: 'fn' as const, id: ctx.fnId(callback) } : ctx.refOf(callback);
        if (ref) addTarget(node, subjectOf(node), callback, [ref]);
      },
      ForOfStatement(node: ts.ForOfStatement) {
        if (!node.awaitModifier || ctx.kindOf(node.expression) !== SUBSCRIPTION) return;
        const fn = ctx.currentFunction();
        const sub = resolveLocal(node.expression);
        const subject = sub && isCallExpression(sub) ? subjectOf(sub) : sourceLabel(stripExpression(node.expression), (n) => ctx.text(n));
        addTarget(node, subject, node.expression, fn ? [{ kind: 'fn', id: fn.id }] : []);
      },
    };

    function subjectOf(subscribe: ts.CallExpression): string {
      return subscribe.arguments[0] ? sourceLabel(subscribe.arguments[0], (n) => ctx.text(n)) : '?';
    }
  },
});
