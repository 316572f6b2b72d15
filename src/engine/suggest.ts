// Suggestions (`--fix --unsafe`): edits that add telemetry to a target the rules found uninstrumented (an
// HTTP handler, a message handler). Not behaviour-preserving in the strict sense (a span is started, a
// dependency on the tracing API added), so never applied by a plain `--fix`. One per finding, in the first
// form that applies:
//   1. a project wrapper (config `fix.wrapper: { module, name }`) around the handler at its registration:
//      `app.get('/x', withSpan('GET /x', handler))`, the import added;
//   2. a NestJS handler method, with nestjs-otel a dependency of the package or imported by the file:
//      `@Span('GET /orders/:id')` above the method, the import added;
//   3. the handler's body inside `tracer.startActiveSpan(name, (span) => { try { … } catch (err) { record,
//      set error status, rethrow } finally { span.end(); } })`, its value returned; the tracer is the one a
//      project module exports (found across files by the judge) or a module-level
//      `const tracer = trace.getTracer('<package name>')`, the API imported (an existing import extended).
// Span names are the targets' names. Edits the suggestions of one file share (an import, the tracer) are
// written identically, so fix.ts applies them once.
import fs from 'node:fs';
import path from 'node:path';
import { ts } from '#ts';
import { fileQuote } from '../analysis/message-template.js';
import { indentUnit } from '../analysis/span-fixes.js';
import { toPosix } from './paths.js';
import { SUGGESTING_RULES } from './suggesting-rules.js';
import type { Finding, Fix, FixEdit } from '../types.js';

export { SUGGESTING_RULES };

const API = '@opentelemetry/api';

export interface SuggestContext {
  /** The working directory (findings' and `tracer.file`'s paths are relative to it). */
  cwd: string;
  /** Config `fix.wrapper`: a package name, or an absolute path for a module of the project. */
  wrapper?: { module: string; name: string };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** `findings` (sorted by file) with their suggestions, each file read and parsed once (`stdinText` stands for the file it names). */
export function addSuggestions(findings: Finding[], ctx: SuggestContext, stdinText?: { file: string; text: string }): Finding[] {
  // Findings come sorted by file: one tree is held at a time.
  let current: { file: string; sf: ts.SourceFile | undefined } | undefined;
  const packages = new Map<string, Package | undefined>();
  return findings.map((f) => {
    if (!SUGGESTING_RULES.has(f.ruleId) || !f.target || f.suggestions) return f;
    if (current?.file !== f.file) {
      let sf: ts.SourceFile | undefined;
      try {
        sf = parse(path.resolve(ctx.cwd, f.file), stdinText?.file === f.file ? stdinText.text : fs.readFileSync(path.resolve(ctx.cwd, f.file), 'utf8'));
      } catch {
        sf = undefined;
      }
      current = { file: f.file, sf };
    }
    const sf = current.sf;
    const s = sf && suggestionIn(sf, f, ctx, packages);
    return s ? { ...f, suggestions: [s] } : f;
  });
}

function parse(abs: string, text: string): ts.SourceFile {
  return ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, scriptKind(abs));
}

/** The suggestion for an uninstrumented target's finding, computed on `text` (the file's current text). */
export function suggestionFor(text: string, f: Finding, ctx: SuggestContext): { desc: string; fix: Fix } | undefined {
  if (!SUGGESTING_RULES.has(f.ruleId) || !f.target) return undefined;
  return suggestionIn(parse(path.resolve(ctx.cwd, f.file), text), f, ctx, new Map());
}

type Package = { dir: string; json: Record<string, unknown> };

