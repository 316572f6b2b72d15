// The one shape every framework adapter has (knip-style): a name, the packages whose import enables it,
// what the library's values are (its slice of the library model), and a visitor that finds targets.
// Adapters never know about rules; rules never name frameworks.
import type { PartialModel } from '../analysis/model.js';
import type { ScanContext, Visitor } from '../analysis/plugin.js';
import type { ProjectHook } from '../analysis/framework-config.js';
import type { ResolvedConfig } from '../config/types.js';

export interface Adapter {
  /** Framework name shown in findings and evidence (`express`, `nestjs`). */
  name: string;
  /** The kind of target it finds: `http-handler`, `actor`, `ui-component`. */
  targetKind: string;
  /** Import specifiers that enable the adapter in a file. */
  packages: string[];
  /** File-based routing: also enable for files whose project-relative path matches. */
  appliesToPath?: (relPath: string) => boolean;
  /**
   * Also enable for files that import none of `packages` but contain one of these identifiers (names or
   * property names, compared whole): for libraries whose values are mostly reached through the project's
   * own modules (a tRPC builder, a Bull queue exported by `queues.ts`). A file that names none of them
   * pays one lookup per identifier listed. A function is given the file's identifier table and text
   * instead, for tests a list cannot say. With `appliesToPath`, both must hold.
   */
  mentions?: readonly string[] | ((identifiers: ReadonlyMap<string, string>, text: string) => boolean);
  /**
   * Claims only what the other adapters of its target kind left in a file (config-driven adapters: an
   * in-house file router, configured UI components): its visitor's `end` runs after theirs, wherever it
   * stands in the registry.
   */
  fallback?: true;
  /** Whether the adapter runs at all under this config, decided once per run (adapters driven by config keys). */
  enabled?: (config: ResolvedConfig) => boolean;
  model?: PartialModel;
  create(ctx: ScanContext): Visitor;
  /**
   * After the walk: entry points declared outside the code (serverless.yml, SAM templates, wrangler
   * config, CDK declarations the walk recorded), matched against the summaries; see
   * src/analysis/framework-config.ts.
   */
  project?: ProjectHook;
}

export function defineAdapter(a: Adapter): Adapter {
  return a;
}
