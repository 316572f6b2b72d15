// Rule metadata without rule code. Loading the rules means loading the compiler (their visitors are
// keyed by its node kinds); a run answered from the result cache, `rules` and `explain` need only the
// metadata, which the build writes to dist/rule-meta.json. When that file is missing or was written for
// other code (a rebuild without the meta step), the registry is imported instead.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeStamp } from './package.js';
import type { RuleMeta } from './rule.js';

export interface RuleEntry {
  meta: RuleMeta;
}

export interface Catalog {
  pillars: { id: string; description: string; rules: RuleEntry[] }[];
  /** Engine rules, active whatever pillars are selected. */
  core: RuleEntry[];
  all: RuleEntry[];
}

export interface CatalogFile {
  stamp: string;
  pillars: { id: string; description: string; rules: RuleMeta[] }[];
  core: RuleMeta[];
}

/** dist/rule-meta.json, beside dist/src. */
export const CATALOG_FILE = path.join(path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url)))), 'rule-meta.json');

let loaded: Catalog | undefined;

export async function loadCatalog(): Promise<Catalog> {
  if (loaded) return loaded;
  try {
    const data = JSON.parse(fs.readFileSync(CATALOG_FILE, 'utf8')) as CatalogFile;
    if (data.stamp === codeStamp()) {
      const wrap = (metas: RuleMeta[]) => metas.map((meta) => ({ meta }));
      const pillars = data.pillars.map((p) => ({ id: p.id, description: p.description, rules: wrap(p.rules) }));
      const core = wrap(data.core);
      return (loaded = { pillars, core, all: [...core, ...pillars.flatMap((p) => p.rules)] });
    }
  } catch {
    // No metadata file (running from source, or not built with `npm run build`): use the registry.
  }
  const { PILLARS, CORE_RULES, ALL_RULES } = await import('./registry.js');
  return (loaded = { pillars: PILLARS, core: CORE_RULES, all: ALL_RULES });
}