function suggestionIn(sf: ts.SourceFile, f: Finding, ctx: SuggestContext, packages: Map<string, Package | undefined>): { desc: string; fix: Fix } | undefined {
  const abs = sf.fileName;
  const text = sf.text;
  if (!f.target) return undefined;
  const starts = lineStarts(text);
  const at = (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1;
  const node = nodeAt(sf, at(f.line, f.column), at(f.endLine, f.endColumn));
  if (!node) return undefined;
  const name = f.target.name;
  const quote = quoteOf(sf);
  const str = (s: string) => quote + s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
  let edits: Edit[] | undefined;
  let desc = '';
  const registration = node.parent && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) ? node.parent : undefined;
  if (ctx.wrapper && (ts.isIdentifier(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && registration?.arguments?.includes(node as ts.Expression)) {
    const w = ctx.wrapper;
    const spec = moduleSpecifier(abs, w, text);
    const imp = ensureImports(sf, spec, [w.name], quote);
    if (imp) {
      edits = [...imp.edits, { start: node.getStart(sf), end: node.getStart(sf), text: `${imp.locals[w.name]}(${str(name)}, ` }, { start: node.getEnd(), end: node.getEnd(), text: ')' }];
      desc = `Wrap the handler in ${w.name}(${str(name)}, …)`;
    }
  }
  if (!edits && ts.isMethodDeclaration(node) && f.target.framework === 'nestjs' && nestOtel(abs, text, ctx.cwd, packages)) {
    const imp = ensureImports(sf, 'nestjs-otel', ['Span'], quote);
    if (imp) {
      const first = node.modifiers?.find((m) => !ts.isDecorator(m)) ?? node.name;
      const pos = first.getStart(sf);
      const indent = indentAt(text, pos);
      const onOwnLine = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', pos - 1) + 1, pos));
      edits = [...imp.edits, { start: pos, end: pos, text: `@${imp.locals.Span}(${str(name)})${onOwnLine ? `\n${indent}` : ' '}` }];
      desc = `Decorate the handler with @Span(${str(name)}) (nestjs-otel)`;
    }
  }
  if (!edits) {
    const fn = handlerFunction(sf, node);
    if (fn) {
      const wrapped = wrapBody(sf, abs, fn, str(name), quote, ctx, f.projectTracer, packages);
      if (wrapped) {
        edits = wrapped;
        desc = `Open a span ${str(name)} around the handler's body (tracer.startActiveSpan)`;
      }
    }
  }
  if (!edits) return undefined;
  return { desc, fix: { edits: edits.map((e) => toFixEdit(sf, e)) } };
}

/** The function whose body runs for the target: the node itself, or the local function a registration names. */
function handlerFunction(sf: ts.SourceFile, node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) return node;
  if (ts.isIdentifier(node)) {
    for (const st of sf.statements) {
      if (ts.isFunctionDeclaration(st) && st.name?.text === node.text) return st;
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.name.text === node.text && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.initializer;
        }
      }
    }
  }
  return undefined;
}

