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
    const value = typed && !decl?.type ? `${err} as Error` : err;
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
