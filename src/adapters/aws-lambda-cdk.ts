// AWS Lambda: AWS CDK declarations, `new NodejsFunction(this, id, { entry, handler })`, `new lambda.Function(this,
// id, { handler, code: Code.fromAsset(dir) })`, and the events their wiring gives them, recorded in the stack
// file's summary and resolved after the walk (aws-lambda-common.ts lists the other parts).
import path from 'node:path';
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { EntryDeclaration } from '../types.js';
import { FRAMEWORK, strip } from './aws-lambda-base.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const {
  isArrayLiteralExpression,
  isBinaryExpression,
  isCallExpression,
  isIdentifier,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isTemplateExpression,
} = ts;

export const CDK_PACKAGES = ['aws-cdk-lib', '@aws-cdk/aws-lambda-nodejs', '@aws-cdk/aws-lambda'];
const CDK_NODEJS = 'cdk.NodejsFunction';
const CDK_FUNCTION = 'cdk.Function';
const CDK_CODE = 'cdk.Code';
const nodejsExports = { NodejsFunction: CDK_NODEJS };
const lambdaExports = { Function: CDK_FUNCTION, Code: CDK_CODE };
export const CDK_MODEL = {
  imports: {
    // `default`: what `const lambda = require('aws-cdk-lib/aws-lambda')` gives.
    'aws-cdk-lib/aws-lambda-nodejs': { ...nodejsExports, '*': 'cdk.nodejsModule', default: 'cdk.nodejsModule' },
    '@aws-cdk/aws-lambda-nodejs': { ...nodejsExports, '*': 'cdk.nodejsModule', default: 'cdk.nodejsModule' },
    'aws-cdk-lib/aws-lambda': { ...lambdaExports, '*': 'cdk.lambdaModule', default: 'cdk.lambdaModule' },
    '@aws-cdk/aws-lambda': { ...lambdaExports, '*': 'cdk.lambdaModule', default: 'cdk.lambdaModule' },
    'aws-cdk-lib': { aws_lambda_nodejs: 'cdk.nodejsModule', aws_lambda: 'cdk.lambdaModule', '*': 'cdk.lib', default: 'cdk.lib' },
  },
  members: {
    'cdk.lib': { aws_lambda_nodejs: 'cdk.nodejsModule', aws_lambda: 'cdk.lambdaModule' },
    'cdk.nodejsModule': nodejsExports,
    'cdk.lambdaModule': lambdaExports,
  },
};

/** `new …EventSource(…)` classes of `aws-cdk-lib/aws-lambda-event-sources` → event. */
const CDK_EVENT_SOURCES: Record<string, string> = {
  SqsEventSource: 'sqs',
  SnsEventSource: 'sns',
  KinesisEventSource: 'kinesis',
  DynamoEventSource: 'dynamodb',
  S3EventSource: 's3',
  S3EventSourceV2: 's3',
  ManagedKafkaEventSource: 'msk',
  SelfManagedKafkaEventSource: 'kafka',
  ApiEventSource: 'http',
};
/** Constructs that invoke a function given to them: the event, and which argument is the function. */
const CDK_INVOKERS: Record<string, { event: string; arg: number | 'handler' }> = {
  LambdaIntegration: { event: 'http', arg: 0 },
  HttpLambdaIntegration: { event: 'http', arg: 1 },
  LambdaRestApi: { event: 'http', arg: 'handler' },
  LambdaFunction: { event: 'eventbridge', arg: 0 },
  LambdaSubscription: { event: 'sns', arg: 0 },
  LambdaDestination: { event: 's3', arg: 0 },
  LambdaInvoke: { event: 'stepfunctions', arg: 'handler' },
  LambdaDataSource: { event: 'appsync', arg: 'handler' },
};

