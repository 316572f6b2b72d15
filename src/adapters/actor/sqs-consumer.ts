// sqs-consumer: `Consumer.create({ queueUrl, handleMessage, handleMessageBatch })` (or `new Consumer({…})`)
// polls an SQS queue and runs `handleMessage` for every message, `handleMessageBatch` for every batch: each
// is a target named after the queue (`sqs orders-queue`: the last segment of a literal queue URL, else the
// expression as written). Listeners (`consumer.on('error', …)`) are not message handlers.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { propertyValue, resolveLocal, sourceLabel } from '../util.js';

const { isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression } = ts;

const CONSUMER_CLASS = 'sqsconsumer.ConsumerClass';
const HANDLERS: [key: string, suffix: string][] = [
  ['handleMessage', ''],
  ['handleMessageBatch', ' batch'],
];

export default defineAdapter({
  name: 'sqs-consumer',
  targetKind: 'actor',
  packages: ['sqs-consumer'],
  model: {
    imports: { 'sqs-consumer': { Consumer: CONSUMER_CLASS, '*': 'sqsconsumer.module' } },
    members: {
      'sqsconsumer.module': { Consumer: CONSUMER_CLASS },
      [CONSUMER_CLASS]: { 'create()': 'sqsconsumer.consumer', new: 'sqsconsumer.consumer', ':': 'sqsconsumer.consumer' },
    },
  },
  create(ctx) {
    const visit = (node: ts.CallExpression | ts.NewExpression, options: ts.Expression | undefined) => {
      const opts = resolveLocal(options);
      if (!opts || !isObjectLiteralExpression(opts)) return;
      const url = propertyValue(opts, 'queueUrl');
      const queue = url && !isMethodDeclaration(url) ? sourceLabel(url, (n) => ctx.text(n)) : '?';
      for (const [key, suffix] of HANDLERS) {
        const value = propertyValue(opts, key);
        if (!value) continue;
        const ref = isMethodDeclaration(value) ? { kind: 'fn' as const, id: ctx.fnId(value) } : ctx.refOf(value);
        if (!ref) continue;
        const name = `sqs ${queue}${suffix}`;
        ctx.addTarget({ kind: 'actor', framework: 'sqs-consumer', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(value), handlers: [ref] });
      }
    };
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'create' || ctx.kindOf(callee.expression) !== CONSUMER_CLASS) return;
        visit(node, node.arguments[0]);
      },
      NewExpression(node: ts.NewExpression) {
        if (ctx.kindOf(node.expression) !== CONSUMER_CLASS) return;
        visit(node, node.arguments?.[0]);
      },
    };
  },
});
