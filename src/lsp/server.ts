// `check-doctrines lsp --stdio`: the Language Server Protocol over standard input and output. The first
// workspace folder is the project; a Session (src/engine/session.ts) keeps its analysis in memory and
// updates it per change. Buffers override the disk (debounced), diagnostics follow across files (editing a
// helper updates the routes that call it), hover on a target shows its verdict and evidence, a code action
// suppresses a finding with a reasoned comment, and config or tsconfig changes reload the project.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Session } from '../engine/session.js';
import { ruleDocsUrl } from '../engine/package.js';
import { SUGGESTING_RULES, suggestionFor } from '../engine/suggest.js';
import type { Finding, TargetResult } from '../types.js';

/** Which files get diagnostics: the open ones (default) or every file of the workspace. */
type DiagnosticsScope = 'open' | 'workspace';

export interface ServerSettings {
  diagnostics: DiagnosticsScope;
  /** Milliseconds to wait after a keystroke before re-checking. */
  debounceMs: number;
}

const DEFAULTS: ServerSettings = { diagnostics: 'open', debounceMs: 150 };

/** Files whose change reloads the whole project: its config, tsconfig and manifests. */
const RELOADING = /(^|\/)(package\.json|tsconfig[^/]*\.json|\.doctrinesrc(\.(json|ya?ml))?|doctrines\.config\.[cm]?[jt]s)$/;

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = { ...DEFAULTS };
  let root: string | undefined;
  let session: Session | undefined;
  /** Updates run one after another; a change waiting in the debounce is replaced by a newer one. */
  let queue: Promise<unknown> = Promise.resolve();
  const pending = new Map<string, string | undefined>();
  let timer: NodeJS.Timeout | undefined;
  /** Files that currently have diagnostics published, so cleared ones are published empty. */
  const published = new Set<string>();

  const toPath = (uri: string) => (uri.startsWith('file:') ? path.normalize(fileURLToPath(uri)) : undefined);
  const toUri = (abs: string) => pathToFileURL(abs).href;
  const log = (m: string) => connection.console.log(`check-doctrines: ${m}`);

  connection.onInitialize((params: InitializeParams) => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    root = folder ? toPath(folder) : params.rootPath ?? undefined;
    settings = { ...DEFAULTS, ...readSettings(params.initializationOptions) };
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'check-doctrines' },
    };
  });

  connection.onInitialized(async () => {
    connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    if (!root) {
      connection.window.showWarningMessage('check-doctrines: no workspace folder; open a folder to analyse it');
      return;
    }
    const project = root;
    queue = queue.then(async () => {
      try {
        session = await Session.open({ root: project, onDiagnostic: log });
        log(`analysed ${session.fileList.length} files of ${project}`);
        publish(session.fileList);
      } catch (err) {
        connection.window.showErrorMessage(`check-doctrines: ${(err as Error).message}`);
      }
    });
  });

  connection.onDidChangeConfiguration((change) => {
    const next = readSettings((change.settings as Record<string, unknown> | undefined)?.checkDoctrines ?? change.settings);
    if (next.diagnostics && next.diagnostics !== settings.diagnostics) {
      settings = { ...settings, ...next };
      if (session) publish(session.fileList);
    } else settings = { ...settings, ...next };
  });

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const changes = new Map(pending);
      pending.clear();
      queue = queue.then(() => apply(changes));
    }, settings.debounceMs);
  };

  async function apply(changes: Map<string, string | undefined>): Promise<void> {
    if (!session || !changes.size) return;
    try {
      if ([...changes.keys()].some((f) => RELOADING.test(f.split(path.sep).join('/')))) {
        const outcome = await session.reload(openTexts());
        log(`reloaded: ${outcome.judged} files in ${Math.round(outcome.ms)} ms`);
        publish(session.fileList);
        return;
      }
      const outcome = await session.update(changes);
      log(`re-checked ${outcome.judged} file(s)${outcome.full ? ' (all)' : ''} in ${Math.round(outcome.ms)} ms`);
      publish(outcome.changed);
    } catch (err) {
      log(`analysis failed: ${(err as Error).message}`);
    }
  }

  function openTexts(): Map<string, string> {
    const out = new Map<string, string>();
    for (const d of documents.all()) {
      const abs = toPath(d.uri);
      if (abs) out.set(abs, d.getText());
    }
    return out;
  }

  function isOpen(abs: string): boolean {
    return documents.get(toUri(abs)) !== undefined;
  }

  function publish(files: readonly string[]): void {
    if (!session) return;
    for (const abs of files) {
      const show = settings.diagnostics === 'workspace' || isOpen(abs);
      const diagnostics = show ? session.findingsOf(abs).map(toDiagnostic) : [];
      if (!diagnostics.length && !published.has(abs)) continue;
      if (diagnostics.length) published.add(abs);
      else published.delete(abs);
      connection.sendDiagnostics({ uri: toUri(abs), diagnostics });
    }
  }

  documents.onDidOpen((e) => {
    const abs = toPath(e.document.uri);
    if (!abs) return;
    // Opened as on disk: its diagnostics are there already; opened new or different: check it.
    pending.set(abs, e.document.getText());
    schedule();
  });
  documents.onDidChangeContent((e) => {
    const abs = toPath(e.document.uri);
    if (!abs) return;
    pending.set(abs, e.document.getText());
    schedule();
  });
  documents.onDidClose((e) => {
    const abs = toPath(e.document.uri);
    if (!abs) return;
    // Back to the file on disk; its diagnostics go unless the whole workspace is shown.
    pending.set(abs, undefined);
    schedule();
    if (settings.diagnostics === 'open' && published.delete(abs)) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const c of params.changes) {
      const abs = toPath(c.uri);
      // An open file is the editor's buffer; others are read again (a deleted one is then dropped).
      if (!abs || isOpen(abs)) continue;
      pending.set(abs, undefined);
    }
    if (pending.size) schedule();
  });

  connection.onHover((params, token) => {
    const abs = toPath(params.textDocument.uri);
    if (!session || !abs || token.isCancellationRequested) return null;
    const line = params.position.line + 1;
    const targets = session.targetsOf(abs).filter((t) => t.line === line);
    if (!targets.length) return null;
    return { contents: { kind: 'markdown', value: targets.map(describeTarget).join('\n\n---\n\n') } };
  });

  connection.onCodeAction((params) => {
    const abs = toPath(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (!abs || !doc) return [];
    const actions: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      if (d.source !== 'check-doctrines' || typeof d.code !== 'string') continue;
      // The finding's safe fix (what --fix writes), as computed on the text the diagnostic was made from.
      const fix = (d.data as { fix?: Finding['fix'] } | undefined)?.fix;
      if (fix) {
        actions.push({
          title: `Fix: ${d.code === 'otel/structured-logging' ? 'constant message with structured fields' : d.code}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: true,
          edit: {
            changes: {
              [params.textDocument.uri]: fix.edits.map((e) => ({
                range: { start: { line: e.range.start.line - 1, character: e.range.start.column - 1 }, end: { line: e.range.end.line - 1, character: e.range.end.column - 1 } },
                newText: e.text,
              })),
            },
          },
        });
      }
      // The suggestion that adds telemetry (what --fix --unsafe writes), computed on the buffer as it is now; not preferred.
      const target = (d.data as { suggest?: Finding } | undefined)?.suggest;
      const suggestion = target && root ? suggestionFor(doc.getText(), target, { cwd: root, ...(session?.config.fix?.wrapper ? { wrapper: session.config.fix.wrapper } : {}) }) : undefined;
      if (suggestion) {
        actions.push({
          title: `Suggestion: ${suggestion.desc}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: false,
          edit: {
            changes: {
              [params.textDocument.uri]: suggestion.fix.edits.map((e) => ({
                range: { start: { line: e.range.start.line - 1, character: e.range.start.column - 1 }, end: { line: e.range.end.line - 1, character: e.range.end.column - 1 } },
                newText: e.text,
              })),
            },
          },
        });
      }
      const line = d.range.start.line;
      const text = doc.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } });
      const indent = /^\s*/.exec(text)?.[0] ?? '';
      actions.push({
        title: `Suppress ${d.code} on this line (with a reason)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: {
          changes: {
            [params.textDocument.uri]: [
              { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// doctrines-disable-next-line ${d.code} -- TODO: why this is fine\n` },
            ],
          },
        },
      });
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

