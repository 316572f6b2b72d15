// AWS Lambda, shared by the http and actor adapters: which exports of a module are Lambda handlers and
// what invokes them, from the module alone (types from `aws-lambda`, `middy` wrappers, Powertools handler
// classes), and, after the walk, from the config that deploys them (serverless.yml / serverless.ts, SAM
// and CloudFormation templates, CDK `NodejsFunction` declarations the walk recorded).
//
// A handler invoked by API Gateway (v1 REST, v2 HTTP), an ALB, a function URL, CloudFront or AppSync is
// an `http-handler` target; one invoked by a queue, topic, stream, schedule, bucket or event bus is an
// `actor` target. Names: `lambda GET /orders/{id} getOrder` when the config gives the route and the
// function's name, `lambda sqs processOrders` for an event, else `lambda src/orders/get.handler` (the
// handler string a config would use).
//
// The parts: aws-lambda-base.ts (names they share), aws-lambda-handlers.ts (the module alone),
// aws-lambda-cdk.ts (CDK declarations the walk records), aws-lambda-deploy.ts (serverless and SAM
// configs), and here the project hook that applies what the configs and CDK declare after the walk.
import path from 'node:path';
import fs from 'node:fs';
import type { ProjectContext } from '../analysis/framework-config.js';
import { spanAtId } from '../analysis/framework-config.js';
import { isSamFile, isServerlessFile } from '../analysis/config-files.js';
import type { CallRef, Span, TargetSummary } from '../types.js';
import { FRAMEWORK, REQUEST_EVENTS, isAppAdapter, isRequestEvent } from './aws-lambda-base.js';
import { samFunctions, serverlessFunctions, type Declared, type LambdaEvent } from './aws-lambda-deploy.js';

export { FRAMEWORK, LAMBDA_PACKAGES, MIDDY, isAppAdapter, isRequestEvent } from './aws-lambda-base.js';
export { lambdaHandlers, moduleTarget, type LambdaHandler } from './aws-lambda-handlers.js';
export { CDK_MODEL, CDK_PACKAGES, cdkVisitor } from './aws-lambda-cdk.js';

// ------------------------------------------------------------------------------------------------
// After the walk: what serverless.yml, SAM templates and CDK declare.

