// Every rule doc's examples run: a ```ts bad block must produce a finding of that rule, a ```ts good
// block must produce none (Biome-style: the examples are tests).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/run.js';
import { ALL_RULES } from '../src/engine/registry.js';
import { tempProject } from './helpers/project.js';

const RULES_DIR = path.resolve(__dirname, '..', 'rules');
// File names may hold the characters of file-routing conventions: `[id]`, `(group)`, `@slot`, `+server`.
const BLOCK = /```(tsx?|jsx?|ya?ml|toml|jsonc?) (bad|good)(?: ([\w./[\]()@+-]+))?\n([\s\S]*?)```/g;
/** A config-file example (```yaml bad serverless.yml) runs in a project with one empty source file beside it. */
const CONFIG_LANG = /^(?:ya?ml|toml|jsonc?)$/;

describe('rule docs', () => {
  for (const rule of ALL_RULES) {
    const doc = path.join(RULES_DIR, `${rule.meta.id}.md`);
    const text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '';
    const blocks = [...text.matchAll(BLOCK)];
    // Its bad case needs 20,001 levels of nesting: shown in fixtures/doctrines/analysis-error and test/depth.test.ts instead.
    if (rule.meta.id === 'doctrines/analysis-error') {
      it(`${rule.meta.id} says where its example lives`, () => expect(text).toContain('fixtures/doctrines/analysis-error/'));
      continue;
    }
    // Its examples need a registry folder beside the code: they run as fixtures/otel/unregistered-telemetry/with-registry.
    if (rule.meta.id === 'otel/unregistered-telemetry') {
      it(`${rule.meta.id} says where its example lives`, () => expect(text).toContain('fixtures/otel/unregistered-telemetry/with-registry/'));
      continue;
    }
    it(`${rule.meta.id} has bad and good examples`, () => {
      expect(blocks.some((b) => b[2] === 'bad'), `${doc} needs a \`\`\`ts bad block`).toBe(true);
      expect(blocks.some((b) => b[2] === 'good'), `${doc} needs a \`\`\`ts good block`).toBe(true);
    });
    blocks.forEach((b, i) => {
      const [, lang, kind, fileName, code] = b;
      it(`${rule.meta.id} example ${i + 1} (${kind})`, async () => {
        const name = fileName ?? `example.${lang}`;
        const dir = tempProject(CONFIG_LANG.test(lang) ? { [name]: code, 'index.ts': 'export {};\n' } : { [name]: code });
        const result = await check({ cwd: dir, paths: [], ruleOverrides: [], advisory: false, explain: false });
        const hits = result.findings.filter((f) => f.ruleId === rule.meta.id);
        if (kind === 'bad') expect(hits.length, `bad example ${i + 1} of ${rule.meta.id} produced no finding`).toBeGreaterThan(0);
        else expect(hits.map((h) => `${h.line}: ${h.message}`)).toEqual([]);
      });
    });
  }
});
