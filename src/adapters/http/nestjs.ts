// NestJS controllers: in a class decorated `@Controller(prefix?)`, every method decorated `@Get`, `@Post`, …
// (or `@RequestMapping`) from `@nestjs/common` is a route handler. Decorators are recognised by their
// import, so a project's own `Get` decorator or another framework's `@Controller` is not a route.
// Coverage: interceptors bound with `@UseInterceptors` on the controller or the method, and global
// interceptors (`app.useGlobalInterceptors(…)` on an app from `NestFactory`, `APP_INTERCEPTOR` providers).
// Inheritance: a controller extending a project class (a base controller, with or without `@Controller`)
// also serves the base's routes under its own path, and interceptors bound on the base class apply to it.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className, constantString } from '../util.js';
import { HTTP_METHODS, declareInheritance, findDecorator, interceptorCoverage, interceptorRef, nestCommonModel } from '../nestjs-common.js';
import { joinPathAlternatives } from '../../analysis/graph.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isArrayLiteralExpression,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isStringLiteral,
} = ts;

const ROUTE_KINDS = [...HTTP_METHODS.map((m) => `nest.${m}`), 'nest.RequestMapping'];
/** Global interceptors of an HTTP app cover its controllers; those of a microservice app cover its message handlers. */
const GLOBAL_SCOPE: Record<string, string> = { 'nest.app': 'nestjs', 'nest.microservice': 'nestjs-microservices' };
/** Frameworks whose handlers an HTTP app's global interceptors also wrap: GraphQL resolvers run in the same app. */
const APP_FRAMEWORKS = ['nestjs', 'nestjs-graphql'];

