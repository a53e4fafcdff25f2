// Starts `lifelint lsp` for Go files. Plain JavaScript: no build step.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("lifelint").get("path") || "lifelint";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "lifelint",
    "lifelint",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "go" }] }
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("lifelint.path")) {
        vscode.window.showInformationMessage("lifelint: reload the window to use the new lifelint.path");
      }
    })
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
