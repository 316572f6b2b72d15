// Actors the project declares itself, named in config: classes extending one of `actors.baseClasses` or
// decorated with one of `actors.decorators`. These are the project's own abstractions, so config names
// them and matching is by that name. Every public instance method is a message handler, except the
// start/stop hooks below, which are lifecycle targets; private, protected, `#private`, `_underscored` and
// static methods are helpers, not handlers.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { decoratorName } from '../../analysis/summarize.js';

const LIFECYCLE_HOOKS = new Set(['onStart', 'onStop', 'start', 'stop', 'init', 'destroy', 'onInit', 'onDestroy', 'initialize', 'shutdown', 'dispose']);

export default defineAdapter({
  name: 'configured',
  targetKind: 'actor',
  packages: [],
  enabled: (config) => config.actors.baseClasses.length > 0 || config.actors.decorators.length > 0,
  // Which files hold actors depends on config, not on an import: the visitor decides.
  appliesToPath: () => true,
  create(ctx) {
    const bases = new Set(ctx.config.actors.baseClasses);
    const decorators = new Set(ctx.config.actors.decorators);
    if (!bases.size && !decorators.size) return {};
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const ext = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      const extName = ext && (ts.isIdentifier(ext) ? ext.text : ts.isPropertyAccessExpression(ext) ? ext.name.text : undefined);
      const decorated = (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []).map(decoratorName).find((d) => d && decorators.has(d));
      if (!(extName && bases.has(extName)) && !decorated) return;
      const cls = className(node);
      for (const m of classMethods(node)) {
        if (!m.isPublic || m.name.startsWith('_')) continue;
        const name = `${cls}.${m.name}`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'configured',
          name,
          symbol: name,
          span: ctx.span(m.member),
          handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }],
          ...(LIFECYCLE_HOOKS.has(m.name) ? { meta: { lifecycle: true } } : {}),
        });
      }
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };
  },
});
