// BullMQ: `new Worker(queueName, processor, opts)` runs `processor` for every job of the queue. The
// processor is the target; a path string (a sandboxed processor file) is skipped, and `worker.on(…)`
// listeners are not message handlers. The `telemetry` option (`new BullMQOtel(…)` from bullmq-otel) is
// platform tracing: a generic span per job, shown as evidence.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath, propertyValue, resolveLocal } from '../util.js';
import type { CoverageRef } from '../../types.js';
import { variableDeclarationOf } from '../../analysis/semantic.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isBinaryExpression,
  isCallExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isStringLiteralLike,
  isTemplateExpression,
} = ts;

const WORKER_CLASS = 'bullmq.WorkerClass';
const PATH_MODULES = new Set(['path', 'node:path', 'url', 'node:url']);

export default defineAdapter({
  name: 'bullmq',
  targetKind: 'actor',
  packages: ['bullmq'],
  model: {
    imports: { bullmq: { Worker: WORKER_CLASS, '*': 'bullmq.module' } },
    members: {
      'bullmq.module': { Worker: WORKER_CLASS },
      [WORKER_CLASS]: { new: 'bullmq.worker', ':': 'bullmq.worker' },
    },
  },
  create(ctx) {
    return {
      NewExpression(node: ts.NewExpression) {
        if (ctx.kindOf(node.expression) !== WORKER_CLASS) return;
        const [queue, processor, options] = node.arguments ?? [];
        if (!processor || isProcessorFile(processor)) return;
        const ref = ctx.refOf(processor);
        if (!ref) return;
        const name = `Worker(${queue ? (literalPath(queue) ?? ctx.text(queue)) : '?'})`;
        const coveredBy = telemetryOption(options);
        ctx.addTarget({ kind: 'actor', framework: 'bullmq', name, symbol: name, span: ctx.span(processor), handlers: [ref], ...(coveredBy ? { coveredBy } : {}) });
      },
    };

    /** `{ telemetry: new BullMQOtel('orders') }`: BullMQ's own tracing of every job (platform tracing). */
    function telemetryOption(options: ts.Expression | undefined): CoverageRef[] | undefined {
      const opts = resolveLocal(options);
      const value = opts && isObjectLiteralExpression(opts) ? propertyValue(opts, 'telemetry') : undefined;
      if (!value || isMethodDeclaration(value)) return undefined;
      const made = resolveLocal(value);
      const ctor = made && isNewExpression(made) ? made.expression : undefined;
      const imp = ctor && isIdentifier(ctor) ? ctx.summary.imports[ctor.text] : undefined;
      const ref = imp ? { kind: 'import' as const, specifier: imp.specifier, name: imp.name } : { kind: 'local' as const, name: 'telemetry' };
      const text = `telemetry: ${ctx.text(made ?? value).replace(/\s+/g, ' ').slice(0, 60)}${imp ? ` (${imp.specifier})` : ''}`;
      return [{ via: 'platform-tracing', ref: { kind: 'binding', ref }, text, line: ctx.span(value).line, platformTracing: true }];
    }

    /** A sandboxed processor given as a file: a string, a URL, or a path built with `path` / `url` helpers. */
    function isProcessorFile(e: ts.Expression, hops = 0): boolean {
      if (isStringLiteralLike(e) || isTemplateExpression(e) || isNewExpression(e) || isBinaryExpression(e)) return true;
      if (isCallExpression(e)) {
        let root: ts.Expression = e.expression;
        while (isPropertyAccessExpression(root)) root = root.expression;
        if (isIdentifier(root) && root.text === 'require') return true;
        const imp = isIdentifier(root) ? ctx.summary.imports[root.text] : undefined;
        return !!imp && PATH_MODULES.has(imp.specifier);
      }
      if (isIdentifier(e) && hops < 3) {
        const init = declarationOf(e)?.initializer;
        return !!init && isProcessorFile(init, hops + 1);
      }
      return false;
    }

    /** The nearest variable declaration of an identifier in an enclosing block or the file. */
    function declarationOf(id: ts.Identifier): ts.VariableDeclaration | undefined {
      return variableDeclarationOf(id, id.text, true);
    }
  },
});