/** The edits that run `fn`'s body in an active span, or undefined when its shape does not allow it safely. */
function wrapBody(sf: ts.SourceFile, abs: string, fn: ts.FunctionLikeDeclaration, name: string, quote: string, ctx: SuggestContext, tracerExport: Finding['projectTracer'], packages: Map<string, Package | undefined>): Edit[] | undefined {
  const body = fn.body;
  if (!body || fn.asteriskToken) return undefined;
  const text = sf.text;
  const typed = /\.[cm]?tsx?$/.test(abs);
  const isAsync = !!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  // Names the body uses are not shadowed: the span's parameter takes another name if `span` is one.
  const used = identifiers(body);
  const spanName = ['span', 'otelSpan', 'activeSpan'].find((n) => !used.has(n));
  if (!spanName) return undefined;
  const tracer = tracerReference(sf, abs, quote, ctx, used, tracerExport, packages);
  if (!tracer) return undefined;
  const status = tracer.status;
  const fnIndent = indentAt(text, fn.getStart(sf));
  const unit = indentUnit(sf, ts.isBlock(body) ? body : fn, ts.isBlock(body) && body.statements[0] ? indentAt(text, body.statements[0].getStart(sf)) : fnIndent);
  const err = typed ? 'err as Error' : 'err';
  // The function's declared return type, on the callback too: `return true` there would widen to boolean
  // against `Promise<true>` (the API's generic signature passes no context in).
  const returnType = typed && fn.type && !ts.isTypePredicateNode(fn.type) ? `: ${text.slice(fn.type.getStart(sf), fn.type.getEnd())}` : '';
  const callback = (inner: string, i: string) =>
    `${tracer.name}.startActiveSpan(${name}, ${isAsync ? 'async ' : ''}(${spanName})${returnType} => {\n` +
    `${i}${unit}try {\n${inner}\n` +
    `${i}${unit}} catch (err) {\n` +
    `${i}${unit}${unit}${spanName}.recordException(${err});\n` +
    `${i}${unit}${unit}${spanName}.setStatus({ code: ${status}.ERROR });\n` +
    `${i}${unit}${unit}throw err;\n` +
    `${i}${unit}} finally {\n` +
    `${i}${unit}${unit}${spanName}.end();\n` +
    `${i}${unit}}\n` +
    `${i}})`;
  let edit: Edit;
  if (ts.isBlock(body)) {
    if (ts.isConstructorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return undefined;
    // A directive prologue (`'use server'`) stays first in the function: the statements after it are wrapped.
    const directives = body.statements.filter((st, i) => body.statements.slice(0, i + 1).every((d) => ts.isExpressionStatement(d) && ts.isStringLiteral(d.expression)));
    if (directives.length === body.statements.length) return undefined;
    // The statements' lines, whole: the block's braces on lines of their own around them.
    const open = directives.length ? directives[directives.length - 1].getEnd() : body.getStart(sf) + 1;
    const afterOpen = text.indexOf('\n', open);
    const close = body.getEnd() - 1;
    const closeLine = text.lastIndexOf('\n', close - 1) + 1;
    if (afterOpen < 0 || afterOpen >= closeLine || !/^[ \t]*$/.test(text.slice(open, afterOpen).replace(/\r$/, '')) || !/^[ \t]*$/.test(text.slice(closeLine, close))) return undefined;
    const i = indentAt(text, body.statements[directives.length].getStart(sf));
    const inner = reindent(sf, body, afterOpen + 1, closeLine - 1, unit + unit);
    edit = { start: afterOpen + 1, end: closeLine - 1, text: `${i}return ${callback(inner, i)};` };
  } else {
    // `(req, res) => res.send('ok')`: the expression, returned from the callback.
    const start = body.getStart(sf);
    const i = indentAt(text, start);
    const firstEnd = text.indexOf('\n', start);
    // Its first line, then the others re-indented (not those inside a string or template).
    const inner =
      firstEnd < 0 || firstEnd >= body.getEnd()
        ? `${i}${unit}${unit}return ${text.slice(start, body.getEnd())};`
        : `${i}${unit}${unit}return ${text.slice(start, firstEnd)}\n${reindent(sf, body, firstEnd + 1, body.getEnd(), unit + unit)};`;
    edit = { start: body.getStart(sf), end: body.getEnd(), text: callback(inner, i) };
  }
  return [...tracer.edits, edit];
}

/** The tracer the suggestion uses and the header edits that make it (and `SpanStatusCode`) available. */
function tracerReference(sf: ts.SourceFile, abs: string, quote: string, ctx: SuggestContext, used: Set<string>, tracerExport: Finding['projectTracer'], packages: Map<string, Package | undefined>): { name: string; status: string; edits: Edit[] } | undefined {
  // A module-level tracer the file already has: `const tracer = trace.getTracer(…)`, or one imported.
  let local: string | undefined;
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && ts.isCallExpression(d.initializer) && /\.getTracer$/.test(d.initializer.expression.getText(sf))) local ??= d.name.text;
      }
    }
    if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
      for (const e of st.importClause.namedBindings.elements) if (/^(tracer|\w+Tracer)$/.test(e.name.text) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text.startsWith('.')) local ??= e.name.text;
    }
  }
  const projectTracer = local ? undefined : tracerExport;
  const names = local || projectTracer ? ['SpanStatusCode'] : ['trace', 'SpanStatusCode'];
  const api = ensureImports(sf, API, names, quote);
  if (!api) return undefined;
  const edits = [...api.edits];
  let name = local;
  if (!name && projectTracer) {
    let spec = toPosix(path.relative(path.dirname(abs), path.resolve(ctx.cwd, projectTracer.file))).replace(/\.[cm]?[jt]sx?$/, '');
    if (!spec.startsWith('.')) spec = `./${spec}`;
    if (usesJsExtensions(sf)) spec += '.js';
    if (sf.statements.some((s) => declares(s, projectTracer.name)) || used.has(projectTracer.name)) return undefined;
    const imp = ensureImports(sf, spec, [projectTracer.name], quote);
    if (!imp) return undefined;
    // Two new imports at one point would be two edits there: one edit carries both.
    mergeInto(edits, imp.edits);
    name = projectTracer.name;
  }
  if (!name) {
    if (sf.statements.some((s) => declares(s, 'tracer')) || used.has('tracer')) return undefined;
    const after = headerEnd(sf);
    edits.push({ start: after, end: after, text: `${after ? '\n' : ''}\nconst tracer = ${api.locals.trace}.getTracer(${quote}${packageName(abs, ctx.cwd, packages)}${quote});${after ? '' : '\n'}` });
    mergeAtSamePoint(edits);
    name = 'tracer';
  }
  return { name, status: api.locals.SpanStatusCode, edits };
}

