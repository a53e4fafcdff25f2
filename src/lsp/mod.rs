//! `lifelint lsp`: a synchronous Language Server on stdio, built on the
//! `lsp-server` connection and `lsp-types` messages (no async runtime: the
//! engine is synchronous), over our own stdio `transport`, which answers a
//! malformed frame with a JSON-RPC error instead of dying on it (as
//! `Connection::stdio()` does). `run_stdio` performs the `initialize` handshake,
//! advertising incremental text sync, code actions and hover, then hands the
//! connection to `handlers::main_loop`. Only protocol goes to stdout; logs go
//! to stderr.

mod convert;
mod documents;
mod handlers;
mod transport;

use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use crate::cli::ExitStatus;

/// Runs the server on stdin/stdout until `exit`. `Clean` after `shutdown` then
/// `exit`; `Error` on a protocol error or an `exit` without `shutdown`.
pub fn run_stdio() -> ExitStatus {
    eprintln!("lifelint {} language server starting", crate::VERSION);
    let (connection, io_threads) = match transport::stdio() {
        Ok(started) => started,
        Err(error) => {
            eprintln!("lifelint lsp: starting the stdio threads: {error}");
            return ExitStatus::Error;
        }
    };
    let mut status = match serve(&connection) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("lifelint lsp: {error}");
            ExitStatus::Error
        }
    };
    // The writer thread ends once every sender is dropped.
    drop(connection);
    if let Err(error) = io_threads.join() {
        eprintln!("lifelint lsp: {error}");
        status = ExitStatus::Error;
    }
    status
}

/// Serves one client on `connection` (stdio, or an in-memory pair in tests and the
/// latency bench): the `initialize` handshake, then the main loop until `exit`.
pub fn serve(connection: &Connection) -> Result<ExitStatus, String> {
    let initialize = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "lifelint".to_string(),
            version: Some(crate::VERSION.to_string()),
        },
    });
    let (id, params) = connection
        .initialize_start()
        .map_err(|error| error.to_string())?;
    let hover_markdown = hover_takes_markdown(&params);
    // Answer `initialize`, then serve at once: a client may send requests before its
    // `initialized` notification, which the main loop takes as any other message
    // (lsp-server's `initialize_finish` would give up on anything else).
    connection
        .sender
        .send(lsp_server::Response::new_ok(id, initialize).into())
        .map_err(|error| error.to_string())?;
    handlers::main_loop(connection, hover_markdown)
}

/// Whether the client renders Markdown in hovers: it lists `markdown` in
/// `textDocument.hover.contentFormat` before `plaintext`, or says nothing (the
/// specification's default then is the server's choice; Markdown is what editors
/// render). A client that asks for plain text only gets plain text.
fn hover_takes_markdown(params: &serde_json::Value) -> bool {
    let Some(formats) = params
        .pointer("/capabilities/textDocument/hover/contentFormat")
        .and_then(|f| f.as_array())
    else {
        return true;
    };
    let first_known = formats
        .iter()
        .filter_map(|f| f.as_str())
        .find(|f| matches!(*f, "markdown" | "plaintext"));
    first_known.is_none_or(|f| f == "markdown")
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}
