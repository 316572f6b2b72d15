// Build step: write dist/rule-meta.json (every rule's metadata) so runs that need no analysis can list
// and configure rules without loading rule code and the compiler. Stamped with the code it describes.
import fs from 'node:fs';
const { PILLARS, CORE_RULES } = await import('../dist/src/engine/registry.js');
const { codeStamp } = await import('../dist/src/engine/package.js');
const { CATALOG_FILE } = await import('../dist/src/engine/catalog.js');
const data = {
  stamp: codeStamp(),
  pillars: PILLARS.map((p) => ({ id: p.id, description: p.description, rules: p.rules.map((r) => r.meta) })),
  core: CORE_RULES.map((r) => r.meta),
};
fs.writeFileSync(CATALOG_FILE, JSON.stringify(data));
