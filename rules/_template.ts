// Copy this file to rules/<pillar>/<name>.ts, add the rule to its pillar in rules/index.ts, write its doc at
// rules/<pillar>/<name>.md and its fixture at fixtures/<pillar>/<name>/ (test/consistency.test.ts names what
// is missing). `testRule` (src/engine/rule-tester.ts) runs it on a snippet while you write it.
//
// A rule knows one doctrine and nothing about libraries or syntax plumbing:
//  - what a value is comes from the library model: `ctx.kindOf(expr)` (`otel.span`, `otel.tracer`,
//    `pino.logger`), never from its name or a package name written in the rule;
//  - what the syntax means comes from src/analysis/semantic.ts: `skipOuterExpressions`, `declarationOf`,
//    `constness` (with the imports to confirm across files), `receiverOrigin`, `enclosingFunction`, …;
//  - `ctx.options` is typed by `defaultOptions` (the config's options are laid over them), and
//    `ctx.report(node, messageId, data, conditions)` accepts only the ids of `messages`.
// A rule that judges targets (handlers, actors) has `targetKind` and `checkTarget(target, ctx)` instead of
// `create`; see rules/otel/actor.ts.
import { ts } from '#ts';
import { defineRule } from '../src/engine/rule.js';
import { OUTER_TYPES, constness, skipOuterExpressions } from '../src/analysis/semantic.js';

export default defineRule({
  meta: {
    id: 'otel/template',
    pillar: 'otel',
    description: 'Span attribute keys are constant: a key built at run time makes every value its own attribute.',
    defaultSeverity: 'warn',
    messages: { dynamicKey: 'Attribute key of {{call}} is built at run time' },
    help: 'Use a constant key and put the variable part in the value: span.setAttribute("user.id", id).',
    optionsSchema: { type: 'object', additionalProperties: false, properties: { methods: { type: 'array', items: { type: 'string' } } } },
    defaultOptions: { methods: ['setAttribute'] },
  },
  create(ctx) {
    return {
      CallExpression(call: ts.CallExpression) {
        const callee = skipOuterExpressions(call.expression, OUTER_TYPES);
        if (!ts.isPropertyAccessExpression(callee) || !ctx.options.methods.includes(callee.name.text)) return;
        if (ctx.kindOf(callee.expression) !== 'otel.span' || !call.arguments.length) return;
        const key = constness(ctx, call.arguments[0]);
        if (key.constant && !key.imports.length) return;
        // An imported key is reported only if it turns out not to be a constant in its module.
        ctx.report(call, 'dynamicKey', { call: ctx.text(callee) }, key.constant ? { unlessConstant: key.imports } : undefined);
      },
    };
  },
});