/** The CDK part of the http adapter's visitor: declarations into the summary, events from their wiring. */
export function cdkVisitor(ctx: ScanContext) {
  const byVar = new Map<string, EntryDeclaration>();
  const events = new Map<string, Set<string>>();
  const addEvent = (e: ts.Expression | undefined, event: string) => {
    if (!e) return;
    const key = ctx.text(strip(e));
    let s = events.get(key);
    if (!s) events.set(key, (s = new Set()));
    s.add(event);
  };
  const classText = (e: ts.Expression) => (isPropertyAccessExpression(e) ? e.name.text : isIdentifier(e) ? e.text : '');
  /** API Gateway resources of this file by variable: their paths (`const orders = api.root.addResource('orders')`). */
  const resources = new Map<string, string>();
  /** `const integration = new LambdaIntegration(fn)`: the function, by variable. */
  const integrations = new Map<string, ts.Expression>();
  const resourcePath = (expr: ts.Expression, hops = 0): string | undefined => {
    const e = strip(expr);
    if (hops > 20) return undefined;
    if (isIdentifier(e)) return resources.get(e.text);
    if (isPropertyAccessExpression(e) && e.name.text === 'root') return '';
    if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'addResource') {
      const seg = e.arguments[0];
      const parent = resourcePath(e.expression.expression, hops + 1);
      return parent !== undefined && seg && isStringLiteral(seg) ? `${parent}/${seg.text}` : undefined;
    }
    return undefined;
  };
  return {
    NewExpression(node: ts.NewExpression) {
      const kind = ctx.kindOf(node.expression);
      const args = node.arguments ?? [];
      if (kind === CDK_NODEJS || kind === CDK_FUNCTION) {
        const decl = declaration(node, kind === CDK_NODEJS);
        if (!decl) return;
        (ctx.summary.declares ??= []).push(decl);
        const owner = node.parent;
        if (owner && ts.isVariableDeclaration(owner) && isIdentifier(owner.name)) byVar.set(owner.name.text, decl);
        else if (owner && isBinaryExpression(owner) && owner.right === node) byVar.set(ctx.text(owner.left), decl);
        else if (owner && ts.isPropertyDeclaration(owner) && isIdentifier(owner.name)) byVar.set(`this.${owner.name.text}`, decl);
        const props = args[2] && strip(args[2]);
        if (props && isObjectLiteralExpression(props)) {
          const ev = props.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === 'events');
          const list = ev && strip(ev.initializer);
          if (list && isArrayLiteralExpression(list)) {
            for (const x of list.elements) {
              const y = strip(x);
              const event = isNewExpression(y) ? CDK_EVENT_SOURCES[classText(y.expression)] : undefined;
              if (event) (decl.events ??= []).push(event);
            }
          }
        }
        return;
      }
      const invoker = CDK_INVOKERS[classText(node.expression)];
      if (!invoker) return;
      if (invoker.arg === 'handler') {
        const props = args.find((a) => isObjectLiteralExpression(strip(a)));
        const p = props && (strip(props) as ts.ObjectLiteralExpression).properties.find((x) => (isPropertyAssignment(x) || isShorthandPropertyAssignment(x)) && isIdentifier(x.name) && ['handler', 'lambdaFunction'].includes(x.name.text));
        if (p) addEvent(isPropertyAssignment(p) ? p.initializer : (p as ts.ShorthandPropertyAssignment).name, invoker.event);
      } else addEvent(args[invoker.arg], invoker.event);
    },
    CallExpression(node: ts.CallExpression) {
      const callee = node.expression;
      if (!isPropertyAccessExpression(callee)) return;
      const m = callee.name.text;
      if (m === 'addEventSource') {
        const src = node.arguments[0] && strip(node.arguments[0]);
        const event = src && isNewExpression(src) ? CDK_EVENT_SOURCES[classText(src.expression)] : undefined;
        if (event) addEvent(callee.expression, event);
      } else if (m === 'addFunctionUrl') addEvent(callee.expression, 'http');
      else if (m === 'addLambdaDataSource') addEvent(node.arguments[1], 'appsync');
      else if (m === 'addMethod') {
        // `api.root.addResource('orders').addResource('{id}').addMethod('GET', new LambdaIntegration(fn))`:
        // the route, when the resource's path is known in this file.
        const [verb, integration] = node.arguments;
        const i = integration && strip(integration);
        const fn = i && isNewExpression(i) && classText(i.expression) === 'LambdaIntegration' ? i.arguments?.[0] : i && isIdentifier(i) ? integrations.get(i.text) : undefined;
        const route = resourcePath(callee.expression);
        if (fn && verb && isStringLiteral(verb) && route !== undefined) addEvent(fn, `http ${verb.text.toUpperCase()} ${route}`);
      }
    },
    VariableDeclaration(node: ts.VariableDeclaration) {
      if (isIdentifier(node.name) && node.initializer) {
        const route = resourcePath(node.initializer);
        if (route !== undefined) resources.set(node.name.text, route);
        const init = strip(node.initializer);
        if (isNewExpression(init) && classText(init.expression) === 'LambdaIntegration' && init.arguments?.[0]) integrations.set(node.name.text, init.arguments[0]);
      }
    },
    end() {
      for (const [key, evs] of events) {
        const decl = byVar.get(key);
        if (decl) decl.events = [...new Set([...(decl.events ?? []), ...evs])];
      }
    },
  };

  function declaration(node: ts.NewExpression, nodejs: boolean): EntryDeclaration | undefined {
    const [, idArg, propsArg] = node.arguments ?? [];
    const id = idArg && (isStringLiteral(idArg) || isNoSubstitutionTemplateLiteral(idArg)) ? idArg.text : undefined;
    const props = propsArg && strip(propsArg);
    const get = (name: string): ts.Expression | undefined => {
      if (!props || !isObjectLiteralExpression(props)) return undefined;
      for (const p of props.properties) {
        if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) return strip(p.initializer);
      }
      return undefined;
    };
    const owner = node.parent && ts.isVariableDeclaration(node.parent) && isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
    const name = id ?? owner ?? '<function>';
    const line = ctx.span(node).line;
    const handlerProp = get('handler');
    const handler = handlerProp && (isStringLiteral(handlerProp) || isNoSubstitutionTemplateLiteral(handlerProp)) ? handlerProp.text : undefined;
    if (nodejs) {
      const entry = get('entry');
      let module: EntryDeclaration['module'] | undefined;
      if (entry) module = pathOf(entry);
      // No entry: `<stack file>.<id>.ts` beside the stack file, as NodejsFunction looks for it.
      else if (id) module = { from: 'file', path: `${path.basename(ctx.file).replace(/\.[^.]+$/, '')}.${id}` };
      if (!module) return undefined;
      return { framework: FRAMEWORK, module, export: handler ?? 'handler', name, line };
    }
    const runtime = get('runtime');
    if (runtime && !/NODEJS/i.test(ctx.text(runtime))) return undefined;
    const code = get('code');
    if (!handler || !code || !isCallExpression(code) || !isPropertyAccessExpression(code.expression) || code.expression.name.text !== 'fromAsset') return undefined;
    const dir = code.arguments[0] && pathOf(strip(code.arguments[0]));
    const dot = handler.lastIndexOf('.');
    if (!dir || dot <= 0) return undefined;
    return { framework: FRAMEWORK, module: { from: dir.from, path: path.posix.join(dir.path, handler.slice(0, dot)) }, export: handler.slice(dot + 1), name, line };
  }

  /** `'lambda/orders.ts'`, `path.join(__dirname, '../lambda/orders.ts')`, `` `${__dirname}/x.ts` ``. */
  function pathOf(e: ts.Expression): EntryDeclaration['module'] | undefined {
    if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return { from: 'cwd', path: e.text };
    if (isTemplateExpression(e) && isIdentifier(e.templateSpans[0]?.expression) && (e.templateSpans[0].expression as ts.Identifier).text === '__dirname' && e.head.text === '') {
      if (e.templateSpans.length !== 1) return undefined;
      return { from: 'file', path: `.${e.templateSpans[0].literal.text}` };
    }
    if (isCallExpression(e) && isPropertyAccessExpression(e.expression) ? ['join', 'resolve'].includes(e.expression.name.text) : isCallExpression(e) && isIdentifier(e.expression) && ['join', 'resolve'].includes(e.expression.text)) {
      const args = (e as ts.CallExpression).arguments.map(strip);
      const dirname = args[0] && isIdentifier(args[0]) && args[0].text === '__dirname';
      const rest = args.slice(dirname ? 1 : 0);
      if (!rest.every((a) => isStringLiteral(a) || isNoSubstitutionTemplateLiteral(a))) return undefined;
      const joined = path.posix.join(...rest.map((a) => (a as ts.StringLiteral).text));
      return { from: dirname ? 'file' : 'cwd', path: joined };
    }
    return undefined;
  }
}
