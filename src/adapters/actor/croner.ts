// croner: `new Cron(pattern, fn)` / `Cron(pattern, fn)` / `Cron(pattern, options, fn)` run `fn` on every
// tick, and so does `job.schedule(fn)` on a job created without one; each is a target
// (`cron "0 * * * *" syncInvoices`, or the `name` option for an inline function). `Cron` must come from
// croner: a project class of that name is not a scheduler.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { assignedName, handlerLabel, isEmptyFunction, jobName, propertyOf } from '../jobs-common.js';
import { literalPath } from '../util.js';

const { isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression } = ts;

const CLASS = 'croner.CronClass';
const JOB = 'croner.job';

export default defineAdapter({
  name: 'croner',
  targetKind: 'actor',
  packages: ['croner'],
  model: {
    imports: { croner: { Cron: CLASS, default: CLASS, '*': 'croner.module' } },
    members: {
      'croner.module': { Cron: CLASS, default: CLASS },
      [CLASS]: { new: JOB, '()': JOB, ':': JOB },
    },
  },
  create(ctx) {
    return {
      NewExpression(node: ts.NewExpression) {
        if (ctx.kindOf(node.expression) === CLASS) addJob(node, node.arguments ?? []);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if ((isIdentifier(callee) || isPropertyAccessExpression(callee)) && ctx.kindOf(callee) === CLASS) addJob(node, node.arguments);
        else if (isPropertyAccessExpression(callee) && callee.name.text === 'schedule' && ctx.kindOf(callee.expression) === JOB) {
          addTarget(node, node.arguments[0], `cron ${ctx.text(callee.expression).replace(/^this\./, '')}`, undefined);
        }
      },
    };

    /** The function is the second argument, or the third after an options object. */
    function addJob(node: ts.Node, args: readonly ts.Expression[]) {
      const [pattern, second, third] = args;
      const options = second && isObjectLiteralExpression(second) ? second : undefined;
      const fn = options ? third : args.length >= 3 ? third : second;
      addTarget(node, fn, jobName('cron', pattern, undefined), literalPath(propertyOf(options, 'name')) ?? assignedName(node));
    }

    function addTarget(node: ts.Node, fn: ts.Expression | undefined, prefix: string, optionName: string | undefined) {
      const ref = fn && !isEmptyFunction(fn) ? ctx.refOf(fn) : undefined;
      if (!ref) return;
      const label = handlerLabel(ctx, fn) ?? optionName;
      const name = label ? `${prefix} ${label}` : prefix;
      ctx.addTarget({ kind: 'actor', framework: 'croner', name, symbol: `${ctx.symbolPath(node)} ${name}`, span: ctx.span(fn!), handlers: [ref] });
    }
  },
});
