// The language server driven over stdio by an LSP client (vscode-jsonrpc, the library VS Code's client is
// built on): open, change, a cross-file update, hover, code action, shutdown.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { tempProject } from './helpers/project.js';
import { BIN } from './helpers/cli.js';
import { EMITTING, ROUTES, SILENT } from './helpers/orders-service.js';

interface Diag {
  range: { start: { line: number; character: number } };
  code: string;
  message: string;
  severity: number;
  source: string;
}

describe('check-doctrines lsp --stdio', () => {
  let dir: string;
  let proc: ChildProcess;
  let conn: MessageConnection;
  const diagnostics = new Map<string, Diag[]>();
  const waiters: (() => void)[] = [];
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const codes = (rel: string) => (diagnostics.get(uri(rel)) ?? []).map((d) => `${d.range.start.line + 1}:${d.code}`).sort();
  /** Wait until `check` holds (re-tested on every diagnostics notification), or fail after 20 s. */
  const until = (check: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...diagnostics])}`)), 20_000);
      const poll = () => {
        if (check()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(poll);
      };
      waiters.push(poll);
    });
  let version = 1;
  const change = (rel: string, text: string) =>
    conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: ++version }, contentChanges: [{ text }] });
  const open = (rel: string, text: string) =>
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'typescript', version: ++version, text } });

  beforeAll(async () => {
    dir = fs.realpathSync(tempProject({ 'package.json': '{"name":"svc","private":true}', 'src/lib/telemetry.ts': EMITTING, 'src/routes.ts': ROUTES }));
    proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
      diagnostics.set(p.uri, p.diagnostics);
      for (const w of waiters.splice(0)) w();
    });
    conn.onNotification('window/logMessage', () => undefined);
    conn.onRequest('client/registerCapability', () => null);
    conn.listen();
    const init = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'svc' }],
      capabilities: {},
      initializationOptions: { debounceMs: 10 },
    });
    expect((init as { capabilities: { hoverProvider: boolean } }).capabilities.hoverProvider).toBe(true);
    conn.sendNotification('initialized', {});
  }, 30_000);

  afterAll(() => {
    proc?.kill();
    conn?.dispose();
  });

  it('publishes the diagnostics of an open file, and only of open files', async () => {
    open('src/routes.ts', ROUTES);
    await until(() => codes('src/routes.ts').length > 0, 'routes.ts diagnostics');
    // /orders emits through the helper in another file; /health emits nothing.
    expect(codes('src/routes.ts')).toEqual(['8:otel/http-handler']);
    const d = diagnostics.get(uri('src/routes.ts'))![0]!;
    expect(d).toMatchObject({ source: 'check-doctrines', severity: 1 });
    expect(d.message).toMatch(/^GET \/health handler \(express\) emits no telemetry\n/);
    expect(diagnostics.has(uri('src/lib/telemetry.ts'))).toBe(false);
  });

  it('an unsaved edit of a helper updates the diagnostics of the routes that call it', async () => {
    open('src/lib/telemetry.ts', EMITTING);
    change('src/lib/telemetry.ts', SILENT);
    await until(() => codes('src/routes.ts').length === 2, 'the cross-file update');
    expect(codes('src/routes.ts')).toEqual(['4:otel/http-handler', '8:otel/http-handler']);
    // The disk is untouched: the buffer stood for the file.
    expect(fs.readFileSync(path.join(dir, 'src/lib/telemetry.ts'), 'utf8')).toBe(EMITTING);
    change('src/lib/telemetry.ts', EMITTING);
    await until(() => codes('src/routes.ts').length === 1, 'the helper emitting again');
  });

  it('an edit of the open file itself is checked as typed', async () => {
    change('src/routes.ts', `${ROUTES}export const note = (id: string) => console.log(\`order \${id}\`);\n`);
    await until(() => codes('src/routes.ts').includes('9:otel/structured-logging'), 'the new log call');
  });

  it('hover on a target shows its verdict and evidence chain', async () => {
    const hover = (await conn.sendRequest('textDocument/hover', { textDocument: { uri: uri('src/routes.ts') }, position: { line: 3, character: 5 } })) as {
      contents: { value: string };
    };
    expect(hover.contents.value).toContain('✓ instrumented');
    expect(hover.contents.value).toContain('POST /orders');
    expect(hover.contents.value).toMatch(/call `recordOrder` \(src\/routes\.ts:5\)/);
    expect(hover.contents.value).toMatch(/emission opentelemetry `tracer\.startActiveSpan` \(src\/lib\/telemetry\.ts:4\)/);
    const none = await conn.sendRequest('textDocument/hover', { textDocument: { uri: uri('src/routes.ts') }, position: { line: 0, character: 1 } });
    expect(none).toBeNull();
  });

  it('a quick fix suppresses a finding with a comment asking for the reason', async () => {
    const d = diagnostics.get(uri('src/routes.ts'))!.find((x) => x.code === 'otel/http-handler')!;
    const actions = (await conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('src/routes.ts') },
      range: d.range,
      context: { diagnostics: [d] },
    })) as { title: string; edit: { changes: Record<string, { newText: string; range: { start: { line: number } } }[]> } }[];
    expect(actions.map((a) => a.title)).toEqual([
      "Suggestion: Open a span 'GET /health' around the handler's body (tracer.startActiveSpan)",
      'Suppress otel/http-handler on this line (with a reason)',
    ]);
    // The suggestion (what --fix --unsafe writes) is offered, not preferred.
    expect((actions[0] as { isPreferred?: boolean }).isPreferred).toBe(false);
    expect(actions[0]!.edit.changes[uri('src/routes.ts')]!.map((e) => e.newText).join('\n')).toContain("tracer.startActiveSpan('GET /health', (span) => {");
    const [edit] = actions[1]!.edit.changes[uri('src/routes.ts')]!;
    expect(edit).toMatchObject({ newText: '// doctrines-disable-next-line otel/http-handler -- TODO: why this is fine\n', range: { start: { line: 7 } } });
  });

  it('a finding with a safe fix offers it as the preferred quick fix, on the text the editor holds', async () => {
    const log = diagnostics.get(uri('src/routes.ts'))!.find((x) => x.code === 'otel/structured-logging')!;
    const actions = (await conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('src/routes.ts') },
      range: log.range,
      context: { diagnostics: [log] },
    })) as { title: string; isPreferred?: boolean; edit: { changes: Record<string, { newText: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]> } }[];
    expect(actions.map((a) => a.title)).toEqual(['Fix: constant message with structured fields', 'Suppress otel/structured-logging on this line (with a reason)']);
    expect(actions[0]!.isPreferred).toBe(true);
    // Line 9 of the buffer: export const note = (id: string) => console.log(`order ${id}`);
    expect(actions[0]!.edit.changes[uri('src/routes.ts')]).toEqual([{ range: { start: { line: 8, character: 48 }, end: { line: 8, character: 61 } }, newText: "'order {id}', { id }" }]);
  });

  it('closing a file clears its diagnostics; shutdown and exit end the process', async () => {
    conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri('src/routes.ts') } });
    await until(() => codes('src/routes.ts').length === 0, 'cleared diagnostics');
    await conn.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    conn.sendNotification('exit');
    expect(await exited).toBe(0);
  });
});

