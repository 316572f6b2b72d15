// Resolver maps wherever they are written (used by the graphql adapter, not an adapter itself): the fields of
// `Query`, `Mutation` and `Subscription` become targets on the unit (`meta.receiver`) that declares them, and
// the links between maps — spread, merged, listed, or holding an operation type's object written in another
// module — become mount registrations. A map is an entry point when a server is given it (the server's mount
// is `root`, see TargetSummary.mountedOnly) or when its type says so (GraphQL Code Generator's `Resolvers`,
// `QueryResolvers`, … from a generated module; graphql-tools' `IResolvers`).
//
// Every file's top-level statements are looked at, files that import nothing from GraphQL included (maps are
// plain objects): one object per file, prototype methods, no text read unless a statement may hold a map.
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { CallRef, CoverageRef, Span } from '../types.js';
import { OPERATION_TYPES, keyOf, skipOuter } from './graphql-common.js';

const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBlock,
  isCallExpression,
  isExportAssignment,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isTypeReferenceNode,
  isVariableStatement,
} = ts;
const SK = ts.SyntaxKind;

export const FRAMEWORK = 'graphql';
/** Kinds the graphql adapter's model gives merge helpers and library resolver-map types. */
export const MERGE_KIND = 'gql.merge';
export const RESOLVERS_TYPE_KIND = 'gql.resolversType';

/** `Resolvers`, `QueryResolvers`, … (optionally `I`-prefixed, GraphQL Code Generator's `typesPrefix`). */
const CODEGEN_TYPE = /^I?(Query|Mutation|Subscription)?Resolvers$/;
const RESOLVER_NAME = /resolver/i;

/** How fields found now are declared. */
export interface How {
  coveredBy?: CoverageRef[];
  server?: string;
  /** Given to a server here: the fields exist whatever else happens, and what they mount is served. */
  root?: boolean;
  /** Typed as resolvers: an entry point by declaration. */
  typed?: boolean;
}

export class MapScanner {
  private readonly resolverFile: boolean;

  constructor(private readonly ctx: ScanContext) {
    this.resolverFile = RESOLVER_NAME.test(ctx.file);
  }

