// What `--fix` writes for otel/span-lifecycle: in a catch inside a span's scope that neither records the
// exception nor sets an error status, `span.recordException(err)` and `span.setStatus({ code:
// SpanStatusCode.ERROR })` at the top of the catch block, with the catch variable added when there is none
// and `SpanStatusCode` imported (added to the file's import of the API, or a new import) when it is not.
// The names come from the library model (emissions.ts SPAN_LIFECYCLE.recordError).
import { ts } from '#ts';
import { SPAN_LIFECYCLE } from './emissions.js';
import { fileQuote } from './message-template.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The edits for `catches` of the span held in `span`; undefined when one of them cannot be fixed safely. */
export function recordFix(ctx: { sourceFile: ts.SourceFile; file: string }, span: string, catches: readonly ts.CatchClause[]): Edit[] | undefined {
  const sf = ctx.sourceFile;
  const model = SPAN_LIFECYCLE.recordError;
  const status = statusReference(sf, model);
  if (!status) return undefined;
  const typed = /\.[cm]?tsx?$/.test(ctx.file);
  const edits: Edit[] = status.edit ? [status.edit] : [];
  for (const clause of catches) {
    const decl = clause.variableDeclaration;
    if (decl && !ts.isIdentifier(decl.name)) return undefined;
    const err = decl ? (decl.name as ts.Identifier).text : 'err';
    // `catch {` gets a variable: `catch (err) {`.
    if (!decl) edits.push({ start: clause.getStart(sf) + 'catch'.length, end: clause.getStart(sf) + 'catch'.length, text: ` (${err})` });
    const block = clause.block;
    const clauseIndent = indentOf(sf, clause.parent.getStart(sf));
    const first = block.statements[0];
    const indent = first ? indentOf(sf, first.getStart(sf)) : `${clauseIndent}  `;
    // `catch (err: unknown)` needs the cast as much as `catch (err)`; `catch (err: any)` does not.
    const value = typed && decl?.type?.kind !== ts.SyntaxKind.AnyKeyword ? `${err} as Error` : err;
    const lines = `\n${indent}${span}.${model.record}(${value});\n${indent}${span}.${model.setStatus}({ code: ${status.name}.${model.errorMember} });`;
    const open = block.getStart(sf) + 1;
    edits.push({ start: open, end: open, text: first ? lines : `${lines}\n${clauseIndent}` });
  }
  return edits;
}

/** How the file names the status enum, and the import edit that makes it available when it is not. */
function statusReference(sf: ts.SourceFile, model: typeof SPAN_LIFECYCLE.recordError): { name: string; edit?: Edit } | undefined {
  let lastImport: ts.ImportDeclaration | undefined;
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st)) continue;
    lastImport = st;
    if (!ts.isStringLiteral(st.moduleSpecifier) || st.moduleSpecifier.text !== model.module || st.importClause?.isTypeOnly) continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return { name: `${bindings.name.text}.${model.statusEnum}` };
    if (bindings && ts.isNamedImports(bindings)) {
      const found = bindings.elements.find((e) => (e.propertyName ?? e.name).text === model.statusEnum && !e.isTypeOnly);
      if (found) return { name: found.name.text };
      const last = bindings.elements[bindings.elements.length - 1];
      if (last) return { name: model.statusEnum, edit: { start: last.getEnd(), end: last.getEnd(), text: `, ${model.statusEnum}` } };
    }
  }
  // No import of the API to extend: a new one after the last import (ES modules only).
  if (!lastImport) return undefined;
  const quote = fileQuote(sf);
  return { name: model.statusEnum, edit: { start: lastImport.getEnd(), end: lastImport.getEnd(), text: `\nimport { ${model.statusEnum} } from ${quote}${model.module}${quote};` } };
}

function indentOf(sf: ts.SourceFile, pos: number): string {
  const lineStart = sf.text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(sf.text.slice(lineStart, pos))![0];
}

