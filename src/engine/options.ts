// What a run is asked to do (CheckOptions) and the rules it runs (ActiveRule): shared by the run (run.ts),
// the analysis and its caches, which import these types from here rather than from each other.
import type { ProgressEvent } from '../progress.js';
import type { ReportedSeverity, Severity } from '../types.js';
import type { RuleEntry } from './catalog.js';
import type { DebugLog } from './debug.js';
import type { ChangedSelection } from './git.js';

export interface CheckOptions {
  cwd: string;
  paths: string[];
  configPath?: string;
  /** `--pillar`; undefined means the config's pillars. */
  pillars?: string[];
  /** `--rule id=severity`, in order. */
  ruleOverrides: { id: string; severity: Severity }[];
  advisory: boolean;
  explain: boolean;
  /**
   * Compute the suggestions of uninstrumented targets' findings (`--unsafe`): each such file read and parsed
   * again after the analysis, so only when asked (src/engine/suggest.ts).
   */
  suggestions?: boolean;
  /** Called as files are analysed and targets judged (the CLI shows it on a terminal for long runs). */
  onProgress?: (e: ProgressEvent) => void;
  /** Called with a one-line note the user should see whatever the flags (the CLI writes it to stderr). */
  onNote?: (message: string) => void;
  /** Called with a one-line detail when something is skipped or fails (shown under --verbose). */
  onDiagnostic?: (message: string) => void;
  /** Reuse summaries of unchanged files (the CLI turns it on unless --no-cache; off by default here). */
  cache?: boolean;
  cacheLocation?: string;
  /** Threads for per-file work (default: available cores). */
  concurrency?: number;
  /** Honour `doctrines-disable-*` comments (default true; `--no-inline-config` turns them off). */
  inlineConfig?: boolean;
  /** `--ignore-pattern`: globs (relative to cwd) excluded on top of the config's `exclude`. */
  ignorePatterns?: string[];
  /** `--baseline`: findings whose fingerprint is in this file (relative to cwd) are not reported. */
  baseline?: string;
  /** `--update-baseline`: write the findings (after inline suppressions) to this file; they are then baselined. */
  updateBaseline?: string;
  /** `--staged` / `--changed-since`: report only findings in files (and lines) changed in git. */
  changed?: ChangedSelection;
  /** `--debug`: what the run used and reused, and where its time went. */
  debug?: DebugLog;
  /**
   * `--stdin`: this text stands for the file `filename` (relative to cwd), which need not exist; only its
   * findings are reported. Without a filename the text is analysed alone, as `<stdin>.ts`.
   */
  stdin?: { text: string; filename?: string };
}


export interface ActiveRule {
  /** Metadata only: the rule's code is loaded by the analysis when it runs. */
  rule: RuleEntry;
  severity: ReportedSeverity;
  options: Record<string, unknown>;
}
