import type { Finding, RunResult } from '../types.js';
import { byPosition } from './rules.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * GitHub Actions workflow commands: one `::error …::message` / `::warning …::message` line per
 * finding, which GitHub shows as annotations on the pull request's diff, then a plain summary line.
 *
 * GitHub shows at most 10 annotations of each level per step; the CLI therefore also appends the
 * markdown summary to `$GITHUB_STEP_SUMMARY` when this format is used (that is I/O, so not here).
 */
export function formatGithub(unsafe: RunResult): string {
  const result = terminalSafe(unsafe);
  const lines = [...result.findings].sort(byPosition).map(workflowCommand);
  const { errors, warnings } = result.summary;
  lines.push(`check-doctrines: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${result.mode})`);
  return lines.join('\n') + '\n';
}

function workflowCommand(f: Finding): string {
  const props: [string, string | number][] = [
    ['file', f.file],
    ['line', f.line],
  ];
  if (f.endLine > f.line) {
    // Columns may only be sent when an annotation starts and ends on the same line.
    props.push(['endLine', f.endLine]);
  } else {
    props.push(['endLine', f.line], ['col', f.column]);
    if (f.endColumn > f.column) props.push(['endColumn', f.endColumn]);
  }
  props.push(['title', f.ruleId]);
  const command = f.severity === 'error' ? 'error' : 'warning';
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${command} ${list}::${escapeData(f.message)}`;
}

/** Message text: `%`, CR and LF are encoded so a multi-line message stays one command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally encode `:` and `,`, which delimit the command's properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