/** The aws-lambda project hook: config-declared handlers become targets, or rename and re-kind the walk's. */
export function lambdaProjectHook(p: ProjectContext): void {
  const declared: Declared[] = [];
  for (const doc of p.configs(isServerlessFile)) declared.push(...serverlessFunctions(doc, p));
  for (const doc of p.configs(isSamFile)) declared.push(...samFunctions(doc));
  for (const { file, decl } of p.declarations(FRAMEWORK)) {
    const base = decl.module.from === 'file' ? path.dirname(file) : cdkAppDir(file, p.cwd);
    const events = (decl.events ?? []).map((e): LambdaEvent => {
      const route = /^http (\S+) (\S*)$/.exec(e);
      return route ? { event: 'http', method: route[1], path: route[2] || '/' } : { event: e };
    });
    // An integration counted without its route adds nothing when the route is known.
    const routed = events.some((e) => e.path !== undefined);
    declared.push({ modules: [path.resolve(base, decl.module.path)], exportName: decl.export, functionName: decl.name, events: routed ? events.filter((e) => e.event !== 'http' || e.path !== undefined) : events });
  }
  if (!declared.length) return;

  // Group by the module and export that run: one handler deployed as several functions is one target.
  const groups = new Map<string, { file: string; exportName: string; decls: Declared[] }>();
  for (const d of declared) {
    const file = findModule(p, d.modules);
    if (!file) {
      p.diagnostic(`aws-lambda: no analysed file for handler ${d.functionName} (${d.modules[0]}.${d.exportName})`);
      continue;
    }
    const key = `${file}\0${d.exportName}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { file, exportName: d.exportName, decls: [] }));
    g.decls.push(d);
  }
  for (const g of groups.values()) applyDeclarations(p, g.file, g.exportName, g.decls);
}

function findModule(p: ProjectContext, modules: string[]): string | undefined {
  for (const m of modules) {
    const candidates = [m, m.replace(/([/\\])(?:dist|build|\.build|out|lib)([/\\])/, '$1src$2'), m.replace(/([/\\])(?:dist|build|\.build|out)([/\\])/, '$1')];
    for (const c of candidates) {
      const f = p.sourceFile(c);
      if (f) return f;
    }
  }
  return undefined;
}

/** The folder a CDK app runs in (where `cdk.json` is): relative paths in a stack are relative to it. */
function cdkAppDir(file: string, cwd: string): string {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'cdk.json'))) return d;
    if (path.dirname(d) === d || d === path.dirname(cwd)) break;
  }
  return path.dirname(file);
}

function applyDeclarations(p: ProjectContext, file: string, exportName: string, decls: Declared[]): void {
  const events = decls.flatMap((d) => d.events);
  const requests = events.filter((e) => REQUEST_EVENTS.has(e.event));
  // Named after what invokes it: the routes, else the events, with each function's name.
  const parts = decls.map((d) => {
    const routes = d.events.filter((e) => REQUEST_EVENTS.has(e.event)).map((e) => (e.path !== undefined ? `${e.method ?? 'ANY'} ${e.path}` : e.event));
    const others = [...new Set(d.events.filter((e) => !REQUEST_EVENTS.has(e.event)).map((e) => e.event))];
    const what = requests.length ? routes : others;
    return what.length ? `${[...new Set(what)].join(', ')} ${d.functionName}` : d.functionName;
  });
  const configKind = requests.length ? 'http-handler' : events.length ? 'actor' : undefined;

  // The walk's target for this export (in this file, or where a re-export leads).
  let owner = file;
  let existing = p.targets(file).filter((t) => t.framework === FRAMEWORK && t.meta?.lambdaExport === exportName);
  const resolved = p.resolveExport(file, exportName);
  if (!existing.length && resolved?.kind === 'function' && resolved.file !== file) {
    const there = p.targets(resolved.file).filter((t) => t.framework === FRAMEWORK && t.handlers.some((h) => h.kind === 'fn' && h.id === resolved.fn.id));
    if (there.length) {
      owner = resolved.file;
      existing = there;
    }
  }
  const base: Omit<TargetSummary, 'kind' | 'name'> | undefined = existing[0] ?? synthesize(p, file, exportName, resolved);
  if (!base) {
    p.diagnostic(`aws-lambda: ${p.display(file)}: export "${exportName}" (declared for ${decls.map((d) => d.functionName).join(', ')}) is missing, or hands requests to a web framework app whose routes are the targets`);
    return;
  }
  const typedEvent = typeof existing[0]?.meta?.lambdaEvent === 'string' ? (existing[0].meta.lambdaEvent as string) : undefined;
  const kind = configKind ?? (typedEvent && !isRequestEvent(typedEvent) ? 'actor' : configKind === undefined && !typedEvent ? 'actor' : 'http-handler');
  const name =
    configKind !== undefined ? `lambda ${parts.join('; ')}` : typedEvent ? `lambda ${typedEvent} ${parts.join('; ')}` : `lambda invoke ${parts.join('; ')}`;
  const target: TargetSummary = { ...base, kind, name, meta: { ...(base.meta ?? {}), lambdaExport: exportName } };
  const others = p.targets(owner).filter((t) => !existing.includes(t));
  p.setTargets(owner, [...others, target]);
}

/** A target for a declared export the walk found nothing about (an untyped handler, CommonJS, a custom wrapper). */
function synthesize(p: ProjectContext, file: string, exportName: string, resolved: ReturnType<ProjectContext['resolveExport']>): Omit<TargetSummary, 'kind' | 'name'> | undefined {
  const s = p.summary(file);
  const e = s?.exports[exportName];
  // A value the walk could not describe (`export const alexa = SkillBuilders.custom()….lambda()`) is still
  // the declared handler: reported at the top of the file.
  if (!s || !e || e.kind === 'star' || (!resolved && e.kind !== 'local')) return undefined;
  const ref: CallRef = e.kind === 'local' ? { kind: 'binding', ref: { kind: 'local', name: e.name } } : { kind: 'binding', ref: { kind: 'import', specifier: e.specifier, name: e.name } };
  let span: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (resolved?.kind === 'function' && resolved.file === file) span = spanAtId(resolved.fn.id);
  else if (resolved?.kind === 'value' && resolved.file === file) {
    const v = resolved.value;
    if (v.kind === 'function') span = spanAtId(v.id);
    else if (v.kind === 'call') {
      const c = v.call.callee;
      const of = c.kind === 'binding' ? c.ref : c.kind === 'member' ? c.of : undefined;
      if (of?.kind === 'import' && isAppAdapter(of.specifier)) return undefined;
      span = { line: v.call.line, column: 1, endLine: v.call.line, endColumn: 1 };
    }
    else if (v.kind === 'alias' && v.ref.kind === 'fn') span = spanAtId(v.ref.id);
    else if (v.kind === 'constant' || v.kind === 'object' || v.kind === 'typed' || v.kind === 'instance') return undefined;
  } else if (resolved?.kind === 'class' || resolved?.kind === 'module') return undefined;
  return { framework: FRAMEWORK, symbol: `lambda:${exportName}`, span, handlers: [ref], meta: { lambdaExport: exportName } };
}
