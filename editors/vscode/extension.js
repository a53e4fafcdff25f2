// Starts `lifelint lsp` for Go files. Plain JavaScript: no build step.
//
// `lifelint.path` names the binary. In an untrusted workspace VS Code ignores the
// workspace's value of it (package.json: restrictedConfigurations), so opening a
// repository cannot make the editor run a binary of the repository's choosing.
// `lifelint.restart` restarts the server; so does a change of `lifelint.path`.
// `lifelint.trace.server` is read by the language client itself.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function createClient() {
  const command = vscode.workspace.getConfiguration("lifelint").get("path") || "lifelint";
  const server = { command, args: ["lsp"] };
  return new LanguageClient(
    "lifelint",
    "lifelint",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "go" }] }
  );
}

async function restart() {
  if (client) {
    await client.stop();
  }
  client = createClient();
  await client.start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("lifelint.restart", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("lifelint.path")) {
        restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart())
  );
  client = createClient();
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
