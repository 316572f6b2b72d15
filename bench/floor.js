// The parse floor: read every file, parse it with the TypeScript compiler bundled in ts-morph and visit
// every node with ts.forEachChild, single thread. Any tool built on this parser pays at least this.
import fs from 'node:fs';
import { ts } from 'ts-morph';

const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const kindOf = (f) => (f.endsWith('.tsx') ? ts.ScriptKind.TSX : f.endsWith('.jsx') ? ts.ScriptKind.JSX : /\.[cm]?js$/.test(f) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
const start = performance.now();
let nodes = 0;
for (const f of files) {
  const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, kindOf(f));
  const visit = (n) => {
    nodes++;
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
process.stdout.write(JSON.stringify({ ms: performance.now() - start, nodes }) + '\n');
