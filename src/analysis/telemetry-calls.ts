// What a telemetry call names: the span, metric, event or log record it emits and the attribute keys it
// sets, read from the call's arguments. The catalogue (`check-doctrines catalog`) and the naming rules
// (otel/semconv, otel/span-name, otel/sensitive-attribute, otel/unregistered-telemetry) ask here; the
// receivers are recognised by the library model (`ctx.kindOf`), and by name where their origin is not
// known in the file (`tracer`, `this.meter`, `span`), as otel/span-lifecycle does.
import { ts } from '#ts';
import { SPAN_LIFECYCLE } from './emissions.js';
import { OUTER_TYPES, receiverOrigin, skipOuterExpressions, type FileNames } from './semantic.js';

const { isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isStringLiteral, isNoSubstitutionTemplateLiteral, isComputedPropertyName } = ts;

export type TelemetryKind = 'span' | 'metric' | 'event' | 'log' | 'attribute';

/** The API surface, by receiver kind: the methods that name telemetry and where the name is. */
export const TELEMETRY_NAMING = {
  /** Tracer methods whose first argument names a span (options object second for both). */
  spanStarts: ['startSpan', 'startActiveSpan'],
  /** Meter methods creating an instrument, by instrument kind. */
  instruments: {
    createCounter: 'counter',
    createUpDownCounter: 'updowncounter',
    createHistogram: 'histogram',
    createGauge: 'gauge',
    createObservableCounter: 'observable counter',
    createObservableUpDownCounter: 'observable updowncounter',
    createObservableGauge: 'observable gauge',
  } as Record<string, string>,
  /** Instrument methods whose second argument holds attributes. */
  records: ['add', 'record'],
  /** Kinds of receivers, with the names trusted when the origin is unknown. */
  // Also private fields and underscored properties (`this._tracer`, `this.#meter`).
  tracer: { kind: SPAN_LIFECYCLE.tracerKind, name: /^[_#]*(tracer|[a-z]\w*Tracer)$/ },
  meter: { kind: 'otel.meter', name: /^[_#]*(meter|[a-z]\w*Meter)$/ },
  span: { kind: 'otel.span', name: /^[_#]*(span|[a-z]\w*Span|activeSpan)$/ },
  instrument: { kind: 'otel.instrument' },
  logger: { kind: 'otel.logger' },
  /** dd-trace: `tracer.trace(name, { tags }, fn)`, `tracer.startSpan(name, { tags })`, `tracer.wrap(name, fn)`; tags on its spans. */
  ddTracer: { kind: 'dd.tracer', spans: ['trace', 'startSpan', 'wrap'] },
  ddSpan: { kind: 'dd.span', name: /^(span|[a-z]\w*Span|activeSpan)$/ },
  /** prom-client: `new Counter({ name, help, labelNames })`. */
  promClass: { kind: 'prom.metricClass' },
  /** Sentry's span starters: `startSpan({ name, op, attributes }, cb)`. */
  sentrySpan: { kind: 'sentry.startSpan', ns: 'sentry.ns', methods: ['startSpan', 'startInactiveSpan', 'startSpanManual'] },
} as const;

/** One thing a call names. `name` is the expression giving the name (or key); `attributes` an object literal of attributes. */
export interface TelemetryNaming {
  kind: TelemetryKind;
  /** Whose API: OpenTelemetry's (semantic conventions apply), Sentry's, dd-trace's, prom-client's. */
  family: 'opentelemetry' | 'sentry' | 'dd-trace' | 'prom-client';
  /** The API as written, e.g. `tracer.startActiveSpan`. */
  api: string;
  name?: ts.Expression;
  /** For attributes set one at a time (`setAttribute(key, value)`): the value. */
  value?: ts.Expression;
  /** Metric instrument kind (`counter`, `histogram`, …). */
  instrument?: string;
  /** An options object (`{ unit, description }` of an instrument, `{ kind, attributes }` of a span). */
  options?: ts.ObjectLiteralExpression;
  /** Attributes given as an object literal. */
  attributes?: ts.ObjectLiteralExpression;
}

const unwrap = (e: ts.Expression) => skipOuterExpressions(e, OUTER_TYPES);
const objectArg = (e: ts.Expression | undefined) => {
  const u = e && unwrap(e);
  return u && isObjectLiteralExpression(u) ? u : undefined;
};

/** What a call of a function of this name gives, by convention, when its origin is not known: `getTracer(…)` a tracer. */
const GETTERS: Record<string, string> = { getTracer: 'otel.tracer', getMeter: 'otel.meter', getActiveSpan: 'otel.span' };

function trusted(ctx: FileNames, receiver: ts.Expression, kind: string, name?: RegExp): boolean {
  const r = unwrap(receiver);
  if (!ctx.kindOf(receiver) && ts.isCallExpression(r)) {
    const callee = unwrap(r.expression);
    const fn = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (fn && GETTERS[fn]) return GETTERS[fn] === kind;
  }
  const origin = name ? receiverOrigin(ctx, receiver, name) : ctx.kindOf(receiver) ? { kind: ctx.kindOf(receiver)! } : undefined;
  if (!origin) return false;
  if ('kind' in origin) return origin.kind === kind;
  return 'byName' in origin;
}

// The naming rules visit the same call one after the other: the last answer is kept for the next rule.
let lastCall: ts.CallExpression | undefined;
let lastAnswer: TelemetryNaming | undefined;

/** What a call names, or undefined when it is no telemetry call. */
export function telemetryCall(ctx: FileNames, call: ts.CallExpression, text: (n: ts.Node) => string): TelemetryNaming | undefined {
  if (call === lastCall) return lastAnswer;
  lastAnswer = readCall(ctx, call, text);
  lastCall = call;
  return lastAnswer;
}

function readCall(ctx: FileNames, call: ts.CallExpression, text: (n: ts.Node) => string): TelemetryNaming | undefined {
  const callee = unwrap(call.expression);
  const args = call.arguments;
  if (isIdentifier(callee)) {
    if ((TELEMETRY_NAMING.sentrySpan.methods as readonly string[]).includes(callee.text) && ctx.kindOf(callee) === TELEMETRY_NAMING.sentrySpan.kind) return sentrySpan(call, callee.text);
    return undefined;
  }
  if (!isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const recv = callee.expression;
  const api = () => text(callee).replace(/\s+/g, '');
  const N = TELEMETRY_NAMING;
  const recvKind = ctx.kindOf(recv);
  if (recvKind === N.ddTracer.kind) {
    if (!(N.ddTracer.spans as readonly string[]).includes(method) || !args.length) return undefined;
    const options = method === 'wrap' ? undefined : objectArg(args[1]);
    return { kind: 'span', family: 'dd-trace', api: api(), name: args[0], options, attributes: options && objectArg(propertyValue(options, 'tags')) };
  }
  if (method === 'setTag' || method === 'addTags' || method === 'setOperationName') {
    if (!args.length || !trusted(ctx, recv, N.ddSpan.kind, N.ddSpan.name)) return undefined;
    if (method === 'setTag') return { kind: 'attribute', family: 'dd-trace', api: api(), name: args[0], value: args[1] };
    if (method === 'setOperationName') return { kind: 'span', family: 'dd-trace', api: api(), name: args[0] };
    const attributes = objectArg(args[0]);
    return attributes && { kind: 'attribute', family: 'dd-trace', api: api(), attributes };
  }
  if ((N.spanStarts as readonly string[]).includes(method)) {
    if (ctx.kindOf(recv) === N.sentrySpan.ns) return sentrySpan(call, api());
    if (!args.length || !trusted(ctx, recv, N.tracer.kind, N.tracer.name)) return undefined;
    const options = objectArg(args[1]);
    return { kind: 'span', family: 'opentelemetry', api: api(), name: args[0], options, attributes: options && objectArg(propertyValue(options, 'attributes')) };
  }
  const instrument = N.instruments[method];
  if (instrument) {
    if (!args.length || !trusted(ctx, recv, N.meter.kind, N.meter.name)) return undefined;
    return { kind: 'metric', family: 'opentelemetry', api: api(), name: args[0], instrument, options: objectArg(args[1]) };
  }
  switch (method) {
    case 'setAttribute':
      return args.length && trusted(ctx, recv, N.span.kind, N.span.name) ? { kind: 'attribute', family: 'opentelemetry', api: api(), name: args[0], value: args[1] } : undefined;
    case 'setAttributes': {
      const attributes = objectArg(args[0]);
      return attributes && trusted(ctx, recv, N.span.kind, N.span.name) ? { kind: 'attribute', family: 'opentelemetry', api: api(), attributes } : undefined;
    }
    case 'addEvent':
      return args.length && trusted(ctx, recv, N.span.kind, N.span.name) ? { kind: 'event', family: 'opentelemetry', api: api(), name: args[0], attributes: objectArg(args[1]) } : undefined;
    case 'updateName':
      return args.length && trusted(ctx, recv, N.span.kind, N.span.name) ? { kind: 'span', family: 'opentelemetry', api: api(), name: args[0] } : undefined;
    case 'emit': {
      const record = objectArg(args[0]);
      if (!record || !trusted(ctx, recv, N.logger.kind)) return undefined;
      const eventName = propertyValue(record, 'eventName');
      return { kind: 'log', family: 'opentelemetry', api: api(), name: eventName, options: record, attributes: objectArg(propertyValue(record, 'attributes')) };
    }
  }
  if ((N.records as readonly string[]).includes(method)) {
    const attributes = objectArg(args[1]);
    return attributes && trusted(ctx, recv, N.instrument.kind) ? { kind: 'attribute', family: 'opentelemetry', api: api(), attributes } : undefined;
  }
  return undefined;
}

function sentrySpan(call: ts.CallExpression, api: string): TelemetryNaming | undefined {
  const options = objectArg(call.arguments[0]);
  if (!options) return undefined;
  return { kind: 'span', family: 'sentry', api, name: propertyValue(options, 'name'), options, attributes: objectArg(propertyValue(options, 'attributes')) };
}

/** `{ key: value }`'s value for a plain or quoted key (`{ key }` gives the identifier). */
export function propertyValue(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (isPropertyAssignment(p) && propertyKeyText(p.name) === key) return p.initializer;
    if (isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

/** A property name's text when it is written out (`a`, `'a.b'`, `["a.b"]`), else undefined. */
export function propertyKeyText(name: ts.PropertyName): string | undefined {
  if (isIdentifier(name) || isStringLiteral(name) || isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (isComputedPropertyName(name)) {
    const e = unwrap(name.expression);
    if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return e.text;
  }
  return undefined;
}

/** The attribute entries of an object literal: each key node (the name, or the computed expression) and value. */
export function attributeEntries(obj: ts.ObjectLiteralExpression): { key: ts.Node; keyExpr?: ts.Expression; text?: string; value?: ts.Expression }[] {
  const out: { key: ts.Node; keyExpr?: ts.Expression; text?: string; value?: ts.Expression }[] = [];
  for (const p of obj.properties) {
    if (isPropertyAssignment(p)) {
      const keyExpr = isComputedPropertyName(p.name) ? p.name.expression : undefined;
      out.push({ key: p.name, keyExpr, text: propertyKeyText(p.name), value: p.initializer });
    } else if (isShorthandPropertyAssignment(p)) out.push({ key: p.name, text: p.name.text, value: p.name });
  }
  return out;
}

/** Whether a call is a telemetry call at all, cheaply, by its method name (before asking kinds). */
export function mayNameTelemetry(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (isIdentifier(callee)) return (TELEMETRY_NAMING.sentrySpan.methods as readonly string[]).includes(callee.text);
  if (!isPropertyAccessExpression(callee)) return false;
  return NAMING_METHODS.has(callee.name.text);
}

const NAMING_METHODS = new Set<string>([
  ...TELEMETRY_NAMING.spanStarts,
  ...Object.keys(TELEMETRY_NAMING.instruments),
  ...TELEMETRY_NAMING.records,
  ...TELEMETRY_NAMING.sentrySpan.methods,
  'setAttribute',
  'setAttributes',
  'addEvent',
  'updateName',
  'emit',
  'setTag',
  'addTags',
  'setOperationName',
  ...TELEMETRY_NAMING.ddTracer.spans,
]);

/** A prom-client metric: `new Counter({ name, help, labelNames })` (also `new client.Histogram(…)`). */
export function promMetric(ctx: FileNames, node: ts.NewExpression): { name?: ts.Expression; instrument: string; help?: ts.Expression; labels?: ts.Expression; options: ts.ObjectLiteralExpression } | undefined {
  const options = objectArg(node.arguments?.[0]);
  if (!options || ctx.kindOf(node.expression) !== TELEMETRY_NAMING.promClass.kind) return undefined;
  const callee = unwrap(node.expression);
  const cls = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : 'metric';
  return { name: propertyValue(options, 'name'), instrument: cls.toLowerCase(), help: propertyValue(options, 'help'), labels: propertyValue(options, 'labelNames'), options };
}