/** Lines [from, to) re-indented by `add`, except blank ones and those starting inside a string or template. */
function reindent(sf: ts.SourceFile, within: ts.Node, from: number, to: number, add: string): string {
  const text = sf.text;
  const literal: [number, number][] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isJsxText(node)) literal.push([node.getStart(sf), node.getEnd()]);
    else ts.forEachChild(node, collect);
  };
  collect(within);
  const out: string[] = [];
  let pos = from;
  while (pos <= to) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > to) nl = to;
    const line = text.slice(pos, nl);
    const inLiteral = literal.some(([s, e]) => s < pos && pos < e);
    out.push(inLiteral || /^[ \t]*\r?$/.test(line) ? line : add + line);
    pos = nl + 1;
  }
  return out.join('\n');
}

/**
 * How the file names `names` exported by `module`, and the edit that imports the missing ones: added to
 * the file's value import of the module, else a new import after the last one (at the top when none).
 */
function ensureImports(sf: ts.SourceFile, module: string, names: string[], quote: string): { locals: Record<string, string>; edits: Edit[] } | undefined {
  if (isCommonJs(sf)) return ensureRequires(sf, module, names, quote);
  const locals: Record<string, string> = {};
  let extend: ts.NamedImports | undefined;
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || st.moduleSpecifier.text !== module || st.importClause?.isTypeOnly) continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) for (const n of names) locals[n] ??= `${bindings.name.text}.${n}`;
    if (bindings && ts.isNamedImports(bindings)) {
      extend ??= bindings;
      for (const n of names) {
        const found = bindings.elements.find((e) => (e.propertyName ?? e.name).text === n && !e.isTypeOnly);
        if (found) locals[n] ??= found.name.text;
      }
    }
  }
  const missing = names.filter((n) => !locals[n]);
  for (const n of missing) {
    // A name taken by something else in the file: not imported under it.
    if (sf.statements.some((s) => declares(s, n))) return undefined;
    locals[n] = n;
  }
  if (!missing.length) return { locals, edits: [] };
  if (extend && extend.elements.length) {
    const last = extend.elements[extend.elements.length - 1];
    return { locals, edits: [{ start: last.getEnd(), end: last.getEnd(), text: missing.map((n) => `, ${n}`).join('') }] };
  }
  const after = lastImportEnd(sf);
  const line = `import { ${missing.join(', ')} } from ${quote}${module}${quote};`;
  return { locals, edits: [{ start: after, end: after, text: after ? `\n${line}` : `${line}\n` }] };
}

