// Azure Service Bus (`@azure/service-bus`): `receiver.subscribe({ processMessage, processError })` runs
// `processMessage` for every message: it is the target, named after the queue or topic/subscription the
// receiver was created for (`servicebus orders`, `servicebus orders/billing`). `processError` reports
// failures of the receiver itself and is not a message handler. The receiver must come from the library:
// `new ServiceBusClient(…).createReceiver(…)`, `acceptSession` / `acceptNextSession`, or a parameter typed
// `ServiceBusReceiver` / `ServiceBusSessionReceiver`.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { propertyValue, resolveLocal, sourceLabel, stripExpression } from '../util.js';

const { isCallExpression, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression } = ts;

const CLIENT = 'servicebus.client';
const RECEIVER = 'servicebus.receiver';
const EXPORTS = { ServiceBusClient: 'servicebus.ClientClass', ServiceBusReceiver: RECEIVER, ServiceBusSessionReceiver: RECEIVER };

export default defineAdapter({
  name: 'azure-service-bus',
  targetKind: 'actor',
  packages: ['@azure/service-bus'],
  model: {
    imports: { '@azure/service-bus': { ...EXPORTS, '*': 'servicebus.module' } },
    members: {
      'servicebus.module': EXPORTS,
      'servicebus.ClientClass': { new: CLIENT, ':': CLIENT },
      [CLIENT]: { 'createReceiver()': RECEIVER, 'acceptSession()': RECEIVER, 'acceptNextSession()': RECEIVER },
    },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'subscribe' || ctx.kindOf(callee.expression) !== RECEIVER) return;
        const handlers = resolveLocal(node.arguments[0]);
        const process = handlers && isObjectLiteralExpression(handlers) ? propertyValue(handlers, 'processMessage') : undefined;
        if (!process) return;
        const ref = isMethodDeclaration(process) ? { kind: 'fn' as const, id: ctx.fnId(process) } : ctx.refOf(process);
        if (!ref) return;
        const name = `servicebus ${entityName(callee.expression)}`;
        ctx.addTarget({ kind: 'actor', framework: 'azure-service-bus', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(process), handlers: [ref] });
      },
    };

    /** `createReceiver('orders')` → `orders`; `createReceiver('orders', 'billing')` → `orders/billing`; else the receiver as written. */
    function entityName(receiver: ts.Expression): string {
      const e = resolveLocal(receiver);
      const label = (n: ts.Expression) => sourceLabel(n, (x) => ctx.text(x));
      if (e && isCallExpression(e) && e.arguments[0] && !isObjectLiteralExpression(stripExpression(e.arguments[0]))) {
        const [entity, sub] = e.arguments;
        // `acceptSession(queue, sessionId)`: the second argument is a session, not a subscription.
        const session = isPropertyAccessExpression(e.expression) && e.expression.name.text === 'acceptSession';
        return sub && !session && !isObjectLiteralExpression(stripExpression(sub)) ? `${label(entity)}/${label(sub)}` : label(entity);
      }
      return label(stripExpression(receiver));
    }
  },
});
