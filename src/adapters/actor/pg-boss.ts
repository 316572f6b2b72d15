// pg-boss: `boss.work(name, [options], handler)` runs `handler` for every job (or batch of jobs) of the queue:
// the handler is the target (`pg-boss send-welcome`). The instance must come from the library: `new
// PgBoss(…)`, a parameter or property typed `PgBoss`, or an import of a project module that exports one
// (kept only when the import resolves to one). Publishing (`boss.send`) is not a handler.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { importedBinding, sourceLabel } from '../util.js';

const { isPropertyAccessExpression } = ts;

const BOSS_CLASS = 'pgboss.Class';
const BOSS = 'pgboss.boss';

const WORK_CALL = /\.\s*work\s*\(/;

export default defineAdapter({
  name: 'pg-boss',
  targetKind: 'actor',
  packages: ['pg-boss'],
  // An instance exported by another module is used in files that need not import `pg-boss`.
  mentions: (ids, text) => ids.has('work') && WORK_CALL.test(text),
  model: {
    imports: { 'pg-boss': { default: BOSS_CLASS, PgBoss: BOSS_CLASS, '*': 'pgboss.module' } },
    members: {
      'pgboss.module': { PgBoss: BOSS_CLASS, default: BOSS_CLASS, new: BOSS },
      [BOSS_CLASS]: { new: BOSS, ':': BOSS },
    },
  },
  create(ctx) {
    // Also files that call `.work(` without importing pg-boss (instances are often imported from a project
    // module); a file that imports pg-boss without such a call pays for no visitor.
    if (!ctx.sourceFile.text.includes('work') || !WORK_CALL.test(ctx.sourceFile.text)) return {};
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'work') return;
        const args = node.arguments;
        if (args.length < 2) return;
        const receiver = callee.expression;
        const direct = ctx.kindOf(receiver) === BOSS;
        const imported = direct ? undefined : importedBinding(ctx.summary.imports, receiver);
        if (!direct && !imported) return;
        const handler = args[args.length - 1];
        const ref = ctx.refOf(handler);
        if (!ref) return;
        const name = `pg-boss ${sourceLabel(args[0], (n) => ctx.text(n))}`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'pg-boss',
          name,
          symbol: `${ctx.symbolPath(node)} ${name}`,
          span: ctx.span(handler),
          handlers: [ref],
          ...(imported ? { onlyIfKind: { ref: imported, kinds: [BOSS] } } : {}),
        });
      },
    };
  },
});
