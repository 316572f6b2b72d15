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

// The config's JSON Schema lists every rule id with its own options schema, from the same metadata, so an
// editor completes rule ids and checks options (schemas/config.schema.json, shipped; rewritten only when it
// changes). Tuples are closed (`additionalItems: false`) so ajv's strict mode has nothing to warn about.
const SCHEMA_FILE = new URL('../schemas/config.schema.json', import.meta.url);
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
const allRules = [...data.pillars.flatMap((p) => p.rules), ...data.core];
/** `severity`, `[severity]` or `[severity, options]`: each tuple form written out, as ajv's strictTuples wants. */
const settingForms = (options) => [
  { $ref: '#/definitions/severity' },
  { type: 'array', items: [{ $ref: '#/definitions/severity' }], minItems: 1, maxItems: 1, additionalItems: false },
  { type: 'array', items: [{ $ref: '#/definitions/severity' }, options], minItems: 2, maxItems: 2, additionalItems: false },
];
const setting = (meta) => ({
  description: `${meta.description} Default: ${meta.defaultSeverity}.`,
  anyOf: settingForms(meta.optionsSchema ?? { description: 'This rule takes no options.', type: 'object', additionalProperties: false }),
});
const { $schema, $id: _, ...rest } = schema;
const next = {
  $schema,
  $id: 'urn:check-doctrines:schema:config:1',
  ...rest,
  properties: {
    ...schema.properties,
    rules: {
      description: schema.properties.rules.description,
      type: 'object',
      properties: Object.fromEntries(allRules.map((m) => [m.id, setting(m)])),
      additionalProperties: false,
    },
  },
};
next.definitions.ruleSetting = {
  description: next.definitions.ruleSetting.description,
  anyOf: settingForms({ description: "Rule-specific options; their shape is defined by each rule and checked against the rule's own schema.", type: 'object' }),
};
const text = `${JSON.stringify(next, null, 2)}\n`;
if (fs.readFileSync(SCHEMA_FILE, 'utf8') !== text) fs.writeFileSync(SCHEMA_FILE, text);

// The presets `recommended` (every rule at its default severity and options, spelled out) and `strict` (every
// rule an error, targets widened: outbound calls of every category, actors' start/stop hooks) are written
// from the same metadata; `datadog` and `sentry` are written by hand (presets/*.json).
// JSON with a comment line, as config files may be (the loader reads JSON with comments).
const preset = (description, rules) => `// ${description}\n${JSON.stringify({ $schema: '../schemas/config.schema.json', rules }, null, 2)}\n`;
const STRICT_OPTIONS = {
  'otel/outbound-call': { categories: ['http', 'sdk', 'grpc', 'db', 'cache', 'queue'] },
  'otel/actor': { lifecycle: true },
};
const writeIfChanged = (file, text) => {
  const url = new URL(file, import.meta.url);
  if (!fs.existsSync(url) || fs.readFileSync(url, 'utf8') !== text) fs.writeFileSync(url, text);
};
writeIfChanged(
  '../presets/recommended.json',
  preset(
    'check-doctrines/recommended: every rule at its default severity (what applies with no config).',
    Object.fromEntries(allRules.map((m) => [m.id, m.defaultOptions && Object.keys(m.defaultOptions).length ? [m.defaultSeverity, m.defaultOptions] : m.defaultSeverity])),
  ),
);
writeIfChanged(
  '../presets/strict.json',
  preset(
    'check-doctrines/strict: every rule an error; outbound calls of every category are targets; actors must also emit in their start/stop hooks.',
    Object.fromEntries(allRules.map((m) => [m.id, STRICT_OPTIONS[m.id] ? ['error', STRICT_OPTIONS[m.id]] : 'error'])),
  ),
);
