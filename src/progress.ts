// Progress on stderr for long runs: "check-doctrines: analysing 3,412 of 10,000 files". Shown only to a
// person watching a terminal — not in CI, not when a machine-readable report goes to a pipe — and only
// once a run has lasted a second, so quick runs print nothing extra. One line, rewritten in place and
// cleared before the report is printed.

/** CI services set one of these; `CI=false` / `CI=0` turn it off as in most tools. */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'TF_BUILD', 'JENKINS_URL', 'TEAMCITY_VERSION'];

export function isCI(env: NodeJS.ProcessEnv): boolean {
  return CI_VARIABLES.some((v) => env[v] !== undefined && env[v] !== '' && env[v] !== 'false' && env[v] !== '0');
}

export interface ProgressContext {
  env: NodeJS.ProcessEnv;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** Formats printed to stdout (those written to files do not count). */
  stdoutFormats: string[];
  quiet: boolean;
}

/** Whether to show progress: a terminal on stderr, not CI, not --quiet, and no machine report piped from stdout. */
export function wantsProgress(c: ProgressContext): boolean {
  if (!c.stderrIsTTY || c.quiet || isCI(c.env)) return false;
  const machine = c.stdoutFormats.some((f) => f !== 'human');
  return !(machine && !c.stdoutIsTTY);
}

export interface ProgressEvent {
  /** `files`: reading and summarising each file; `targets`: judging each file's targets across files. */
  phase: 'files' | 'targets';
  done: number;
  total: number;
}

const PHASE_TEXT: Record<ProgressEvent['phase'], string> = {
  files: 'analysing',
  targets: 'judging targets of',
};

/**
 * A renderer for progress events. `delayMs`: nothing is shown before the run has lasted this long;
 * `intervalMs`: the line is rewritten at most this often.
 */
export function progressRenderer(write: (s: string) => void, now: () => number = () => performance.now(), delayMs = 1000, intervalMs = 100) {
  const started = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(e: ProgressEvent): void {
      const t = now();
      if (t - started < delayMs || t - last < intervalMs) return;
      last = t;
      shown = true;
      write(`\r\x1b[2Kcheck-doctrines: ${PHASE_TEXT[e.phase]} ${e.done.toLocaleString('en-US')} of ${e.total.toLocaleString('en-US')} files`);
    },
    /** Clear the line, if one was shown, before anything else is printed. */
    end(): void {
      if (shown) write('\r\x1b[2K');
      shown = false;
    },
  };
}
