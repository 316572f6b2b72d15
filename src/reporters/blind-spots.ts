import type { RunResult, UnrecognisedFramework } from '../types.js';

/**
 * What a run did not look at, as sentences for the human and markdown summaries: a run must never read
 * as "all clear" about code it did not check. Undefined when there is nothing to say.
 */
export function blindSpots(result: RunResult): { noTargets?: string; frameworks: string[] } {
  const coverage = Object.values(result.summary.coverage);
  const noTargets =
    coverage.length > 0 && coverage.every((c) => c.targets === 0)
      ? `no targets found: no request handler, actor, UI page or outbound call was recognised in ${result.summary.files === 1 ? '1 file' : `${result.summary.files} files`}, so nothing was checked for telemetry`
      : undefined;
  return { noTargets, frameworks: (result.summary.unrecognised ?? []).map(describe) };
}

function describe(u: UnrecognisedFramework): string {
  const where = u.package === u.path ? u.path : `${u.package} (${u.path})`;
  return u.reason === 'unsupported'
    ? `${where} depends on ${u.dependency}: no adapter recognises ${u.framework}, its entry points were not checked`
    : `${where} depends on ${u.dependency}, but no ${u.framework} entry point was found in its files`;
}
