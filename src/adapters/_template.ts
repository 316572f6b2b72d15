// Copy this file to src/adapters/<target-kind>/<npm-name>.ts, add it to src/adapters/index.ts, and add a
// fixture at fixtures/otel/<rule>/<name>/ (or <name>.ts). test/consistency.test.ts names what is missing.
//
// An adapter knows one framework and nothing about rules: it turns code into targets.
//  - `packages`: imports that enable it in a file (the walk skips it elsewhere). Two more ways, for
//    frameworks that need them: `appliesToPath` (file conventions: `src/routes/**/+server.ts`) and
//    `mentions` (identifiers a file must name when the library's values come from the project's own
//    modules: a tRPC builder, a Bull queue); `enabled(config)` for adapters driven by config keys. An
//    adapter with `appliesToPath: () => true` looks at every file: keep its `create` to a cheap test.
//  - `model`: what the framework's exports are (`kindOf` then recognises receivers by origin:
//    `const app = framework()` → `framework.app`, parameters typed `App` → `framework.app`).
//  - `create(ctx)`: a visitor keyed by ts.SyntaxKind; report targets with ctx.addTarget, middleware
//    with ctx.addRegistration. Handlers are CallRefs from ctx.refOf(node); never match bare names.
import { ts } from '#ts';
import { defineAdapter } from './types.js';

export default defineAdapter({
  name: 'template',
  targetKind: 'http-handler',
  packages: ['template-framework'],
  model: {
    imports: { 'template-framework': { default: 'template.factory' } },
    members: { 'template.factory': { '()': 'template.app' } },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee) || ctx.kindOf(callee.expression) !== 'template.app') return;
        const handler = node.arguments[1];
        const ref = handler && ctx.refOf(handler);
        if (!ref) return;
        const name = `${callee.name.text.toUpperCase()} ${ctx.text(node.arguments[0])}`;
        ctx.addTarget({ kind: 'http-handler', framework: 'template', name, symbol: name, span: ctx.span(handler), handlers: [ref] });
      },
    };
  },
});
