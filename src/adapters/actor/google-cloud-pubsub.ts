// Google Cloud Pub/Sub (`@google-cloud/pubsub`): `subscription.on('message', onMessage)` runs `onMessage` for
// every message pulled from the subscription. The subscription must come from the library:
// `pubsub.subscription(name)`, `pubsub.topic(t).subscription(name)`, `new Subscription(pubsub, name)` or a
// parameter typed `Subscription`. The target is named after the subscription (`pubsub orders-sub`).
// Publishing (`topic.publishMessage`) and other listeners (`on('error')`, `on('close')`) are not handlers.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { resolveLocal, sourceLabel, stripExpression } from '../util.js';

const { isCallExpression, isNewExpression, isPropertyAccessExpression, isStringLiteralLike } = ts;

const CLIENT = 'pubsub.client';
const TOPIC = 'pubsub.topic';
const SUBSCRIPTION = 'pubsub.subscription';
const EXPORTS = { PubSub: 'pubsub.PubSubClass', Topic: 'pubsub.TopicClass', Subscription: 'pubsub.SubscriptionClass' };

export default defineAdapter({
  name: 'google-cloud-pubsub',
  targetKind: 'actor',
  packages: ['@google-cloud/pubsub'],
  model: {
    imports: { '@google-cloud/pubsub': { ...EXPORTS, '*': 'pubsub.module', default: 'pubsub.module' } },
    members: {
      'pubsub.module': EXPORTS,
      'pubsub.PubSubClass': { new: CLIENT, ':': CLIENT },
      'pubsub.TopicClass': { new: TOPIC, ':': TOPIC },
      'pubsub.SubscriptionClass': { new: SUBSCRIPTION, ':': SUBSCRIPTION },
      [CLIENT]: { 'subscription()': SUBSCRIPTION, 'topic()': TOPIC },
      [TOPIC]: { 'subscription()': SUBSCRIPTION },
    },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || (callee.name.text !== 'on' && callee.name.text !== 'addListener')) return;
        const [event, listener] = node.arguments;
        if (!event || !isStringLiteralLike(event) || event.text !== 'message' || !listener) return;
        if (ctx.kindOf(callee.expression) !== SUBSCRIPTION) return;
        const ref = ctx.refOf(listener);
        if (!ref) return;
        const name = `pubsub ${subscriptionName(callee.expression)}`;
        ctx.addTarget({ kind: 'actor', framework: 'google-cloud-pubsub', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(listener), handlers: [ref] });
      },
    };

    /** The name the subscription was created with (`subscription('orders-sub')`), else the receiver as written. */
    function subscriptionName(receiver: ts.Expression): string {
      const e = resolveLocal(receiver);
      if (e && isCallExpression(e) && e.arguments[0]) return sourceLabel(e.arguments[0], (n) => ctx.text(n));
      if (e && isNewExpression(e) && e.arguments?.[1]) return sourceLabel(e.arguments[1], (n) => ctx.text(n));
      return sourceLabel(stripExpression(receiver), (n) => ctx.text(n));
    }
  },
});
