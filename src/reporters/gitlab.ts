import { createHash } from 'node:crypto';
import type { Finding, RunResult } from '../types.js';
import { byPosition } from './rules.js';

/**
 * GitLab Code Quality report (the Code Climate subset GitLab reads): a JSON array of issues, shown in
 * the merge request widget and the diff when saved as `artifacts:reports:codequality`.
 *
 * Severity: an `error` finding blocks the build, so it is `major` — GitLab's `critical` and
 * `blocker` are better kept for security and correctness problems, which a missing span is not. A
 * `warn` finding is `minor`.
 */
export function formatGitlab(result: RunResult): string {
  const seen = new Map<string, number>();
  const issues = [...result.findings].sort(byPosition).map((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.fingerprint}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      description: f.message,
      check_name: f.ruleId,
      fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32),
      severity: severity(f),
      location: {
        path: f.file,
        lines: { begin: f.line, end: Math.max(f.line, f.endLine) },
      },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}

export const GITLAB_SEVERITY = { error: 'major', warn: 'minor' } as const;

function severity(f: Finding): (typeof GITLAB_SEVERITY)[keyof typeof GITLAB_SEVERITY] {
  return GITLAB_SEVERITY[f.severity];
}
