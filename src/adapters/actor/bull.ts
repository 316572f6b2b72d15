// Bull v3 (`bull`): `queue.process([name], [concurrency], processor)` runs `processor` for every job of the
// queue (of that name): the processor is the target, named after the queue and job (`bull emails`,
// `bull emails welcome`). The queue must come from the library: `new Queue(name)` / `Queue(name)` with
// `Queue` imported from `bull`, a parameter or property typed `Queue` / `Bull.Queue`, or a name of the
// project that holds or returns such a queue (`import { emailQueue } from './queues'`, `eventsQueue()`, a
// factory or a lazily created queue: kept only when the name resolves to one). A processor given as a file path (sandboxed) is skipped; `queue.on(…)` listeners
// are not handlers.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import type { BindingRef } from '../../types.js';
import { resolveLocal, sourceLabel, stripExpression } from '../util.js';

const { isCallExpression, isIdentifier, isNewExpression, isNumericLiteral, isPropertyAccessExpression, isStringLiteralLike, isTemplateExpression } = ts;

const QUEUE_CLASS = 'bull.QueueClass';
const QUEUE = 'bull.queue';
const PATH_HELPERS = new Set(['join', 'resolve']);

/** A plain search first (an alternation-free regex still scans every file): `process` then the call shape. */
const PROCESS_CALL = /\.\s*process\s*\(/;
const mayCallProcess = (text: string) => text.includes('process') && PROCESS_CALL.test(text);

export default defineAdapter({
  name: 'bull',
  targetKind: 'actor',
  packages: ['bull'],
  // A queue exported by another module is processed in files that need not import `bull`: a file that names
  // `process` (most of them only read `process.env`) and has a `.process(` call.
  mentions: (ids, text) => ids.has('process') && mayCallProcess(text),
  model: {
    imports: { bull: { default: QUEUE_CLASS, '*': QUEUE_CLASS, Queue: QUEUE } },
    members: { [QUEUE_CLASS]: { new: QUEUE, '()': QUEUE, ':': QUEUE, Queue: QUEUE } },
  },
  create(ctx) {
    // A file that imports `bull` without a `.process(` call pays for no visitor.
    if (!mayCallProcess(ctx.sourceFile.text)) return {};
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'process') return;
        const args = node.arguments;
        const processor = args[args.length - 1];
        if (!processor || isProcessorFile(processor)) return;
        const receiver = callee.expression;
        const direct = ctx.kindOf(receiver) === QUEUE;
        const onlyIfKind = direct ? undefined : projectQueue(receiver);
        if (!direct && !onlyIfKind) return;
        const ref = ctx.refOf(processor);
        if (!ref) return;
        const job = args.length > 1 && isStringLiteralLike(args[0]) ? ` ${args[0].text}` : '';
        const name = `bull ${direct ? queueName(receiver) : ctx.text(stripExpression(receiver)).replace(/\s+/g, ' ').slice(0, 80)}${job}`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'bull',
          name,
          symbol: `${ctx.symbolPath(node)} ${name}`,
          span: ctx.span(processor),
          handlers: [ref],
          ...(onlyIfKind ? { onlyIfKind } : {}),
        });
      },
    };

    /**
     * A queue this file cannot know: a module-level name or an import (`import { emailQueue } from
     * './queues'`), or what calling one returns (`eventsQueue().process(…)`, a factory that creates or
     * caches the queue): kept only if it resolves to a Bull queue across files.
     */
    function projectQueue(receiver: ts.Expression): { ref: BindingRef; kinds: string[]; call?: string } | undefined {
      const s = stripExpression(receiver);
      const called = isCallExpression(s);
      const named = called ? stripExpression(s.expression) : s;
      if (!isIdentifier(named)) return undefined;
      const r = ctx.refOf(named);
      if (r?.kind !== 'binding' || (r.ref.kind === 'import' && r.ref.name === '*')) return undefined;
      return { ref: r.ref, kinds: [QUEUE], ...(called ? { call: '()' } : {}) };
    }

    /** The name the queue was created with (`new Queue('emails')`), else the receiver as written. */
    function queueName(receiver: ts.Expression): string {
      const e = resolveLocal(receiver);
      if (e && (isNewExpression(e) || isCallExpression(e)) && e.arguments?.[0]) return sourceLabel(e.arguments[0], (n) => ctx.text(n));
      return sourceLabel(stripExpression(receiver), (n) => ctx.text(n));
    }
  },
});

/** A sandboxed processor: a path string, or one built with `path.join` / `path.resolve` / `require.resolve`. */
function isProcessorFile(e: ts.Expression): boolean {
  const s = stripExpression(e);
  if (isStringLiteralLike(s) || isTemplateExpression(s) || isNumericLiteral(s)) return true;
  if (!isCallExpression(s) || !isPropertyAccessExpression(s.expression)) return false;
  const { expression: obj, name } = s.expression;
  return isIdentifier(obj) && ((obj.text === 'path' && PATH_HELPERS.has(name.text)) || (obj.text === 'require' && name.text === 'resolve'));
}