  /** The file's top-level maps, composites and map factories. */
  scanTopLevel(): void {
    for (const st of this.ctx.sourceFile.statements) {
      if (isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (isIdentifier(d.name) && d.initializer) this.considerValue(d.name.text, d.type, d.initializer, d);
        }
      } else if (isExportAssignment(st) && !st.isExportEquals) {
        if (!isIdentifier(skipOuter(st.expression))) this.considerValue('default', undefined, st.expression, st);
      } else if (isFunctionDeclaration(st) && st.body) {
        this.considerFactory(st.name?.text ?? 'default', st, st.type);
      }
    }
  }

  /** A top-level value: a map, one operation type's fields, one field, a composite of maps, or a function returning a map. */
  private considerValue(name: string, declared: ts.TypeNode | undefined, init: ts.Expression, at: ts.Node): void {
    let type = declared;
    let e: ts.Expression = init;
    while (isSatisfiesExpression(e) || isAsExpression(e) || isParenthesizedExpression(e)) {
      if (!isParenthesizedExpression(e)) type ??= e.type;
      e = e.expression;
    }
    const kind = e.kind;
    if (
      kind !== SK.ObjectLiteralExpression &&
      kind !== SK.ArrayLiteralExpression &&
      kind !== SK.CallExpression &&
      kind !== SK.ArrowFunction &&
      kind !== SK.FunctionExpression
    ) {
      return;
    }
    // One field per module (GraphQL Code Generator's server preset): `export const orders: NonNullable<QueryResolvers['orders']> = …`.
    const single = type && this.fieldOfType(type);
    if (single) {
      const handler = isObjectLiteralExpression(e) ? this.subscribeOrResolve(e, single.role) : this.handlerRef(e);
      if (handler) this.addField(name, single.role, single.field, handler, this.ctx.span(at), { typed: true });
      return;
    }
    const typed = type && this.roleOfType(type);
    if (isArrowFunction(e) || isFunctionExpression(e)) return this.considerFactory(name, e, e.type ?? returnTypeOf(type));
    if (isObjectLiteralExpression(e)) {
      const role = typed && typed !== 'map' ? typed : !typed && OPERATION_TYPES.has(name) ? name : undefined;
      if (role) return this.roleTargets(name, role, e, { typed: !!typed });
      if (typed === 'map' || hasOperationKey(e)) return this.mapTargets(name, e, { typed: !!typed });
      // `{ ...orderResolvers, ...userResolvers }`
      if (!e.properties.some(isSpreadAssignment)) return;
      const spreads = e.properties.filter(isSpreadAssignment).map((p) => p.expression);
      if (typed || this.resolverish(name, spreads)) for (const s of spreads) this.mount(name, s, undefined, !!typed);
      return;
    }
    if (isArrayLiteralExpression(e)) {
      // `[orderResolvers, userResolvers]`: a short list of names (data tables are neither).
      if (e.elements.length > 64 || !e.elements.every((el) => isIdentifier(el) || isPropertyAccessExpression(el) || isSpreadElement(el) || isCallExpression(el))) return;
      const elements = e.elements.map((el) => (isSpreadElement(el) ? el.expression : el));
      if (typed || this.resolverish(name, elements)) for (const el of elements) this.mount(name, el, undefined, !!typed);
      return;
    }
    if (isCallExpression(e) && this.ctx.kindOf(e.expression) === MERGE_KIND && (typed || this.resolverish(name, e.arguments))) this.composite(name, e, !!typed);
  }

  /** `merge({}, orders, users)`, `mergeResolvers([orders, users])`: each argument is mounted on the result. */
  private composite(name: string, call: ts.CallExpression, typed: boolean): void {
    for (const a of call.arguments) {
      const x = skipOuter(isSpreadElement(a) ? a.expression : a);
      if (isArrayLiteralExpression(x)) for (const el of x.elements) this.mount(name, isSpreadElement(el) ? el.expression : el, undefined, typed);
      else if (isObjectLiteralExpression(x) && hasOperationKey(x)) this.mapTargets(name, x, { typed });
      else if (!isObjectLiteralExpression(x)) this.mount(name, x, undefined, typed);
    }
  }

  /** A function that returns a map (`export const createResolvers = (deps) => ({ Query: … })`): known by its name. */
  private considerFactory(name: string, fn: ts.FunctionLikeDeclaration, returnType: ts.TypeNode | undefined): void {
    const body = fn.body;
    if (!body) return;
    const typed = returnType && this.roleOfType(returnType);
    if (!isBlock(body)) return this.factoryResult(name, body as ts.Expression, typed);
    for (const st of body.statements) if (isReturnStatement(st) && st.expression) this.factoryResult(name, st.expression, typed);
  }

  private factoryResult(name: string, returned: ts.Expression, typed: string | undefined): void {
    const e = skipOuter(returned);
    if (!isObjectLiteralExpression(e)) return;
    if (typed && typed !== 'map') this.roleTargets(name, typed, e, { typed: true });
    else if (typed === 'map' || hasOperationKey(e)) this.mapTargets(name, e, { typed: !!typed });
  }

  /** The operation fields of a whole map (`{ Query: {…}, Mutation: {…}, Order: {…} }`) declared on `receiver`. */
  mapTargets(receiver: string, map: ts.ObjectLiteralExpression, how: How): void {
    const root = how.root || how.typed;
    for (const p of map.properties) {
      if (isSpreadAssignment(p)) {
        this.mount(receiver, p.expression, undefined, root);
        continue;
      }
      const role = keyOf(p);
      if (!role || !OPERATION_TYPES.has(role)) continue;
      if (isShorthandPropertyAssignment(p)) this.mount(receiver, p.name, role, root);
      else if (isPropertyAssignment(p)) {
        const v = skipOuter(p.initializer);
        if (isObjectLiteralExpression(v)) this.roleTargets(receiver, role, v, how);
        else this.mount(receiver, v, role, root);
      }
    }
  }

  /** The fields of one operation type's resolvers (`{ orders() {…}, createOrder: traced(…) }`). */
  private roleTargets(receiver: string, role: string, obj: ts.ObjectLiteralExpression, how: How): void {
    for (const p of obj.properties) {
      if (isSpreadAssignment(p)) {
        this.mount(receiver, p.expression, role, how.root || how.typed);
        continue;
      }
      const field = keyOf(p);
      if (!field) continue;
      let handler: CallRef | undefined;
      if (isMethodDeclaration(p)) handler = p.body ? { kind: 'fn', id: this.ctx.fnId(p) } : undefined;
      else if (isShorthandPropertyAssignment(p)) handler = this.ctx.refOf(p.name);
      else if (isPropertyAssignment(p)) {
        const v = skipOuter(p.initializer);
        handler = isObjectLiteralExpression(v) ? this.subscribeOrResolve(v, role) : this.handlerRef(v);
      }
      if (handler) this.addField(receiver, role, field, handler, this.ctx.span(p), how);
    }
  }

  /** `{ subscribe, resolve }`: a subscription's `subscribe` runs per operation, `resolve` maps each event; other fields may be `{ resolve }`. */
  private subscribeOrResolve(config: ts.ObjectLiteralExpression, role: string): CallRef | undefined {
    const key = role === 'Subscription' ? 'subscribe' : 'resolve';
    for (const p of config.properties) {
      if (keyOf(p) !== key) continue;
      if (isMethodDeclaration(p)) return p.body ? { kind: 'fn', id: this.ctx.fnId(p) } : undefined;
      if (isPropertyAssignment(p)) return this.handlerRef(p.initializer);
      if (isShorthandPropertyAssignment(p)) return this.ctx.refOf(p.name);
    }
    return undefined;
  }

  private handlerRef(v: ts.Expression): CallRef | undefined {
    const e = skipOuter(v);
    if (isArrowFunction(e) || isFunctionExpression(e)) return { kind: 'fn', id: this.ctx.fnId(e) };
    return this.ctx.refOf(e);
  }

  private addField(receiver: string, role: string, field: string, handler: CallRef, span: Span, how: How): void {
    const name = `${role}.${field}`;
    this.ctx.addTarget({
      kind: 'http-handler',
      framework: FRAMEWORK,
      name,
      symbol: name,
      span,
      handlers: [handler],
      ...(how.coveredBy?.length ? { coveredBy: how.coveredBy } : {}),
      meta: how.server ? { receiver, server: how.server } : { receiver },
      ...(how.root || how.typed ? {} : { mountedOnly: true }),
    });
  }

  /**
   * `child` (a map, a composite, an operation type's object, a schema; here or imported) is part of
   * `receiver`; `role`: it holds that operation type's fields. `orders.Query` stands for `orders`.
   */
  mount(receiver: string, child: ts.Expression, role: string | undefined, root: boolean | undefined): void {
    let e = skipOuter(child);
    if (isSpreadElement(e)) e = skipOuter(e.expression);
    if (isPropertyAccessExpression(e) && OPERATION_TYPES.has(e.name.text)) e = skipOuter(e.expression);
    if (isCallExpression(e)) {
      if (this.isMerge(e)) {
        for (const a of e.arguments) this.mount(receiver, a, role, root);
        return;
      }
      e = e.expression; // a factory: `createResolvers(deps)`
    }
    if (!isIdentifier(e) && !isPropertyAccessExpression(e)) return;
    const ctx = this.ctx;
    let ref = ctx.refOf(e);
    // A function of this file is known by its name, as a factory's maps are.
    if (ref?.kind === 'fn' && isIdentifier(e)) ref = { kind: 'binding', ref: { kind: 'local', name: e.text } };
    if (!ref || ref.kind === 'fn' || ref.kind === 'call') return;
    ctx.addRegistration({ receiver, type: 'mount', ref, text: ctx.text(e).slice(0, 60), line: ctx.span(e).line, ...(role ? { path: role } : {}), ...(root ? { root } : {}) });
  }

  isMerge(call: ts.CallExpression): boolean {
    if (this.ctx.kindOf(call.expression) === MERGE_KIND) return true;
    const c = call.expression;
    return isPropertyAccessExpression(c) && isIdentifier(c.expression) && c.expression.text === 'Object' && c.name.text === 'assign';
  }

  /** A composite whose name, parts or file say it holds resolvers (`resolvers/index.ts`, `[orderResolvers, …]`). */
  private resolverish(name: string, parts: readonly ts.Expression[]): boolean {
    if (this.resolverFile || RESOLVER_NAME.test(name)) return true;
    for (const p of parts) {
      let e = skipOuter(p);
      if (isPropertyAccessExpression(e)) e = e.name;
      if (isIdentifier(e) && RESOLVER_NAME.test(e.text)) return true;
    }
    return false;
  }

  /** `QueryResolvers['orders']`, `NonNullable<QueryResolvers['orders']>`, `Required<…>`: one field of an operation type. */
  private fieldOfType(type: ts.TypeNode): { role: string; field: string } | undefined {
    let t = type;
    while (isTypeReferenceNode(t) && t.typeArguments?.length === 1 && isIdentifier(t.typeName) && (t.typeName.text === 'NonNullable' || t.typeName.text === 'Required')) t = t.typeArguments[0];
    if (!ts.isIndexedAccessTypeNode(t) || !ts.isLiteralTypeNode(t.indexType)) return undefined;
    const literal = t.indexType.literal;
    if (!ts.isStringLiteral(literal)) return undefined;
    const role = this.roleOfType(t.objectType);
    return role && OPERATION_TYPES.has(role) ? { role, field: literal.text } : undefined;
  }

  /**
   * What a type annotation says a value is: `map` (`Resolvers` of GraphQL Code Generator from a project
   * module, `IResolvers` of graphql-tools), an operation type (`QueryResolvers`), or nothing.
   */
  private roleOfType(type: ts.TypeNode): string | undefined {
    if (!isTypeReferenceNode(type)) return undefined;
    const n = type.typeName;
    const id = isIdentifier(n) ? n : isIdentifier(n.left) ? n.left : undefined;
    const last = isIdentifier(n) ? n.text : n.right.text;
    const imp = id ? this.ctx.summary.imports[id.text] : undefined;
    if (!imp) return undefined;
    if (isIdentifier(n) ? this.ctx.kindOf(n) === RESOLVERS_TYPE_KIND : last === 'IResolvers' && /^(@graphql-tools\/|graphql-tools$|apollo-server|mercurius$)/.test(imp.specifier)) return 'map';
    const m = CODEGEN_TYPE.exec(last);
    if (!m || !generatedModule(imp.specifier)) return undefined;
    return m[1] ?? 'map';
  }
}

export function hasOperationKey(obj: ts.ObjectLiteralExpression): boolean {
  for (const p of obj.properties) {
    const k = p.kind === SK.SpreadAssignment ? undefined : keyOf(p);
    if (k && OPERATION_TYPES.has(k)) return true;
  }
  return false;
}

/** A module written by a code generator: a project module (relative) or one whose path says so. */
function generatedModule(specifier: string): boolean {
  return specifier.startsWith('.') || /generated|graphql|gql|resolvers-types|schema-types/i.test(specifier);
}

function returnTypeOf(type: ts.TypeNode | undefined): ts.TypeNode | undefined {
  return type && ts.isFunctionTypeNode(type) ? type.type : undefined;
}

