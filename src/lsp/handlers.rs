//! The main loop and its handlers. Notifications (didOpen, didChange, didSave,
//! didClose) update the open buffers and mark their package dirty; each burst
//! of pending messages is drained from the channel first, so a package is
//! re-checked once per burst, not once per keystroke. A re-check publishes the
//! package's open buffers at once; its closed files are checked once the editor has
//! been idle, on a thread of their own, and published unless an edit came since.
//! Requests (codeAction,
//! hover, shutdown) see the diagnostics of the latest text: dirty packages are
//! re-checked before a request is answered. Unknown requests get
//! MethodNotFound, bad parameters InvalidParams; nothing here panics on input.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, Hover,
    HoverContents, HoverParams, MarkupContent, MarkupKind, NumberOrString, Position,
    PublishDiagnosticsParams, Range, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;

use super::convert;
use super::convert::FixData;
use super::documents::Documents;
use crate::cli::ExitStatus;
use crate::engine::{self, ParseMemo};
use crate::model::summaries::ModuleSummaries;
use crate::rules;
use crate::settings::Settings;

/// How long the editor must be quiet before the closed files of an edited package are
/// re-checked (on a thread of their own): typing only ever waits for the open buffers.
const IDLE: std::time::Duration = std::time::Duration::from_millis(200);

/// Summaries of the module's other packages, to be filled on first use.
fn fresh_module() -> Arc<ModuleSummaries> {
    Arc::new(ModuleSummaries::new(crate::engine::parse::parse))
}

/// The report of a whole package, checked in the background for its closed files.
struct ClosedCheck {
    dir: PathBuf,
    generation: u64,
    report: crate::Report,
}

/// The server's state between messages.
struct Server<'a> {
    connection: &'a Connection,
    /// The client renders Markdown in hovers (else plain text is sent).
    hover_markdown: bool,
    documents: Documents,
    settings: Settings,
    /// Package directories to re-check before the next request or the next burst.
    dirty: BTreeSet<PathBuf>,
    /// Per package directory, the closed files last published with findings.
    published: HashMap<PathBuf, Vec<Uri>>,
    /// Packages whose open buffers were re-checked and whose closed files wait for
    /// the editor to be idle (`IDLE`).
    pending: BTreeSet<PathBuf>,
    /// Per package directory, the trees of its files, reused until their text changes.
    memos: HashMap<PathBuf, Arc<ParseMemo>>,
    /// Per package directory, how many times its open buffers were re-checked: a
    /// closed-file check started before the latest one is stale when it ends.
    generations: HashMap<PathBuf, u64>,
    /// Closed-file checks run on a thread of their own, one at a time, so that an
    /// edit never waits for one; their reports come back here.
    closed_sender: crossbeam_channel::Sender<ClosedCheck>,
    closed_receiver: crossbeam_channel::Receiver<ClosedCheck>,
    /// A closed-file check is running.
    closed_running: bool,
    /// The one worker thread of closed-file checks: they never queue their work in
    /// front of an edit's in the shared pool (`None` if it could not be started).
    closed_pool: Arc<Option<rayon::ThreadPool>>,
    /// What the module's other packages declare, kept across edits; when a file is
    /// opened, saved or closed (other packages may have changed on disk), only the
    /// packages whose files changed are summarised again.
    module: Arc<ModuleSummaries>,
    shutdown_requested: bool,
}

/// The settings of the `lifelint.toml` found from the server's working directory (the
/// editor starts it in the workspace), as `lifelint check` would use them; defaults
/// when there is none, or when it is broken (said on stderr).
fn settings_from_config() -> Settings {
    let mut settings = Settings {
        enabled: crate::settings::RuleSet::defaults(),
        ..Settings::default()
    };
    match crate::config::load(None) {
        Ok(Some(config)) => match config.select(&[], &[]) {
            Ok(enabled) => {
                settings.enabled = enabled;
                config.apply(&mut settings);
            }
            Err(error) => eprintln!("lifelint lsp: {error}; using the default settings"),
        },
        Ok(None) => {}
        Err(error) => eprintln!("lifelint lsp: {error}; using the default settings"),
    }
    settings
}

