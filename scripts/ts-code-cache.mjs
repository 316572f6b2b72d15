// Build step: write dist/typescript.codecache, V8's compiled code of the bundled TypeScript compiler, so
// every run skips most of compiling it (see lib/ts.cjs). Warmed first by parsing this project's own
// sources, so the parser's functions, compiled lazily on first use, are in the cache too.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
fs.rmSync(path.join(root, 'dist', 'typescript.codecache'), { force: true });
const { ts, createCodeCache, CODE_CACHE } = require('../lib/ts.cjs');
// The options every run parses with, so the cache holds the code those runs use.
const { PARSE_OPTIONS } = await import('../dist/src/analysis/summarize.js');

const samples = [];
const collect = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) collect(p);
    else if (/\.tsx?$/.test(e.name)) samples.push(p);
  }
};
for (const d of ['src', 'rules', 'fixtures']) collect(path.join(root, d));
for (const f of samples) {
  const kind = f.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), PARSE_OPTIONS, false, kind);
  sf.getLineAndCharacterOfPosition(sf.end);
}
const tmp = `${CODE_CACHE}.${process.pid}.tmp`;
fs.writeFileSync(tmp, createCodeCache());
fs.renameSync(tmp, CODE_CACHE);
