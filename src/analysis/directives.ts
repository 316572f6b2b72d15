// Collecting inline suppression directives during the per-file walk (see src/engine/suppressions.ts for
// what they mean and how they are applied). Separate from the applying side so a run answered from the
// cache does not load the compiler.
import { ts } from '#ts';
import type { Span, SuppressionDirective } from '../types.js';

export const DIRECTIVE_MARK = 'doctrines-disable';

const DIRECTIVE = /^doctrines-disable-(next-line|line)(?=\s|$)([\s\S]*)$/;

/** The directives written in a file's comments; strings, templates and JSX text never count. */
export function collectDirectives(sf: ts.SourceFile): SuppressionDirective[] {
  const text = sf.text;
  const out: SuppressionDirective[] = [];
  let lastComment = -1;
  for (let at = text.indexOf(DIRECTIVE_MARK); at >= 0; at = text.indexOf(DIRECTIVE_MARK, at + DIRECTIVE_MARK.length)) {
    const comment = commentAt(sf, at);
    if (!comment || comment.start === lastComment) continue;
    lastComment = comment.start;
    const parsed = parseDirective(text.slice(comment.start, comment.end));
    if (!parsed) continue;
    const span = spanOf(sf, comment.start, comment.end);
    const appliesTo = parsed.kind === 'line' ? span.line : span.endLine + 1;
    const end = parsed.kind === 'next-line' ? statementEndLine(sf, appliesTo) : undefined;
    out.push({ ...parsed, span, appliesTo, ...(end !== undefined && end > appliesTo ? { appliesToEnd: end } : {}) });
  }
  return out;
}

/**
 * The last line of the statement that starts a line, when it is a registration-like statement (an
 * expression, a variable declaration, `export default …`): not a function, class or block, whose bodies
 * are code of their own.
 */
function statementEndLine(sf: ts.SourceFile, line: number): number | undefined {
  if (line > sf.getLineStarts().length) return undefined;
  const text = sf.text;
  let at = sf.getLineStarts()[line - 1];
  while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (!next && c.pos <= at && at < c.end) next = c;
    });
    if (!next) return undefined;
    if (next.getStart(sf) === at) {
      const k = next.kind;
      const ok = k === ts.SyntaxKind.ExpressionStatement || k === ts.SyntaxKind.VariableStatement || k === ts.SyntaxKind.ExportAssignment;
      return ok ? sf.getLineAndCharacterOfPosition(next.end).line + 1 : undefined;
    }
    node = next;
  }
}

function spanOf(sf: ts.SourceFile, start: number, end: number): Span {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/**
 * The comment that contains position `at`, if `at` is in a comment at all. Comments live in the trivia
 * before a token, so descend to the token whose leading trivia holds `at`; landing inside a token (a
 * string, a template, JSX text) means it is not a comment.
 */
function commentAt(sf: ts.SourceFile, at: number): { start: number; end: number } | undefined {
  let node: ts.Node = sf;
  descend: for (;;) {
    for (const child of node.getChildren(sf)) {
      if (at < child.pos || at >= child.end) continue;
      if (ts.isJSDoc(child)) return commentIn(sf.text, child.pos, child.end, at);
      const start = child.getStart(sf);
      if (at < start) return commentIn(sf.text, child.pos, start, at);
      node = child;
      continue descend;
    }
    // Trailing trivia of the file (after the last token) belongs to the end-of-file token's range.
    return undefined;
  }
}

/** Scan trivia `[from, to)` (whitespace and comments only) for the comment containing `at`. */
function commentIn(text: string, from: number, to: number, at: number): { start: number; end: number } | undefined {
  let i = from;
  if (i === 0 && text.startsWith('#!')) i = lineEnd(text, 0, to);
  while (i < to) {
    if (text.startsWith('//', i)) {
      const end = lineEnd(text, i, to);
      if (at >= i && at < end) return { start: i, end };
      i = end;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? to : Math.min(close + 2, to);
      if (at >= i && at < end) return { start: i, end };
      i = end;
    } else if (/\s/.test(text[i])) i++;
    else return undefined;
  }
  return undefined;
}

function lineEnd(text: string, from: number, limit: number): number {
  const nl = text.indexOf('\n', from);
  const end = nl < 0 ? limit : Math.min(nl, limit);
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

/** Parse one comment's text (delimiters included); undefined when it is not a directive. */
export function parseDirective(comment: string): Pick<SuppressionDirective, 'kind' | 'rules' | 'reason'> | undefined {
  let body: string;
  if (comment.startsWith('//')) body = comment.slice(2);
  else {
    body = comment.replace(/^\/\*+/, '').replace(/\*+\/$/, '');
    // Block comments written over several lines: drop the leading ` * ` of each line.
    body = body
      .split(/\r?\n/)
      .map((l) => l.replace(/^\s*\*(?!\/)\s?/, ''))
      .join(' ');
  }
  const m = DIRECTIVE.exec(body.trim());
  if (!m) return undefined;
  const kind = m[1] as SuppressionDirective['kind'];
  const rest = m[2];
  // The reason follows ` -- ` (two or more dashes, ESLint's convention).
  const sep = /(?:^|\s)-{2,}(?:\s|$)/.exec(rest);
  const ruleText = sep ? rest.slice(0, sep.index) : rest;
  const reason = sep ? rest.slice(sep.index + sep[0].length).trim() : '';
  const rules = ruleText
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return reason ? { kind, rules, reason } : { kind, rules };
}