/// Serves until `exit` (or until the client hangs up).
pub fn main_loop(connection: &Connection, hover_markdown: bool) -> Result<ExitStatus, String> {
    let (closed_sender, closed_receiver) = crossbeam_channel::unbounded();
    let mut server = Server {
        connection,
        hover_markdown,
        documents: Documents::default(),
        settings: settings_from_config(),
        dirty: BTreeSet::new(),
        published: HashMap::new(),
        pending: BTreeSet::new(),
        memos: HashMap::new(),
        generations: HashMap::new(),
        closed_sender,
        closed_receiver,
        closed_running: false,
        closed_pool: Arc::new(rayon::ThreadPoolBuilder::new().num_threads(1).build().ok()),
        module: fresh_module(),
        shutdown_requested: false,
    };
    loop {
        let closed = server.closed_receiver.clone();
        let first = if server.closed_running {
            crossbeam_channel::select! {
                recv(connection.receiver) -> message => match message {
                    Ok(message) => message,
                    Err(_) => break,
                },
                recv(closed) -> done => {
                    if let Ok(done) = done {
                        server.publish_closed(done)?;
                    }
                    continue;
                },
            }
        } else if server.pending.is_empty() {
            match connection.receiver.recv() {
                Ok(message) => message,
                Err(_) => break,
            }
        } else {
            match connection.receiver.recv_timeout(IDLE) {
                Ok(message) => message,
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                    server.start_closed_check();
                    continue;
                }
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
            }
        };
        // Coalesce a burst: take everything already waiting before checking.
        let mut burst = vec![first];
        while let Ok(next) = connection.receiver.try_recv() {
            burst.push(next);
        }
        for message in burst {
            match message {
                Message::Request(request) => server.request(request)?,
                Message::Notification(notification) => {
                    if notification.method == "exit" {
                        return Ok(if server.shutdown_requested {
                            ExitStatus::Clean
                        } else {
                            ExitStatus::ExitWithoutShutdown
                        });
                    }
                    server.notification(notification);
                }
                Message::Response(_) => {}
            }
        }
        server.recheck_dirty()?;
    }
    eprintln!("lifelint lsp: client closed the connection without `exit`");
    Ok(ExitStatus::Error)
}

