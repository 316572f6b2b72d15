// Inngest (`inngest`): `inngest.createFunction(config, [trigger], handler)` declares a function Inngest runs
// for each event or schedule that triggers it; the handler is the target, named after trigger and id
// (`inngest order/created send-receipt`, `inngest cron "0 * * * *" nightly-report`). The client must come
// from the library: `new Inngest({ id })`, a parameter typed `Inngest`, or an import of the project module
// that creates it (kept only when the import resolves to one: functions usually live in files that import
// nothing but the client). Middleware given to the client (`new Inngest({ middleware: [...] })`) runs around
// every function: a project middleware that emits covers them; Inngest's own tracing middleware
// (`extendedTracesMiddleware` from `inngest/experimental`, `@inngest/middleware-sentry`) is platform tracing.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { importedBinding, propertyValue, resolveLocal, sourceLabel, stripExpression } from '../util.js';
import type { BindingRef, CallRef } from '../../types.js';

const {
  isArrayLiteralExpression,
  isCallExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isStringLiteralLike,
  isVariableDeclaration,
} = ts;

const CLIENT_CLASS = 'inngest.ClientClass';
const CLIENT = 'inngest.client';
const MIDDLEWARE_CLASS = 'inngest.MiddlewareClass';
/** Inngest's own tracing middleware, by package: a generic span per function run. */
const PLATFORM_MIDDLEWARE: Record<string, string[]> = {
  'inngest/experimental': ['extendedTracesMiddleware', 'otelMiddleware'],
  '@inngest/middleware-sentry': ['sentryMiddleware'],
  '@inngest/middleware-opentelemetry': ['*'],
  '@inngest/otel': ['*'],
};

const mayUseInngest = (text: string) => text.includes('createFunction') || text.includes('Inngest');