export default defineAdapter({
  name: 'nestjs',
  targetKind: 'http-handler',
  packages: ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/platform-fastify'],
  model: nestCommonModel,
  create(ctx) {
    const appGlobals: { receiver: string; scope: string; arg: ts.Expression; text: string }[] = [];
    const hybrid = new Set<string>();
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const controller = findDecorator(ctx, node, ['nest.Controller']);
      const methods = classMethods(node);
      // A class that is no controller matters only as a base: its routes and interceptors are inherited.
      if (!controller && !methods.some((m) => findDecorator(ctx, m.member, ROUTE_KINDS)) && !findDecorator(ctx, node, ['nest.UseInterceptors'])) return;
      const prefixes = controller ? (pathsOf(controller.args[0]) ?? ['<dynamic>']) : [''];
      const classCoverage = interceptorCoverage(ctx, node);
      const cls = className(node);
      const base = declareInheritance(ctx, node, {
        kind: 'http-handler',
        framework: 'nestjs',
        classCoverage,
        entry: !!controller,
        fill: { paths: prefixes },
        meta: { controller: cls },
      });
      for (const m of methods) {
        const route = findDecorator(ctx, m.member, ROUTE_KINDS);
        if (!route) continue;
        const paths = pathsOf(route.args[0]) ?? ['<dynamic>'];
        const path = joinPathAlternatives(prefixes, paths);
        const method = httpMethod(route.kind, route.args[0]);
        const methodCoverage = interceptorCoverage(ctx, m.member);
        const coveredBy = controller ? [...classCoverage, ...methodCoverage] : methodCoverage;
        ctx.addTarget({
          kind: 'http-handler',
          framework: 'nestjs',
          name: `${method} ${path}`,
          symbol: `${cls}.${m.name}`,
          span: ctx.span(m.member),
          handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }],
          ...(coveredBy.length ? { coveredBy } : {}),
          ...(base ? { inheritsFrom: base } : {}),
          inheritable: { class: cls, method: m.name, name: `${method} {path}`, paths, ...(controller ? {} : { abstract: true as const }) },
          meta: { controller: cls, path },
        });
      }
    };

    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
      // `app.useGlobalInterceptors(new TelemetryInterceptor())` on an app that comes from NestFactory (or a
      // parameter typed INestApplication / INestMicroservice).
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee)) return;
        const kind = ctx.kindOf(callee.expression);
        const scope = kind ? GLOBAL_SCOPE[kind] : undefined;
        if (!scope) return;
        const receiver = ctx.text(callee.expression);
        if (callee.name.text === 'setGlobalPrefix' && scope === 'nestjs') {
          // `app.setGlobalPrefix('api', { exclude: ['health'] })`: in front of every route's name (see graph.routeName).
          const prefix = node.arguments[0];
          const path = prefix && constantString(prefix);
          if (prefix && path !== undefined) {
            const options = node.arguments[1];
            const exclude = options && isObjectLiteralExpression(options) ? property(options, 'exclude') : undefined;
            ctx.addRegistration({
              receiver: 'nestjs',
              type: 'prefix',
              ref: { kind: 'binding', ref: { kind: 'local', name: receiver } },
              text: `${receiver}.setGlobalPrefix(${ctx.text(prefix)})`,
              line: ctx.span(node).line,
              path,
              ...(exclude ? { exclude: excludedPaths(exclude) } : {}),
            });
          }
        } else if (callee.name.text === 'useGlobalInterceptors') {
          for (const a of node.arguments) appGlobals.push({ receiver, scope, arg: a, text: `${receiver}.useGlobalInterceptors(${ctx.text(a).slice(0, 60)})` });
        } else if (callee.name.text === 'connectMicroservice' && inheritsAppConfig(node.arguments[1])) {
          hybrid.add(receiver);
        }
      },
      // A hybrid app's microservices get its global interceptors only with `connectMicroservice(…, { inheritAppConfig: true })`.
      end() {
        for (const g of appGlobals) {
          const scopes = g.scope === 'nestjs' ? APP_FRAMEWORKS : [g.scope];
          addGlobal(g.scope === 'nestjs' && hybrid.has(g.receiver) ? [...scopes, ...Object.values(GLOBAL_SCOPE)] : scopes, g.arg, g.text);
        }
      },
      // `{ provide: APP_INTERCEPTOR, useClass: TelemetryInterceptor }` in a module's providers: global to the app.
      ObjectLiteralExpression(node: ts.ObjectLiteralExpression) {
        const provide = property(node, 'provide');
        if (!provide || ctx.kindOf(provide) !== 'nest.APP_INTERCEPTOR') return;
        const value = property(node, 'useClass') ?? property(node, 'useExisting') ?? property(node, 'useValue');
        if (value) addGlobal([...APP_FRAMEWORKS, ...Object.values(GLOBAL_SCOPE)], value, `APP_INTERCEPTOR: ${ctx.text(value).slice(0, 60)}`);
      },
    };

    function addGlobal(scopes: string[], interceptor: ts.Expression, text: string) {
      const ref = interceptorRef(ctx, interceptor);
      if (!ref) return;
      for (const receiver of new Set(scopes)) ctx.addRegistration({ receiver, type: 'global', ref, text, line: ctx.span(interceptor).line });
    }

    function inheritsAppConfig(options: ts.Expression | undefined): boolean {
      const v = options && isObjectLiteralExpression(options) ? property(options, 'inheritAppConfig') : undefined;
      return v?.kind === ts.SyntaxKind.TrueKeyword;
    }

    /** The paths a `@Controller` / route decorator argument gives: none (`''`), literals, `{ path }`, arrays; undefined when computed. */
    function pathsOf(arg: ts.Expression | undefined): string[] | undefined {
      if (!arg) return [''];
      if (isStringLiteral(arg) || isNoSubstitutionTemplateLiteral(arg)) return [arg.text];
      if (isArrayLiteralExpression(arg)) {
        const all = arg.elements.map((e) => pathsOf(e));
        return all.every((p) => p !== undefined) ? all.flat() : undefined;
      }
      if (isObjectLiteralExpression(arg)) {
        const path = property(arg, 'path');
        return path ? pathsOf(path) : [''];
      }
      return undefined;
    }

    /** `@Post()` → POST; `@Sse()` streams over GET; `@RequestMapping({ path, method: RequestMethod.PUT })`, GET by default. */
    function httpMethod(kind: string, arg: ts.Expression | undefined): string {
      if (kind === 'nest.Sse') return 'GET';
      if (kind !== 'nest.RequestMapping') return kind.slice('nest.'.length).toUpperCase();
      const m = arg && isObjectLiteralExpression(arg) ? property(arg, 'method') : undefined;
      if (!m) return 'GET';
      if (isPropertyAccessExpression(m) && ctx.kindOf(m.expression) === 'nest.RequestMethod') return m.name.text;
      return '<dynamic method>';
    }
  },
});

/** `exclude: ['health', { path: 'docs/(.*)', method: RequestMethod.GET }]`: the literal paths. */
function excludedPaths(e: ts.Expression): string[] {
  if (!isArrayLiteralExpression(e)) return [];
  return e.elements.flatMap((x) => {
    const p = isObjectLiteralExpression(x) ? property(x, 'path') : x;
    return p && (isStringLiteral(p) || isNoSubstitutionTemplateLiteral(p)) ? [p.text] : [];
  });
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}