function readSettings(raw: unknown): Partial<ServerSettings> {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: Partial<ServerSettings> = {};
  if (o.diagnostics === 'open' || o.diagnostics === 'workspace') out.diagnostics = o.diagnostics;
  if (typeof o.debounceMs === 'number' && o.debounceMs >= 0) out.debounceMs = o.debounceMs;
  return out;
}

function toDiagnostic(f: Finding): Diagnostic {
  const docs = f.docsUrl ?? ruleDocsUrl(f.ruleId);
  return {
    range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'check-doctrines',
    code: f.ruleId,
    ...(docs ? { codeDescription: { href: docs } } : {}),
    message: `${f.message}\n${f.help}`,
    ...(f.fix ? { data: { fix: f.fix } } : SUGGESTING_RULES.has(f.ruleId) && f.target ? { data: { suggest: suggestInput(f) } } : {}),
  };
}

/** What a code action needs to compute the finding's suggestion later, on the buffer's text. */
function suggestInput(f: Finding): Finding {
  const { ruleId, pillar, severity, message, file, line, column, endLine, endColumn, target, fingerprint, help, projectTracer } = f;
  return { ruleId, pillar, severity, message, file, line, column, endLine, endColumn, target, fingerprint, help, ...(projectTracer ? { projectTracer } : {}) };
}

function describeTarget(t: TargetResult): string {
  const head = `**${t.instrumented ? '✓ instrumented' : '✗ not instrumented'}** — ${t.kind} \`${t.name}\` (${t.framework}), \`${t.ruleId}\``;
  const chain = t.evidence.length
    ? t.evidence.map((e) => `- ${describeEvidence(e)}`).join('\n')
    : t.reason
      ? `- ${t.reason}`
      : '- no emission found';
  return `${head}\n\n${chain}`;
}

function describeEvidence(e: TargetResult['evidence'][number]): string {
  const at = `(${e.file}:${e.line})`;
  switch (e.kind) {
    case 'emission':
      return `emission ${e.family} \`${e.api}\` ${at}`;
    case 'coverage':
      return `${e.via} \`${e.name}\` ${at}`;
    default:
      return `${e.kind} \`${e.name}\` ${at}`;
  }
}
