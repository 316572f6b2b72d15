// Which check-doctrines the extension starts, kept apart from `vscode` so it can be tested on its own: the
// configured path, else the workspace's own install (node_modules/check-doctrines/bin), else none.
const fs = require('node:fs');
const path = require('node:path');

/** The command that starts the language server, or undefined when no check-doctrines is found. */
function serverCommand(workspaceFolder, configuredPath, nodePath = process.execPath) {
  const candidates = configuredPath
    ? [path.resolve(workspaceFolder, configuredPath)]
    : [path.join(workspaceFolder, 'node_modules', 'check-doctrines', 'bin', 'check-doctrines.js')];
  const bin = candidates.find((c) => fs.existsSync(c));
  return bin ? { command: nodePath, args: [bin, 'lsp', '--stdio'], options: { cwd: workspaceFolder } } : undefined;
}

module.exports = { serverCommand };
