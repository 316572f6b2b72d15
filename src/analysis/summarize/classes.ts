// Classes in the walk: a class's summary (name, decorators, heritage, methods, typed properties), pushed
// on entering the class and popped after its contents.
import { ts } from '#ts';
import type { ClassSummary } from '../../types.js';
import { dict } from './data.js';
import { kindOf, kindOfType } from './kinds.js';
import { fnId, span } from './positions.js';
import { bindingRefOf, bindingRefOfEntity, refOf } from './refs.js';
import type { WalkState } from './scopes.js';
import { decoratorName, decoratorsOf, hasModifier, propName, unwrap } from './syntax.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter.
const SK = ts.SyntaxKind;
const { isArrowFunction, isFunctionExpression, isIdentifier, isNewExpression, isPropertyDeclaration, isTypeReferenceNode, isVariableDeclaration } = ts;

export function enterClass(w: WalkState, node: ts.ClassLikeDeclaration): void {
  let name = node.name?.text;
  if (!name && node.parent && isVariableDeclaration(node.parent) && isIdentifier(node.parent.name)) name = node.parent.name.text;
  if (!name) name = hasModifier(node, SK.DefaultKeyword) ? 'default' : '<class>';
  const cls: ClassSummary = {
    name,
    span: span(w, node),
    exported: w.exportedLocals.has(name) || hasModifier(node, SK.ExportKeyword),
    decorators: decoratorsOf(node).map(decoratorName).filter((n): n is string => !!n),
    methods: dict(),
    properties: dict(),
  };
  for (const d of decoratorsOf(node)) {
    const ref = refOf(w, d.expression);
    if (ref) (cls.decoratorRefs ??= []).push(ref);
  }
  for (const h of node.heritageClauses ?? []) {
    for (const t of h.types) {
      const ref = bindingRefOf(w, t.expression);
      if (!ref) continue;
      if (h.token === SK.ExtendsKeyword) cls.extends = ref;
      else (cls.implements ??= []).push(ref);
    }
  }
  // Pushed first: property initializers may read earlier properties (`consumer = this.kafka.consumer()`).
  w.classStack.push(cls);
  w.classNodes.push(node);
  // Property declarations are known before method bodies are walked (`this.tracer` used above its declaration).
  for (const m of node.members) {
    if (isPropertyDeclaration(m)) {
      const n = propName(m.name);
      if (n) recordProperty(w, cls, n, m.type, m.initializer);
      if (n && m.initializer && (isArrowFunction(m.initializer) || isFunctionExpression(m.initializer))) {
        cls.methods[n] = fnId(w, m.initializer);
      }
    } else if (m.kind === SK.GetAccessor && (m as ts.GetAccessorDeclaration).type) {
      // A typed getter reads like a typed property: `private get tracer(): Tracer { … }` then `this.tracer.startSpan(…)`.
      const g = m as ts.GetAccessorDeclaration;
      const n = propName(g.name);
      if (n && !cls.propertyTypes?.[n]) recordProperty(w, cls, n, g.type, undefined);
    }
  }
  if (!w.summary.classes[name] || w.scopes.length === 1) w.summary.classes[name] = cls;
}

/** After a class's contents: what `enterClass` pushed. */
export function leaveClass(w: WalkState): void {
  w.classStack.pop();
  w.classNodes.pop();
}

export function recordProperty(w: WalkState, cls: ClassSummary, name: string, type: ts.TypeNode | undefined, init: ts.Expression | undefined): void {
  const kind = kindOfType(w, type) ?? (init ? kindOf(w, init) : undefined);
  if (kind) (cls.propertyTypes ??= {})[name] = kind;
  if (type && isTypeReferenceNode(type)) {
    const ref = bindingRefOfEntity(w, type.typeName);
    if (ref) cls.properties[name] = ref;
  } else if (init) {
    const e = unwrap(init);
    if (isNewExpression(e)) {
      const ref = bindingRefOf(w, e.expression);
      if (ref) cls.properties[name] = ref;
    }
  }
}
