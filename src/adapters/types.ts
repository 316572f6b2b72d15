// The one shape every framework adapter has (knip-style): a name, the packages whose import enables it,
// what the library's values are (its slice of the library model), and a visitor that finds targets.
// Adapters never know about rules; rules never name frameworks.
import type { PartialModel } from '../analysis/model.js';
import type { ScanContext, Visitor } from '../analysis/plugin.js';

export interface Adapter {
  /** Framework name shown in findings and evidence (`express`, `nestjs`). */
  name: string;
  /** The kind of target it finds: `http-handler`, `actor`, `ui-component`. */
  targetKind: string;
  /** Import specifiers that enable the adapter in a file. */
  packages: string[];
  /** File-based routing: also enable for files whose project-relative path matches. */
  appliesToPath?: (relPath: string) => boolean;
  model?: PartialModel;
  create(ctx: ScanContext): Visitor;
}

export function defineAdapter(a: Adapter): Adapter {
  return a;
}
