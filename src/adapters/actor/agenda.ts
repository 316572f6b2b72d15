// Agenda (`agenda`, and the `@hokify/agenda` fork): `agenda.define(name, [options,] processor)` (the fork:
// `define(name, processor, options?)`) runs `processor` for every job of that name, whenever it is
// scheduled (`every`, `schedule`, `now`); each definition is a target (`agenda "send report"`). The
// instance must come from `new Agenda(…)` of one of those packages, or a parameter typed `Agenda`.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { handlerLabel, isEmptyFunction, jobName } from '../jobs-common.js';

const { isArrowFunction, isFunctionExpression, isObjectLiteralExpression, isPropertyAccessExpression } = ts;

const CLASS = 'agenda.AgendaClass';
const INSTANCE = 'agenda.instance';
const EXPORTS = { Agenda: CLASS, default: CLASS, '*': 'agenda.module' };

export default defineAdapter({
  name: 'agenda',
  targetKind: 'actor',
  packages: ['agenda', '@hokify/agenda'],
  model: {
    imports: { agenda: EXPORTS, '@hokify/agenda': EXPORTS },
    members: {
      'agenda.module': { Agenda: CLASS, default: CLASS },
      [CLASS]: { new: INSTANCE, ':': INSTANCE },
    },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'define') return;
        if (ctx.kindOf(callee.expression) !== INSTANCE) return;
        const [jobNameArg, ...rest] = node.arguments;
        const processor = rest.find((a) => isArrowFunction(a) || isFunctionExpression(a)) ?? (rest.length === 1 ? rest[0] : byReference(rest));
        const ref = processor && !isEmptyFunction(processor) ? ctx.refOf(processor) : undefined;
        if (!ref) return;
        const name = jobName('agenda', jobNameArg, handlerLabel(ctx, processor));
        ctx.addTarget({ kind: 'actor', framework: 'agenda', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(processor!), handlers: [ref] });
      },
    };

    /** Options and processor both given by name: agenda takes `(name, options, processor)`, the fork `(name, processor, options)`. */
    function byReference(args: ts.Expression[]): ts.Expression | undefined {
      const candidates = args.filter((a) => !isObjectLiteralExpression(a));
      return ctx.importSpecifiers.has('@hokify/agenda') ? candidates[0] : candidates[candidates.length - 1];
    }
  },
});
