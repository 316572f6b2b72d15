// The VS Code extension: starts `check-doctrines lsp --stdio` for the first workspace folder and hands its
// settings over; everything else is the language server's.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { serverCommand } = require('./server-command.js');

let client;

async function activate(context) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const settings = vscode.workspace.getConfiguration('checkDoctrines');
  const run = serverCommand(folder.uri.fsPath, settings.get('path'), process.execPath);
  if (!run) {
    vscode.window.showWarningMessage('check-doctrines: not installed in this workspace (npm install --save-dev check-doctrines), or set checkDoctrines.path');
    return;
  }
  client = new LanguageClient(
    'checkDoctrines',
    'check-doctrines',
    { run: { ...run, transport: TransportKind.stdio }, debug: { ...run, transport: TransportKind.stdio } },
    {
      documentSelector: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ scheme: 'file', language })),
      initializationOptions: { diagnostics: settings.get('diagnostics'), debounceMs: settings.get('debounceMs') },
      synchronize: {
        configurationSection: 'checkDoctrines',
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{package.json,tsconfig*.json,.doctrinesrc*,doctrines.config.*,*.ts,*.tsx,*.js,*.jsx,*.mjs,*.cjs,*.mts,*.cts}'),
      },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
