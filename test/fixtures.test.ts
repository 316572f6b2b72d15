// The annotated-fixture runner. Each entry under fixtures/<pillar>/<rule>/ (a file, or a folder for
// cross-file cases) is analysed as a project; findings of <pillar>/<rule> must match the annotations
// exactly, both ways.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/run.js';
import { readAnnotations } from './helpers/annotations.js';

const ROOT = path.resolve(__dirname, '..', 'fixtures');
const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
/** Framework config files (serverless.yml, template.yaml, wrangler.toml …) carry `#` annotations. */
const HASH_COMMENTED = /(?:^|[/\\])(?:serverless\.ya?ml|template\.ya?ml|wrangler\.toml)$/;
const CONFIG = /(?:^|[/\\])wrangler\.jsonc?$/;

function filesUnder(p: string): string[] {
  if (fs.statSync(p).isFile()) return CODE.test(p) || HASH_COMMENTED.test(p) || CONFIG.test(p) ? [p] : [];
  return fs.readdirSync(p).flatMap((n) => filesUnder(path.join(p, n)));
}

const cases: { ruleId: string; entry: string }[] = [];
for (const pillar of fs.readdirSync(ROOT)) {
  for (const rule of fs.readdirSync(path.join(ROOT, pillar))) {
    for (const entry of fs.readdirSync(path.join(ROOT, pillar, rule))) {
      cases.push({ ruleId: `${pillar}/${rule}`, entry: path.join(ROOT, pillar, rule, entry) });
    }
  }
}

describe('annotated fixtures', () => {
  it('has fixtures', () => expect(cases.length).toBeGreaterThan(0));

  for (const { ruleId, entry } of cases) {
    it(`${ruleId}: ${path.relative(ROOT, entry)}`, async () => {
      const dir = fs.statSync(entry).isDirectory() ? entry : path.dirname(entry);
      const result = await check({
        cwd: dir,
        paths: [entry],
        ruleOverrides: [],
        advisory: false,
        explain: false,
      });
      const problems: string[] = [];
      let annotated = 0;
      for (const file of filesUnder(entry)) {
        const rel = path.relative(dir, file).split(path.sep).join('/');
        const flagged = new Set(result.findings.filter((f) => f.ruleId === ruleId && f.file === rel).map((f) => f.line));
        const expected = new Set<number>();
        for (const a of readAnnotations(fs.readFileSync(file, 'utf8'), { hashComments: HASH_COMMENTED.test(file) })) {
          if (a.ruleId !== ruleId) continue;
          annotated++;
          const hit = flagged.has(a.line);
          if (a.kind === 'ruleid' && !hit) problems.push(`${rel}:${a.line} expected ${ruleId} (annotation at line ${a.at}), not flagged`);
          if (a.kind === 'ok' && hit) problems.push(`${rel}:${a.line} flagged by ${ruleId} but annotated ok (line ${a.at})`);
          if (a.kind === 'todoruleid' && hit) problems.push(`${rel}:${a.line} known gap is fixed: change todoruleid to ruleid (line ${a.at})`);
          if (a.kind === 'todook' && !hit) problems.push(`${rel}:${a.line} known false positive is fixed: change todook to ok (line ${a.at})`);
          if (a.kind === 'ruleid' || a.kind === 'todook') expected.add(a.line);
        }
        for (const line of flagged) {
          if (!expected.has(line)) problems.push(`${rel}:${line} flagged by ${ruleId} without a ruleid annotation`);
        }
      }
      expect(annotated, `no ${ruleId} annotations in ${entry}`).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    });
  }
});