/** The quote the file's imports (or, in CommonJS, its requires) use. */
function quoteOf(sf: ts.SourceFile): "'" | '"' {
  if (!isCommonJs(sf)) return fileQuote(sf);
  const first = sf.statements.find((st) => requiredModule(st) !== undefined) as ts.VariableStatement;
  const arg = (first.declarationList.declarations[0].initializer as ts.CallExpression).arguments[0];
  return sf.text[arg.getStart(sf)] === '"' ? '"' : "'";
}

/** A module that loads with `require` and imports nothing. */
function isCommonJs(sf: ts.SourceFile): boolean {
  return !sf.statements.some((st) => ts.isImportDeclaration(st)) && sf.statements.some((st) => requiredModule(st) !== undefined);
}

/** `const … = require('m')` at the top level: the module's name. */
function requiredModule(st: ts.Statement): string | undefined {
  if (!ts.isVariableStatement(st) || st.declarationList.declarations.length !== 1) return undefined;
  const init = st.declarationList.declarations[0].initializer;
  return init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments.length === 1 && ts.isStringLiteral(init.arguments[0]) ? init.arguments[0].text : undefined;
}

/** ensureImports for CommonJS: `const api = require('m')` read as `api.x`, `const { a } = require('m')` extended, else a new one. */
function ensureRequires(sf: ts.SourceFile, module: string, names: string[], quote: string): { locals: Record<string, string>; edits: Edit[] } | undefined {
  const locals: Record<string, string> = {};
  let extend: ts.ObjectBindingPattern | undefined;
  for (const st of sf.statements) {
    if (requiredModule(st) !== module) continue;
    const name = (st as ts.VariableStatement).declarationList.declarations[0].name;
    if (ts.isIdentifier(name)) for (const n of names) locals[n] ??= `${name.text}.${n}`;
    else if (ts.isObjectBindingPattern(name)) {
      extend ??= name;
      for (const e of name.elements) {
        const key = e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : ts.isIdentifier(e.name) ? e.name.text : undefined;
        if (key && names.includes(key) && ts.isIdentifier(e.name) && !e.dotDotDotToken) locals[key] ??= e.name.text;
      }
    }
  }
  const missing = names.filter((n) => !locals[n]);
  for (const n of missing) {
    if (sf.statements.some((st) => declares(st, n))) return undefined;
    locals[n] = n;
  }
  if (!missing.length) return { locals, edits: [] };
  if (extend && extend.elements.length && !extend.elements.some((e) => e.dotDotDotToken)) {
    const last = extend.elements[extend.elements.length - 1];
    return { locals, edits: [{ start: last.getEnd(), end: last.getEnd(), text: missing.map((n) => `, ${n}`).join('') }] };
  }
  const after = lastImportEnd(sf);
  const line = `const { ${missing.join(', ')} } = require(${quote}${module}${quote});`;
  return { locals, edits: [{ start: after, end: after, text: after ? `\n${line}` : `${line}\n` }] };
}

/** Whether a top-level statement binds `name` (a declaration or an import). */
function declares(st: ts.Statement, name: string): boolean {
  if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name?.text === name) return true;
  if (ts.isVariableStatement(st)) return st.declarationList.declarations.some((d) => bindsName(d.name, name));
  if (ts.isImportDeclaration(st) && st.importClause) {
    const c = st.importClause;
    if (c.name?.text === name) return true;
    const b = c.namedBindings;
    if (b && ts.isNamespaceImport(b)) return b.name.text === name;
    if (b && ts.isNamedImports(b)) return b.elements.some((e) => e.name.text === name);
  }
  return false;
}

function bindsName(n: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(n)) return n.text === name;
  return n.elements.some((e) => !ts.isOmittedExpression(e) && bindsName(e.name, name));
}