/**
 * The edit for a span whose end is missed on some path (otel/span-lifecycle `neverEnded`, `unendedExit`):
 * the statements of its scope after its creation (`const span = tracer.startSpan(…)`), or the whole body of
 * a `startActiveSpan` callback, wrapped in `try { … } finally { span.end(); }`, those lines re-indented by
 * the file's indent unit and no others. Undefined, so no fix, when that could change what the code does or
 * leave the span ended twice: the span escapes (used other than as `span.method(…)`, or in a nested
 * function), the scope starts another span, an existing `span.end()` is not one the finally replaces
 * exactly (a statement right before a return or throw of a value that calls nothing, or the last one of the
 * scope; those are removed), a function is declared among the wrapped statements, or the lines do not
 * allow a clean wrap (the creation and the next statement, or the last one and the closing brace, share a line).
 */
export function endFix(sf: ts.SourceFile, span: string, call: ts.CallExpression, scope: ts.Node, creation: ts.Statement | undefined, starts: ReadonlyMap<string, unknown>): Edit[] | undefined {
  if (!ts.isBlock(scope)) return undefined;
  const fn = scope.parent;
  if (!fn || !ts.isFunctionLike(fn) || (fn as ts.FunctionLikeDeclaration).asteriskToken) return undefined;
  const statements = scope.statements;
  const from = creation ? statements.indexOf(creation) + 1 : 0;
  if (creation && from === 0) return undefined;
  const region = statements.slice(from);
  if (!region.length) return undefined;
  const text = sf.text;
  // Who uses the span, and how; and no second span.
  let ok = true;
  let startCount = 0;
  const removable: ts.ExpressionStatement[] = [];
  const visit = (node: ts.Node, nested: boolean): void => {
    if (!ok) return;
    if (ts.isIdentifier(node) && node.text === span && !isPropertyName(node)) {
      const access = node.parent;
      const call = access?.parent;
      const isMethodCall = ts.isPropertyAccessExpression(access) && access.expression === node && ts.isCallExpression(call) && call.expression === access && !access.questionDotToken;
      if (nested || !isMethodCall) {
        ok = false;
        return;
      }
      if (access.name.text === 'end') {
        const st = call.parent;
        if (!ts.isExpressionStatement(st) || call.arguments.length || !endReplaceable(st)) {
          ok = false;
          return;
        }
        removable.push(st);
      }
    }
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && !nested && region.includes(node as ts.Statement)) {
      ok = false;
      return;
    }
    const inner = nested || (ts.isFunctionLike(node) && node !== fn);
    ts.forEachChild(node, (c) => visit(c, inner));
  };
  for (const st of region) visit(st, false);
  // A variable declared among the wrapped statements becomes local to the try: no fix if code before it
  // (a function declared earlier in the scope) names it.
  const declared = new Set(region.flatMap((st) => (ts.isVariableStatement(st) ? st.declarationList.declarations.flatMap((d) => boundNames(d.name)) : [])));
  if (declared.size) {
    const before = (node: ts.Node): boolean => (ts.isIdentifier(node) && declared.has(node.text)) || !!ts.forEachChild(node, (c) => (before(c) ? true : undefined));
    if (statements.slice(0, from).some(before)) return undefined;
  }
  const countStarts = (node: ts.Node): void => {
    if (node !== call && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && starts.has(node.expression.name.text)) startCount++;
    ts.forEachChild(node, countStarts);
  };
  countStarts(scope);
  if (!ok || startCount) return undefined;
  // Line layout: the wrapped lines are whole lines.
  const lineStart = (pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
  const anchorEnd = creation ? creation.getEnd() : scope.getStart(sf) + 1;
  const afterAnchor = text.indexOf('\n', anchorEnd);
  if (afterAnchor < 0 || !/^[ \t]*(\/\/.*)?\r?$/.test(text.slice(anchorEnd, afterAnchor))) return undefined;
  const regionStart = afterAnchor + 1;
  const close = scope.getEnd() - 1;
  const closeLine = lineStart(close);
  if (!/^[ \t]*$/.test(text.slice(closeLine, close)) || closeLine <= regionStart) return undefined;
  let regionEnd = closeLine - 1;
  if (text[regionEnd - 1] === '\r') regionEnd--;
  const eol = text[regionEnd] === '\r' ? '\r\n' : '\n';
  const first = region[0].getStart(sf);
  const indent = /^[ \t]*/.exec(text.slice(lineStart(first), first))![0];
  const unit = indentUnit(sf, scope, indent);
  // Lines that start inside a string or template literal keep their text.
  const literal: [number, number][] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) literal.push([node.getStart(sf), node.getEnd()]);
    else if (ts.isJsxText(node)) literal.push([node.getStart(sf), node.getEnd()]);
    else ts.forEachChild(node, collect);
  };
  for (const st of region) collect(st);
  // Removed `span.end();` lines (or the statement alone when it shares its line).
  const cuts = removable.map((st) => {
    const s = st.getStart(sf);
    const ls = lineStart(s);
    const le = text.indexOf('\n', st.getEnd());
    const alone = /^[ \t]*$/.test(text.slice(ls, s)) && le >= 0 && /^[ \t]*\r?$/.test(text.slice(st.getEnd(), le));
    return alone ? { start: ls, end: le + 1 } : { start: s, end: st.getEnd() };
  });
  const lines: string[] = [];
  let pos = regionStart;
  while (pos <= regionEnd) {
    const whole = cuts.find((c) => c.start === pos && c.end - c.start > 0 && text.slice(c.start, c.end).endsWith('\n'));
    if (whole) {
      pos = whole.end;
      continue;
    }
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > regionEnd) nl = regionEnd;
    let line = text.slice(pos, nl);
    // Statement cuts within the line.
    for (const c of cuts.filter((c) => c.start >= pos && c.end <= nl).sort((a, b) => b.start - a.start)) line = line.slice(0, c.start - pos) + line.slice(c.end - pos);
    const inLiteral = literal.some(([s, e]) => s < pos && pos < e);
    lines.push(inLiteral || /^[ \t]*\r?$/.test(line) ? line : unit + line);
    pos = nl + 1;
  }
  const out = lines.join('\n');
  const wrapped = `${indent}try {${eol}${out}${eol}${indent}} finally {${eol}${indent}${unit}${span}.end();${eol}${indent}}`;
  return [{ start: regionStart, end: regionEnd, text: wrapped }];

  /** `span.end();` right before a return or throw whose value calls nothing, or the last statement of the wrapped scope. */
  function endReplaceable(st: ts.ExpressionStatement): boolean {
    const parent = st.parent;
    if (!ts.isBlock(parent) && !ts.isSourceFile(parent) && !ts.isCaseClause(parent) && !ts.isDefaultClause(parent)) return false;
    const list = parent.statements;
    const i = list.indexOf(st);
    if (parent === scope && i === list.length - 1) return true;
    const next = list[i + 1];
    if (!next || !(ts.isReturnStatement(next) || ts.isThrowStatement(next))) return false;
    return !next.expression || !callsAnything(next.expression);
  }
}

function boundNames(n: ts.BindingName): string[] {
  return ts.isIdentifier(n) ? [n.text] : n.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}

function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id) || (ts.isMethodDeclaration(p) && p.name === id) || (ts.isPropertyDeclaration(p) && p.name === id);
}

function callsAnything(e: ts.Node): boolean {
  if (ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isAwaitExpression(e) || ts.isTaggedTemplateExpression(e) || ts.isYieldExpression(e) || ts.isFunctionLike(e)) return true;
  return !!ts.forEachChild(e, (c) => (callsAnything(c) ? true : undefined));
}

/** The file's indent unit: what the scope's statements add to the line that opens it, else the first indented line's. */
export function indentUnit(sf: ts.SourceFile, scope: ts.Node, inner: string): string {
  const text = sf.text;
  const open = scope.getStart(sf);
  const ls = text.lastIndexOf('\n', open - 1) + 1;
  const outer = /^[ \t]*/.exec(text.slice(ls, open))![0];
  if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? (m[1].startsWith('\t') ? '\t' : m[1].length >= 4 && m[1].length % 4 === 0 && !/\n {2}\S/.test(text) ? '    ' : '  ') : '  ';
}
