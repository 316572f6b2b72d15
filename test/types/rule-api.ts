// Compiled by test/rule-api.test.ts with `tsc --noEmit`: each @ts-expect-error must meet an error, so the
// rule API's types are checked both ways (what must compile and what must not).
import { defineRule } from '../../src/engine/rule.js';

defineRule({
  meta: {
    id: 'otel/typed',
    pillar: 'otel',
    description: 'd',
    defaultSeverity: 'warn',
    messages: { first: 'first {{x}}', second: 'second' },
    help: 'h',
    defaultOptions: { limit: 3, names: ['a'] },
  },
  create(ctx) {
    const limit: number = ctx.options.limit;
    const names: string[] = ctx.options.names;
    return {
      CallExpression(node) {
        if (names.length > limit) ctx.report(node, 'first', { x: 'y' });
        ctx.report(node, 'second');
        // @ts-expect-error: not one of the rule's message ids
        ctx.report(node, 'third');
        // @ts-expect-error: options are typed by defaultOptions
        const wrong: string = ctx.options.limit;
        void wrong;
      },
    };
  },
});

defineRule({
  meta: { id: 'otel/target', pillar: 'otel', description: 'd', defaultSeverity: 'error', targetKind: 'actor', messages: { missing: 'm' }, help: 'h', defaultOptions: { strict: false } },
  checkTarget(target, ctx) {
    if (ctx.options.strict && !ctx.verdict().instrumented) ctx.report('missing', { name: target.name });
    // @ts-expect-error: not one of the rule's message ids
    ctx.report('absent');
  },
});

defineRule({
  meta: {
    id: 'otel/help',
    pillar: 'otel',
    description: 'd',
    defaultSeverity: 'warn',
    messages: { only: 'o' },
    help: 'h',
    // @ts-expect-error: findingHelp is keyed by message ids
    findingHelp: { other: 'x' },
  },
});
