// Language-server benchmark. Usage:
//   node bench/lsp.js --path <repo> [--file <relative path>] [--edits 10]
// Starts `check-doctrines lsp --stdio` on the repository, waits for the first analysis, opens one file (a
// route or controller when one is found) and edits its buffer `--edits` times (a comment appended, then
// removed), each time measuring from the change to the server's log line "re-checked …" (debounce 0) and
// the client seeing diagnostics. Prints the initial analysis time, the re-check times (median, max) and the
// server's peak RSS (VmHWM). The repository is not modified: edits live in the buffer only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'bin', 'check-doctrines.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const root = fs.realpathSync(path.resolve(opt('--path', '.')));
const edits = Number(opt('--edits', '10'));

const proc = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
const logs = [];
let onLog;
conn.onNotification('window/logMessage', (m) => {
  logs.push(m.message);
  onLog?.(m.message);
});
conn.onNotification('textDocument/publishDiagnostics', () => undefined);
conn.onRequest('client/registerCapability', () => null);
conn.listen();
const nextLog = (pattern) => new Promise((resolve) => (onLog = (m) => pattern.test(m) && resolve(m)));

const t0 = performance.now();
const analysed = nextLog(/analysed \d+ files/);
await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }], capabilities: {}, initializationOptions: { debounceMs: 0 } });
conn.sendNotification('initialized', {});
const first = await analysed;
const initialMs = performance.now() - t0;

const pick = () => {
  const given = opt('--file');
  if (given) return path.join(root, given);
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        const found = walk(p);
        if (found) return found;
      } else if (/(route|controller|router)\.[cm]?[jt]sx?$/.test(e.name)) return p;
    }
    return undefined;
  };
  return walk(root);
};
const file = pick();
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');
let version = 1;
const opened = nextLog(/re-checked/);
conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
await opened;
const times = [];
const server = [];
for (let i = 0; i < edits; i++) {
  const next = i % 2 === 0 ? `${text}\n// bench edit ${i}\n` : text;
  const done = nextLog(/re-checked/);
  const t = performance.now();
  conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: next }] });
  const line = await done;
  times.push(performance.now() - t);
  server.push(line.replace(/^check-doctrines: /, ''));
}
const status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
await conn.sendRequest('shutdown');
conn.sendNotification('exit');

const sorted = [...times].sort((a, b) => a - b);
console.log(`repository: ${root}`);
console.log(`initial analysis: ${(initialMs / 1000).toFixed(2)} s (${first.replace(/^check-doctrines: /, '')})`);
console.log(`edited: ${path.relative(root, file)}, ${edits} edits`);
console.log(`re-check after one edit (change sent → server done): median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`);
console.log(`server says: ${server.slice(0, 3).join('; ')}`);
console.log(`server peak RSS: ${hwm.toFixed(0)} MB`);