function identifiers(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** Two insertions at one point become one edit (fix.ts takes one finding's edits in one go, ordered by position). */
function mergeInto(edits: Edit[], more: Edit[]): void {
  edits.push(...more);
  mergeAtSamePoint(edits);
}

function mergeAtSamePoint(edits: Edit[]): void {
  for (let i = 0; i < edits.length; i++) {
    for (let j = i + 1; j < edits.length; j++) {
      if (edits[i].start === edits[j].start && edits[i].end === edits[i].start && edits[j].end === edits[j].start) {
        edits[i] = { ...edits[i], text: edits[i].text + edits[j].text };
        edits.splice(j--, 1);
      }
    }
  }
}

function lastImportEnd(sf: ts.SourceFile): number {
  let end = 0;
  for (const st of sf.statements) if (ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st) || requiredModule(st) !== undefined) end = st.getEnd();
  if (end) return end;
  // After a directive prologue (`'use client'`), else at the top.
  const first = sf.statements[0];
  return first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first.getEnd() : 0;
}

/** Where a module-level declaration goes: after the imports (and directives). */
function headerEnd(sf: ts.SourceFile): number {
  return lastImportEnd(sf);
}

function usesJsExtensions(sf: ts.SourceFile): boolean {
  return sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith('.') && /\.[cm]?js$/.test(s.moduleSpecifier.text));
}

/** The wrapper's module as this file imports it: a project path made relative to the file. */
function moduleSpecifier(abs: string, w: NonNullable<SuggestContext['wrapper']>, text: string): string {
  if (!path.isAbsolute(w.module)) return w.module;
  let spec = toPosix(path.relative(path.dirname(abs), w.module)).replace(/\.[cm]?[jt]sx?$/, '');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  if (/from\s+['"]\.[^'"]*\.js['"]/.test(text)) spec += '.js';
  return spec;
}

/** nestjs-otel imported by the file, or a dependency of its package (nearest package.json). */
function nestOtel(abs: string, text: string, cwd: string, packages: Map<string, Package | undefined>): boolean {
  if (/from\s+['"]nestjs-otel['"]/.test(text)) return true;
  const pkg = nearestPackage(abs, cwd, packages);
  return !!pkg && ['dependencies', 'devDependencies', 'peerDependencies'].some((k) => pkg.json[k] && typeof pkg.json[k] === 'object' && 'nestjs-otel' in (pkg.json[k] as object));
}

/** The name of the file's package (nearest package.json `name`), else its folder's name. */
function packageName(abs: string, cwd: string, packages: Map<string, Package | undefined>): string {
  const pkg = nearestPackage(abs, cwd, packages);
  const name = pkg && typeof pkg.json.name === 'string' && pkg.json.name ? pkg.json.name : path.basename(pkg ? pkg.dir : cwd);
  return name.replace(/[\\'"`\n\r]/g, '');
}

/** The nearest package.json above `abs` (memoised by folder in `packages`). */
function nearestPackage(abs: string, cwd: string, packages: Map<string, Package | undefined>): Package | undefined {
  const seen: string[] = [];
  let found: Package | undefined;
  for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
    if (packages.has(dir)) {
      found = packages.get(dir);
      break;
    }
    seen.push(dir);
    try {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (json && typeof json === 'object') {
        found = { dir, json };
        break;
      }
    } catch {
      // none here, or unreadable: look further up
    }
    if (dir === path.dirname(dir) || (dir === cwd && !abs.startsWith(cwd + path.sep))) break;
  }
  for (const d of seen) packages.set(d, found);
  return found;
}

function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found || n.getEnd() < start || n.getFullStart() > start) return;
    if (n.getStart(sf) === start && n.getEnd() === end && (ts.isFunctionLike(n) || ts.isIdentifier(n))) {
      found = n;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function indentAt(text: string, pos: number): string {
  const ls = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls, pos))![0];
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function toFixEdit(sf: ts.SourceFile, e: Edit): FixEdit {
  const pos = (o: number) => {
    const lc = sf.getLineAndCharacterOfPosition(o);
    return { line: lc.line + 1, column: lc.character + 1 };
  };
  return { range: { start: pos(e.start), end: pos(e.end) }, text: e.text };
}

function scriptKind(file: string): ts.ScriptKind {
  if (/\.[cm]?tsx$|\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(file)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}
