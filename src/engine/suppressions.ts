// Inline suppressions: `// doctrines-disable-next-line <rule>[, <rule>…] -- <reason>` and
// `// doctrines-disable-line <rule> -- <reason>` (also in `/* */` and JSX `{/* */}` comments).
//
// Collected during the per-file walk (only when the text mentions `doctrines-disable`, so files without
// directives pay one substring search) into FileSummary.suppressions, which is plain data: it is cached
// and crosses worker threads. Applied by the run after every finding, target findings included, is known.
//
// A directive with no rule list applies to every rule (as in ESLint). A directive without a reason
// suppresses nothing and is itself a finding: the point of a suppression is to say why the doctrine does
// not apply here. A directive that matches no finding of a rule that ran is reported as unused, so stale
// comments do not pile up and hide future regressions.
import { ts } from '#ts';
import { formatMessage, type Rule } from './rule.js';
import type { Finding, ReportedSeverity, Span, SuppressedFinding, SuppressionDirective } from '../types.js';

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
    out.push({ ...parsed, span, appliesTo: parsed.kind === 'line' ? span.line : span.endLine + 1 });
  }
  return out;
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

// ---------------------------------------------------------------------------------------------
// Applying directives to the findings of a run.

export interface DirectiveProblem {
  file: string;
  directive: SuppressionDirective;
  /** `no-reason`: gives no reason; `unused`: matched no finding; `unknown-rule`: names a rule that does not exist. */
  problem: 'no-reason' | 'unused' | 'unknown-rule';
  /** The rule named, for `unknown-rule` and for `unused` directives that name rules. */
  rule?: string;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  problems: DirectiveProblem[];
}

/**
 * Split findings into kept and suppressed, and list the directives that are wrong or unused.
 * `ran(id)`: the rule was active in this run (a directive naming a rule that is off or of another
 * pillar is not "unused": this run cannot tell). `known(id)`: the rule exists at all.
 */
export function applySuppressions(
  findings: Finding[],
  directivesByFile: Map<string, SuppressionDirective[]>,
  ran: (ruleId: string) => boolean,
  known: (ruleId: string) => boolean,
): SuppressionOutcome {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Map<SuppressionDirective, Set<string>>();
  for (const f of findings) {
    const directive = directivesByFile
      .get(f.file)
      ?.find((d) => d.reason && d.appliesTo === f.line && (d.rules.length === 0 || d.rules.includes(f.ruleId)));
    if (!directive) {
      kept.push(f);
      continue;
    }
    if (!used.has(directive)) used.set(directive, new Set());
    used.get(directive)!.add(f.ruleId);
    suppressed.push({ ...f, suppression: { reason: directive.reason!, line: directive.span.line } });
  }
  const problems: DirectiveProblem[] = [];
  for (const [file, directives] of directivesByFile) {
    for (const d of directives) {
      if (!d.reason) {
        problems.push({ file, directive: d, problem: 'no-reason' });
        continue;
      }
      for (const rule of d.rules) if (!known(rule)) problems.push({ file, directive: d, problem: 'unknown-rule', rule });
      // Unused: nothing matched, or (as in ESLint) some named rule that ran matched nothing on that line.
      const matched = used.get(d);
      if (d.rules.length === 0) {
        if (!matched) problems.push({ file, directive: d, problem: 'unused' });
        continue;
      }
      const idle = d.rules.filter((r) => known(r) && ran(r) && !matched?.has(r));
      if (idle.length) problems.push({ file, directive: d, problem: 'unused', rule: idle.join(', ') });
    }
  }
  return { kept, suppressed, problems };
}

/** The findings that wrong or unused directives produce, for the core rules that are active. */
export function directiveFindings(
  problems: DirectiveProblem[],
  active: (ruleId: string) => { rule: Rule; severity: ReportedSeverity } | undefined,
): Omit<Finding, 'fingerprint'>[] {
  const out: Omit<Finding, 'fingerprint'>[] = [];
  for (const p of problems) {
    const ruleId = p.problem === 'no-reason' ? 'doctrines/suppression-reason' : 'doctrines/unused-suppression';
    const r = active(ruleId);
    if (!r) continue;
    const messageId = p.problem === 'no-reason' ? 'noReason' : p.problem === 'unknown-rule' ? 'unknownRule' : 'unused';
    const data = { rule: p.rule ?? '', forRules: p.rule ? ` for ${p.rule}` : '' };
    out.push({
      ruleId,
      pillar: r.rule.meta.pillar,
      severity: r.severity,
      message: formatMessage(r.rule.meta.messages[messageId], data),
      file: p.file,
      ...p.directive.span,
      help: r.rule.meta.help,
      symbol: `doctrines-disable-${p.directive.kind} ${p.directive.rules.join(',') || '*'}${p.rule && p.problem === 'unknown-rule' ? ` ${p.rule}` : ''}`,
    });
  }
  return out;
}
