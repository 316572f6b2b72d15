// Rendering is running: `<PageViewTracker />` in a page runs that component (its effects on mount), and
// `onClick={trackCheckout}` hands the page's clicks to that function. The walk records calls only, so the
// UI adapters record these as calls of the enclosing component, for the graph to follow like any call.
import { ts } from 'ts-morph';
import type { ScanContext, Visitor } from '../../analysis/plugin.js';

/** Elements already recorded: several UI adapters can apply to one file (a page that a glob also names). */
const recorded = new WeakSet<ts.Node>();

export function jsxRenders(ctx: ScanContext): Visitor {
  const record = (node: ts.JsxOpeningElement | ts.JsxSelfClosingElement) => {
    const fn = ctx.currentFunction();
    if (!fn || recorded.has(node)) return;
    recorded.add(node);
    const tag = node.tagName;
    // Lower-case tags are host elements (`<div>`), not components.
    const isComponent = !(ts.isIdentifier(tag) && /^[a-z]/.test(tag.text)) && tag.kind !== ts.SyntaxKind.ThisKeyword;
    const callee = isComponent ? ctx.refOf(tag) : undefined;
    const line = ctx.span(node).line;
    if (callee) fn.calls.push({ callee, text: `<${ctx.text(tag)}>`, line });
    for (const attr of node.attributes.properties) {
      if (!ts.isJsxAttribute(attr) || !ts.isIdentifier(attr.name) || !/^on[A-Z]/.test(attr.name.text)) continue;
      const value = attr.initializer && ts.isJsxExpression(attr.initializer) ? attr.initializer.expression : undefined;
      // Inline handlers are closures of the component already; a named function is followed from here.
      if (!value || ts.isArrowFunction(value) || ts.isFunctionExpression(value)) continue;
      const ref = ctx.refOf(value);
      if (ref) fn.calls.push({ callee: ref, text: `${attr.name.text}={${ctx.text(value).slice(0, 60)}}`, line: ctx.span(attr).line });
    }
  };
  return {
    [ts.SyntaxKind.JsxOpeningElement]: record,
    [ts.SyntaxKind.JsxSelfClosingElement]: record,
  };
}