export default defineAdapter({
  name: 'inngest',
  targetKind: 'actor',
  packages: ['inngest'],
  // The client is usually imported from a project module by files that import nothing from `inngest`.
  mentions: ['createFunction'],
  model: {
    imports: { inngest: { Inngest: CLIENT_CLASS, InngestMiddleware: MIDDLEWARE_CLASS, '*': 'inngest.module' } },
    members: {
      'inngest.module': { Inngest: CLIENT_CLASS, InngestMiddleware: MIDDLEWARE_CLASS },
      [CLIENT_CLASS]: { new: CLIENT, ':': CLIENT },
    },
  },
  create(ctx) {
    // A file that imports `inngest` but names neither a client nor a function (`serve` alone) pays for no visitor.
    if (!mayUseInngest(ctx.sourceFile.text)) return {};
    return {
      NewExpression(node: ts.NewExpression) {
        if (ctx.kindOf(node.expression) !== CLIENT_CLASS) return;
        const decl = node.parent && isVariableDeclaration(node.parent) && isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
        const opts = resolveLocal(node.arguments?.[0]);
        const list = decl && opts && isObjectLiteralExpression(opts) ? propertyValue(opts, 'middleware') : undefined;
        const items = list && !isMethodDeclaration(list) ? resolveLocal(list) : undefined;
        if (!items || !isArrayLiteralExpression(items)) return;
        for (const item of items.elements) addMiddleware(decl!, item);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'createFunction') return;
        const args = node.arguments;
        const handler = args[args.length - 1];
        if (args.length < 2 || !handler) return;
        const receiver = stripExpression(callee.expression);
        const direct = ctx.kindOf(receiver) === CLIENT;
        const imported = direct ? undefined : importedBinding(ctx.summary.imports, receiver);
        if (!direct && !imported) return;
        const ref = ctx.refOf(handler);
        if (!ref) return;
        const config = resolveLocal(args[0]);
        const id = config && isObjectLiteralExpression(config) ? (valueOf(config, 'id') ?? valueOf(config, 'name')) : undefined;
        const trigger = triggerOf(args.length > 2 ? args[1] : config && isObjectLiteralExpression(config) ? (propertyValue(config, 'triggers') ?? propertyValue(config, 'trigger')) : undefined);
        const label = [trigger, id ?? ctx.symbolPath(node)].filter(Boolean).join(' ');
        const name = `inngest ${label}`;
        const registeredOn: BindingRef | undefined = imported ?? (isIdentifier(receiver) ? { kind: 'local', name: receiver.text } : undefined);
        ctx.addTarget({
          kind: 'actor',
          framework: 'inngest',
          name,
          symbol: `${ctx.symbolPath(node)} ${name}`,
          span: ctx.span(handler),
          handlers: [ref],
          ...(imported ? { onlyIfKind: { ref: imported, kinds: [CLIENT] } } : {}),
          ...(registeredOn ? { registeredOn } : {}),
        });
      },
    };

    /** One middleware of the client: Inngest's tracing (platform), an inline `new InngestMiddleware({ init })`, or a project function. */
    function addMiddleware(receiver: string, item: ts.Expression): void {
      const text = ctx.text(item).replace(/\s+/g, ' ').slice(0, 80);
      const line = ctx.span(item).line;
      const platform = platformImport(item);
      if (platform) {
        ctx.addRegistration({ receiver, type: 'middleware', ref: { kind: 'binding', ref: platform }, text: `${platform.name} (${platform.specifier})`, line, platformTracing: true });
        return;
      }
      const e = resolveLocal(item);
      let ref: CallRef | undefined;
      if (e && isNewExpression(e) && ctx.kindOf(e.expression) === MIDDLEWARE_CLASS) {
        const opts = resolveLocal(e.arguments?.[0]);
        const init = opts && isObjectLiteralExpression(opts) ? propertyValue(opts, 'init') : undefined;
        ref = init && (isMethodDeclaration(init) ? { kind: 'fn', id: ctx.fnId(init) } : ctx.refOf(init));
      } else ref = ctx.refOf(item);
      if (ref) ctx.addRegistration({ receiver, type: 'middleware', ref, text, line });
    }

    /** The import of Inngest's tracing middleware an item is made from (`extendedTracesMiddleware()`, or a variable holding it). */
    function platformImport(item: ts.Expression): Extract<BindingRef, { kind: 'import' }> | undefined {
      let e = resolveLocal(item);
      if (e && isCallExpression(e)) e = stripExpression(e.expression);
      if (e && isNewExpression(e)) e = stripExpression(e.expression);
      const id = e && isPropertyAccessExpression(e) ? e.expression : e;
      const imp = id && isIdentifier(id) ? ctx.summary.imports[id.text] : undefined;
      const names = imp && PLATFORM_MIDDLEWARE[imp.specifier];
      if (!imp || !names || !(names.includes('*') || names.includes(imp.name))) return undefined;
      return { kind: 'import', specifier: imp.specifier, name: imp.name };
    }

    function valueOf(obj: ts.ObjectLiteralExpression, key: string): string | undefined {
      const v = propertyValue(obj, key);
      return v && !isMethodDeclaration(v) ? sourceLabel(v, (n) => ctx.text(n)) : undefined;
    }

    /** `{ event: 'order/created' }`, `{ cron: '0 * * * *' }`, or the first of a list of them. */
    function triggerOf(e: ts.Expression | ts.MethodDeclaration | undefined): string | undefined {
      if (!e || isMethodDeclaration(e)) return undefined;
      let t = resolveLocal(e);
      if (t && isArrayLiteralExpression(t)) t = t.elements[0] && resolveLocal(t.elements[0]);
      // Early SDKs took the event name itself: `createFunction({ name }, 'app/user.created', handler)`.
      if (t && isStringLiteralLike(t)) return t.text;
      if (!t || !isObjectLiteralExpression(t)) return undefined;
      const event = valueOf(t, 'event');
      if (event) return event;
      const cron = propertyValue(t, 'cron');
      if (!cron || isMethodDeclaration(cron)) return undefined;
      const c = stripExpression(cron);
      // A literal schedule is quoted; an expression (`env.SYNC_CRON`) is shown as written.
      return `cron ${isStringLiteralLike(c) ? `"${c.text}"` : sourceLabel(c, (n) => ctx.text(n))}`;
    }
  },
});