// A real editor's client: Neovim headless (Debian's package; .ci/run installs it) receiving the diagnostics.
// CI sets DOCTRINES_REQUIRE_NVIM, so a missing Neovim fails there instead of skipping.
const NVIM = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0 || !!process.env.DOCTRINES_REQUIRE_NVIM;
describe.skipIf(!NVIM)('Neovim (headless) with its built-in LSP client', () => {
  it('receives the diagnostics of the file it opens', () => {
    const dir = fs.realpathSync(tempProject({ 'package.json': '{"name":"svc","private":true}', 'src/lib/telemetry.ts': SILENT, 'src/routes.ts': ROUTES }));
    const out = path.join(dir, 'diagnostics.txt');
    const r = spawnSync('nvim', ['--headless', '-n', '-u', 'NONE', '-c', `luafile ${path.resolve(__dirname, 'editors', 'neovim.lua')}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, DOCTRINES_ROOT: dir, DOCTRINES_FILE: 'src/routes.ts', DOCTRINES_OUT: out, DOCTRINES_NODE: process.execPath, DOCTRINES_BIN: BIN },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8').split('\n')).toEqual([
      '4:otel/http-handler:POST /orders handler (express) emits no telemetry',
      '8:otel/http-handler:GET /health handler (express) emits no telemetry',
    ]);
  }, 90_000);
});

describe('editors/vscode', () => {
  it('starts the workspace install of check-doctrines, or the configured one, and nothing when there is none', async () => {
    const { createRequire } = await import('node:module');
    const { serverCommand } = createRequire(import.meta.url)('../editors/vscode/server-command.js') as {
      serverCommand: (folder: string, configured: string | undefined, node?: string) => { command: string; args: string[] } | undefined;
    };
    const dir = tempProject({ 'node_modules/check-doctrines/bin/check-doctrines.js': '', 'tools/cd.js': '' });
    expect(serverCommand(dir, undefined, '/usr/bin/node')).toMatchObject({ command: '/usr/bin/node', args: [path.join(dir, 'node_modules/check-doctrines/bin/check-doctrines.js'), 'lsp', '--stdio'] });
    expect(serverCommand(dir, 'tools/cd.js', 'node')!.args[0]).toBe(path.join(dir, 'tools/cd.js'));
    expect(serverCommand(dir, 'tools/missing.js')).toBeUndefined();
    expect(serverCommand(tempProject({}), undefined)).toBeUndefined();
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'editors', 'vscode', 'package.json'), 'utf8'));
    expect(fs.existsSync(path.resolve(__dirname, '..', 'editors', 'vscode', manifest.main))).toBe(true);
    expect(Object.keys(manifest.contributes.configuration.properties)).toEqual(['checkDoctrines.diagnostics', 'checkDoctrines.debounceMs', 'checkDoctrines.path']);
  });
});
