// kafkajs: `consumer.run({ eachMessage, eachBatch })` on a consumer from `new Kafka(…).consumer(…)` (or a
// parameter typed `Consumer`) runs those callbacks for every message or batch; each is a target. Confluent's
// client (`@confluentinc/kafka-javascript`) offers the same API as `KafkaJS`: `new KafkaJS.Kafka(…)`, or
// `const { Kafka } = KafkaJS`.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { mergeModels } from '../../analysis/model.js';
import { KAFKAJS_MODEL } from '../shared-models.js';

const HANDLERS = ['eachMessage', 'eachBatch'];
const CONFLUENT_KAFKAJS = { Kafka: 'kafkajs.KafkaClass', Consumer: 'kafkajs.consumer', Producer: 'kafkajs.producer' };

export default defineAdapter({
  name: 'kafkajs',
  targetKind: 'actor',
  packages: ['kafkajs', '@confluentinc/kafka-javascript'],
  model: mergeModels([
    KAFKAJS_MODEL,
    {
      imports: { '@confluentinc/kafka-javascript': { KafkaJS: 'confluent.kafkajs', '*': 'confluent.module', default: 'confluent.module' } },
      members: { 'confluent.module': { KafkaJS: 'confluent.kafkajs' }, 'confluent.kafkajs': CONFLUENT_KAFKAJS },
    },
  ]),
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'run') return;
        if (ctx.kindOf(callee.expression) !== 'kafkajs.consumer') return;
        const config = node.arguments[0];
        if (!config || !ts.isObjectLiteralExpression(config)) return;
        const receiver = ctx.text(callee.expression).replace(/^this\./, '');
        for (const p of config.properties) {
          const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
          if (!key || !HANDLERS.includes(key)) continue;
          const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isMethodDeclaration(p) ? p : undefined;
          const ref = value && ctx.refOf(value);
          const handlers = ref ? [ref] : ts.isMethodDeclaration(p) ? [{ kind: 'fn' as const, id: ctx.fnId(p) }] : [];
          if (!handlers.length) continue;
          const name = `${receiver}.run ${key}`;
          ctx.addTarget({ kind: 'actor', framework: 'kafkajs', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(p), handlers });
        }
      },
    };
  },
});