impl Server<'_> {
    fn send(&self, message: impl Into<Message>) -> Result<(), String> {
        self.connection
            .sender
            .send(message.into())
            .map_err(|error| format!("sending to the client: {error}"))
    }

    fn reply_error(&self, id: RequestId, code: ErrorCode, message: String) -> Result<(), String> {
        self.send(Response::new_err(id, code as i32, message))
    }

    fn request(&mut self, request: Request) -> Result<(), String> {
        if self.shutdown_requested {
            return self.reply_error(
                request.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            );
        }
        match request.method.as_str() {
            "shutdown" => {
                self.shutdown_requested = true;
                self.send(Response::new_ok(request.id, ()))
            }
            CodeActionRequest::METHOD => {
                self.recheck_dirty()?;
                let Some((id, params)) = self.params::<CodeActionParams>(request)? else {
                    return Ok(());
                };
                let actions = self.code_actions(&params);
                self.send(Response::new_ok(id, actions))
            }
            HoverRequest::METHOD => {
                let Some((id, params)) = self.params::<HoverParams>(request)? else {
                    return Ok(());
                };
                let hover = self.hover(&params);
                self.send(Response::new_ok(id, hover))
            }
            _ => self.reply_error(
                request.id,
                ErrorCode::MethodNotFound,
                format!("unknown request `{}`", request.method),
            ),
        }
    }

    /// A request's parameters, or an InvalidParams reply (and `None`).
    fn params<P: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Option<(RequestId, P)>, String> {
        match serde_json::from_value(request.params) {
            Ok(params) => Ok(Some((request.id, params))),
            Err(error) => {
                self.reply_error(
                    request.id,
                    ErrorCode::InvalidParams,
                    format!("invalid params for `{}`: {error}", request.method),
                )?;
                Ok(None)
            }
        }
    }

    fn notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let result = match method.as_str() {
            DidOpenTextDocument::METHOD => {
                parse(notification).map(|params: DidOpenTextDocumentParams| {
                    let doc = params.text_document;
                    self.documents.open(doc.uri.clone(), doc.text, doc.version);
                    self.module.refresh();
                    self.mark_dirty(&doc.uri);
                })
            }
            DidChangeTextDocument::METHOD => {
                parse(notification).map(|params: DidChangeTextDocumentParams| {
                    let doc = params.text_document;
                    let Some(edits) =
                        self.documents
                            .change(&doc.uri, params.content_changes, doc.version)
                    else {
                        return;
                    };
                    // The package's kept tree of this file is edited too, so the next
                    // check reparses it incrementally.
                    if let (Some(dir), Some(path)) = (
                        self.documents.package_dir(&doc.uri),
                        self.documents.get(&doc.uri).and_then(|d| d.path.clone()),
                    ) && let Some(memo) = self.memos.get(&dir)
                    {
                        memo.edit(&path, edits.as_deref());
                    }
                    self.mark_dirty(&doc.uri);
                })
            }
            DidSaveTextDocument::METHOD => {
                parse(notification).map(|params: DidSaveTextDocumentParams| {
                    // Other files of the package, and other packages, may have changed
                    // on disk too.
                    self.module.refresh();
                    self.mark_dirty(&params.text_document.uri);
                })
            }
            DidCloseTextDocument::METHOD => {
                parse(notification).map(|params: DidCloseTextDocumentParams| {
                    let uri = params.text_document.uri;
                    let dir = self.documents.package_dir(&uri);
                    if self.documents.close(&uri).is_some() {
                        self.module.refresh();
                        let _ = self.publish(uri, Vec::new(), None);
                        // The package's other open files now see this file as it is on disk.
                        if let Some(dir) = dir {
                            self.dirty.insert(dir);
                        }
                    }
                })
            }
            _ => Ok(()),
        };
        if let Err(error) = result {
            eprintln!("lifelint lsp: ignoring `{method}`: {error}");
        }
    }

    fn mark_dirty(&mut self, uri: &Uri) {
        if let Some(dir) = self.documents.package_dir(uri) {
            self.dirty.insert(dir);
        }
    }

    fn recheck_dirty(&mut self) -> Result<(), String> {
        for dir in std::mem::take(&mut self.dirty) {
            self.recheck_open(&dir)?;
        }
        Ok(())
    }

    /// The first half of a re-check, done at once after each burst of edits: the
    /// package's open buffers are checked (the closed files are read, or taken as last
    /// read, for the package index, and their trees reused) and published. The closed
    /// files' findings follow when the editor is idle (`start_closed_check`).
    fn recheck_open(&mut self, dir: &Path) -> Result<(), String> {
        let open = self.documents.open_in(dir);
        if open.is_empty() {
            // No buffer left: clear what was published for the closed files.
            for uri in self.published.remove(dir).unwrap_or_default() {
                self.publish(uri, Vec::new(), None)?;
            }
            self.pending.remove(dir);
            self.memos.remove(dir);
            self.generations.remove(dir);
            self.documents.forget_disk(dir);
            return Ok(());
        }
        *self.generations.entry(dir.to_path_buf()).or_default() += 1;
        let report = self.check_package(dir);
        let by_path = by_path(&report);
        for (uri, path) in &open {
            let diagnostics = diagnostics_of(&by_path, path, uri);
            let Some(doc) = self.documents.get_mut(uri) else {
                continue;
            };
            doc.diagnostics = diagnostics.clone();
            let version = Some(doc.version);
            self.publish(uri.clone(), diagnostics, version)?;
        }
        self.pending.insert(dir.to_path_buf());
        Ok(())
    }

    /// Starts, on a thread of its own, the check of every file of one package waiting
    /// for it (open buffers as they are now); `publish_closed` takes its report.
    fn start_closed_check(&mut self) {
        let Some(dir) = self.pending.pop_first() else {
            return;
        };
        if self.documents.open_in(&dir).is_empty() {
            return;
        }
        let files = self.documents.package_files(&dir, true);
        let paths: Vec<&Path> = files.iter().map(|file| file.path.as_path()).collect();
        let memo = Arc::clone(self.memos.entry(dir.clone()).or_default());
        memo.retain(&paths);
        let generation = self.generations.get(&dir).copied().unwrap_or_default();
        let (settings, module) = (self.settings.clone(), Arc::clone(&self.module));
        let sender = self.closed_sender.clone();
        self.closed_running = true;
        let pool = Arc::clone(&self.closed_pool);
        std::thread::spawn(move || {
            let check = || engine::check_files_with(files, &settings, &memo, &module);
            let report = match pool.as_ref() {
                Some(pool) => pool.install(check),
                None => check(),
            };
            let _ = sender.send(ClosedCheck {
                dir,
                generation,
                report,
            });
        });
    }

    /// Publishes a background check of a whole package, unless its open buffers were
    /// re-checked since it started (it then waits for the next idle moment): each closed
    /// file with findings, an empty list for a closed file that had findings before and
    /// has none now, and any open buffer whose findings differ from those last published.
    fn publish_closed(&mut self, done: ClosedCheck) -> Result<(), String> {
        self.closed_running = false;
        let ClosedCheck {
            dir,
            generation,
            report,
        } = done;
        if self.generations.get(&dir).copied().unwrap_or_default() != generation {
            return Ok(());
        }
        let open = self.documents.open_in(&dir);
        if open.is_empty() {
            return Ok(());
        }
        for problem in &report.problems {
            eprintln!("lifelint lsp: {}: {}", problem.path, problem.message);
        }
        let before = self.published.remove(&dir).unwrap_or_default();
        let by_path = by_path(&report);
        for (uri, path) in &open {
            let diagnostics = diagnostics_of(&by_path, path, uri);
            let Some(doc) = self.documents.get_mut(uri) else {
                continue;
            };
            if doc.diagnostics != diagnostics {
                doc.diagnostics = diagnostics.clone();
                let version = Some(doc.version);
                self.publish(uri.clone(), diagnostics, version)?;
            }
        }
        // The closed files of the package, by their `file:` uri.
        let mut published = Vec::new();
        for (path, diags) in &by_path {
            if open.iter().any(|(_, open)| open.as_path() == *path) {
                continue;
            }
            // Spelled as the client spells the package's open buffers.
            let spelled = open
                .first()
                .and_then(|(neighbour, _)| convert::sibling_uri(neighbour, path));
            let Some(uri) = spelled.or_else(|| convert::path_to_uri(path)) else {
                continue;
            };
            let diagnostics = diags
                .iter()
                .map(|diag| convert::diagnostic(diag, &uri))
                .collect();
            published.push(uri.clone());
            self.publish(uri, diagnostics, None)?;
        }
        for uri in before {
            if !published.contains(&uri) && !open.iter().any(|(open, _)| *open == uri) {
                self.publish(uri, Vec::new(), None)?;
            }
        }
        if !published.is_empty() {
            self.published.insert(dir.to_path_buf(), published);
        }
        Ok(())
    }

    /// Checks the open buffers of the package in `dir` (its closed files read for the
    /// package index) with the kept trees and the module summaries. Problems go to
    /// stderr.
    fn check_package(&mut self, dir: &Path) -> crate::Report {
        let files = self.documents.package_files(dir, false);
        let paths: Vec<&Path> = files.iter().map(|file| file.path.as_path()).collect();
        let memo: &ParseMemo = self.memos.entry(dir.to_path_buf()).or_default();
        memo.retain(&paths);
        let report = engine::check_files_with(files, &self.settings, memo, &self.module);
        for problem in &report.problems {
            eprintln!("lifelint lsp: {}: {}", problem.path, problem.message);
        }
        report
    }

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), String> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        ))
    }

    /// "Suppress <id> on this line" for each finding whose lines meet the range,
    /// and the finding's quick fix when its rule made one.
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(doc) = self.documents.get(uri) else {
            return Vec::new();
        };
        let lines: Vec<&str> = doc.text.split('\n').collect();
        let wanted = params.range.start.line..=params.range.end.line;
        let mut actions = Vec::new();
        for diag in &doc.diagnostics {
            let line = diag.range.start.line;
            let meets =
                diag.range.start.line <= *wanted.end() && diag.range.end.line >= *wanted.start();
            let Some(NumberOrString::String(id)) = &diag.code else {
                continue;
            };
            let Some(text) = lines.get(line as usize) else {
                continue;
            };
            if !meets {
                continue;
            }
            let end = Position::new(line, convert::utf16_len(text));
            // Extend an existing `//nolint:` list rather than adding a second directive.
            let new_text =
                if text.trim_end().contains("//nolint:") && !text.trim_end().ends_with(',') {
                    format!(",{id}")
                } else {
                    format!(" //nolint:{id}")
                };
            let edit = TextEdit::new(Range::new(end, end), new_text);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress {id} on this line"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
            if let Some(fix) = FixData::of(diag) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), fix.edits)])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }

    /// On a rule id inside a `//nolint:` comment: the rule's summary and page.
    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let doc = self.documents.get(&at.text_document.uri)?;
        let line = doc.text.split('\n').nth(at.position.line as usize)?;
        let cursor = convert::byte_column(line, at.position.character);
        let list_start = line.find("//nolint:")? + "//nolint:".len();
        if cursor < list_start {
            return None;
        }
        let is_id = |c: char| c.is_ascii_alphanumeric() || c == '-';
        let start = line[..cursor]
            .rfind(|c: char| !is_id(c))
            .map_or(0, |i| i + 1)
            .max(list_start);
        let end = line[cursor..]
            .find(|c: char| !is_id(c))
            .map_or(line.len(), |i| cursor + i);
        let word = line.get(start..end)?;
        let (_, rule) = rules::by_id(word)?;
        let meta = rule.meta();
        let start_char = line[..start].encode_utf16().count() as u32;
        let end_char = line[..end].encode_utf16().count() as u32;
        let (kind, value) = if self.hover_markdown {
            (
                MarkupKind::Markdown,
                format!(
                    "**{}** ({}): {}\n\n[Rule documentation]({})",
                    meta.id,
                    meta.severity.name(),
                    meta.summary,
                    meta.page_url()
                ),
            )
        } else {
            (
                MarkupKind::PlainText,
                format!(
                    "{} ({}): {}\n\nRule documentation: {}",
                    meta.id,
                    meta.severity.name(),
                    meta.summary,
                    meta.page_url()
                ),
            )
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind, value }),
            range: Some(Range::new(
                Position::new(at.position.line, start_char),
                Position::new(at.position.line, end_char),
            )),
        })
    }
}

/// The findings of the file at `path`, for the client's `uri` of it.
fn diagnostics_of(
    by_path: &BTreeMap<&Path, Vec<&crate::Diagnostic>>,
    path: &Path,
    uri: &Uri,
) -> Vec<lsp_types::Diagnostic> {
    by_path
        .get(path)
        .into_iter()
        .flatten()
        .map(|diag| convert::diagnostic(diag, uri))
        .collect()
}

/// A report's findings by file path.
fn by_path(report: &crate::Report) -> BTreeMap<&Path, Vec<&crate::Diagnostic>> {
    let mut by_path: BTreeMap<&Path, Vec<&crate::Diagnostic>> = BTreeMap::new();
    for diag in &report.diagnostics {
        by_path
            .entry(diag.file.path.as_path())
            .or_default()
            .push(diag);
    }
    by_path
}

fn parse<P: DeserializeOwned>(notification: Notification) -> Result<P, String> {
    serde_json::from_value(notification.params).map_err(|error| error.to_string())
}
