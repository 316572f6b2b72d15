// Repo consistency: every rule has its code, doc and fixture folder under the same basename; every
// adapter has a fixture. A missing piece is named.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../src/engine/registry.js';
import { ADAPTERS } from '../src/adapters/index.js';

const ROOT = path.resolve(__dirname, '..');

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('consistency', () => {
  it('every rule has a doc and a fixture folder', () => {
    const missing: string[] = [];
    for (const r of ALL_RULES) {
      if (!fs.existsSync(path.join(ROOT, 'rules', `${r.meta.id}.md`))) missing.push(`rules/${r.meta.id}.md`);
      if (!fs.existsSync(path.join(ROOT, 'fixtures', r.meta.id))) missing.push(`fixtures/${r.meta.id}/`);
    }
    expect(missing).toEqual([]);
  });

  it('every pillar rule file is registered, and its id matches its path', () => {
    const problems: string[] = [];
    for (const r of ALL_RULES) {
      if (r.meta.pillar === 'doctrines') continue;
      if (!fs.existsSync(path.join(ROOT, 'rules', `${r.meta.id}.ts`))) problems.push(`rule ${r.meta.id} is not at rules/${r.meta.id}.ts`);
    }
    const registered = new Set(ALL_RULES.map((r) => r.meta.id));
    for (const f of walk(path.join(ROOT, 'rules'))) {
      const rel = path.relative(path.join(ROOT, 'rules'), f).split(path.sep).join('/');
      if (!rel.includes('/') || !rel.endsWith('.ts')) continue;
      const id = rel.slice(0, -3);
      if (!registered.has(id)) problems.push(`rules/${rel} is not registered in rules/index.ts`);
    }
    expect(problems).toEqual([]);
  });

  it('every message says briefly what is wrong, and every rule has a short help line saying how to fix it (the why is in the rule doc)', () => {
    // Placeholders (names, calls, libraries) count as they are written: the fixed text stays within about 100 characters.
    const long = ALL_RULES.flatMap((r) =>
      Object.entries(r.meta.messages)
        .filter(([, m]) => m.length > 110 || /\.\s/.test(m) || m.endsWith('.'))
        .map(([id, m]) => `${r.meta.id}:${id} (${m.length})`),
    );
    expect(long).toEqual([]);
    const help = ALL_RULES.filter((r) => !r.meta.help || r.meta.help.length > 160).map((r) => `${r.meta.id} (${r.meta.help?.length ?? 0})`);
    expect(help).toEqual([]);
  });

  it('every adapter has a fixture named after it', () => {
    const fixtureFiles = walk(path.join(ROOT, 'fixtures')).map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    const missing = ADAPTERS.filter((a) => !fixtureFiles.some((f) => f.includes(`/${a.targetKind}/${a.name}/`) || f.includes(`/${a.targetKind}/${a.name}.`)));
    expect(missing.map((a) => `fixtures/otel/${a.targetKind}/${a.name}(.ts|/)`)).toEqual([]);
  });

  it('the compiler is loaded through #ts, never by a runtime import of ts-morph (start-up cost)', () => {
    const offenders = [...walk(path.join(ROOT, 'src')), ...walk(path.join(ROOT, 'rules'))]
      .filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))
      .filter((f) => /^import (?!type )[^;]*from 'ts-morph';/m.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
