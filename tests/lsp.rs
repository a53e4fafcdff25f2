//! `lifelint lsp` driven as an editor would drive it: the built binary, framed
//! JSON-RPC over its stdin/stdout, a Go package in a temporary directory; and fed
//! malformed frames, as a buggy client might send them, which must be answered
//! with JSON-RPC errors while the server goes on serving. Every read has a
//! timeout, so a hung server fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

const CLEAN: &str = "package app

import (
\t\"context\"
\t\"time\"
)

func Run(parent context.Context) {
\tctx, cancel := context.WithTimeout(parent, time.Second)
\tdefer cancel()
\t_ = ctx
}
";

/// The `_` on line 9 (0-based 8) follows a comment with a character outside
/// the BMP: 2 UTF-16 units, 4 bytes.
const BUGGY: &str = "package app

import (
\t\"context\"
\t\"time\"
)

func Run(parent context.Context) {
\t/*😀*/ ctx, _ := context.WithTimeout(parent, time.Second)
\t_ = ctx
}
";

struct Server {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lifelint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start lifelint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin: Some(stdin),
            messages,
            next_id: 0,
        }
    }

    /// Writes `bytes` to the server as they are.
    fn send_raw(&mut self, bytes: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    fn send_body(&mut self, body: &str) {
        self.send_raw(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }

    fn send(&mut self, message: Value) {
        self.send_body(&message.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response (skipping notifications on the way).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.expect(&format!("response to {method}"), |m| m["id"] == json!(id))
    }

    /// The next message matching `wanted`, within the timeout.
    fn expect(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(error) => panic!("waiting for {what}: {error}"),
            }
        }
    }

    /// The next error response, which must have `code` and `id`.
    fn expect_error(&mut self, what: &str, code: i64, id: Value) {
        let reply = self.expect(what, |m| m.get("error").is_some());
        assert_eq!(reply["jsonrpc"], "2.0", "{what}: {reply}");
        assert_eq!(reply["error"]["code"], code, "{what}: {reply}");
        assert!(reply["error"]["message"].is_string(), "{what}: {reply}");
        assert_eq!(reply["id"], id, "{what}: {reply}");
    }

    /// The next publishDiagnostics for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let message = self.expect(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, dir: &Path) {
        let response = self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(dir), "capabilities": {}}),
        );
        let capabilities = &response["result"]["capabilities"];
        // Incremental sync: ranged changes (a change without a range still replaces all).
        assert_eq!(capabilities["textDocumentSync"]["change"], 2, "{response}");
        assert_eq!(
            capabilities["codeActionProvider"]["codeActionKinds"][0],
            "quickfix"
        );
        self.notify("initialized", json!({}));
    }

    /// shutdown, exit, and the exit status.
    fn shut_down(mut self) -> std::process::ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// The exit status, within the timeout.
    fn wait(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit in time");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One frame from the server, which must be exactly `Content-Length: N`, a
/// blank line and N bytes of JSON: anything else on stdout ends the stream
/// (and the test then times out waiting).
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut header = String::new();
    reader.read_line(&mut header).ok()?;
    let length = header
        .strip_prefix("Content-Length: ")?
        .strip_suffix("\r\n")?
        .parse::<usize>()
        .ok()?;
    let mut blank = String::new();
    reader.read_line(&mut blank).ok()?;
    if blank != "\r\n" {
        return None;
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn open(server: &mut Server, uri: &str, text: &str, version: i32) {
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": version, "text": text}}),
    );
}

fn change(server: &mut Server, uri: &str, text: &str, version: i32) {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

fn package() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("go.mod"), "module example.com/app\n\ngo 1.22\n").unwrap();
    (dir, root)
}

fn assert_discarded_cancel(diagnostics: &[Value]) {
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let diag = &diagnostics[0];
    assert_eq!(diag["code"], "ctx-cancel-discarded");
    assert_eq!(diag["source"], "lifelint");
    assert!(
        diag["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("ctx-cancel-discarded.md"),
        "{diag}"
    );
    assert!(diag["severity"].as_i64().is_some(), "{diag}");
    // Ranges are in UTF-16 units: the emoji before them counts 2, not 4 (its bytes).
    // The primary range is the call; the related place is the `_`.
    let line = BUGGY.lines().nth(8).unwrap();
    let utf16 = |byte: usize| line[..byte].encode_utf16().count();
    let call = line.find("context.WithTimeout").unwrap();
    let blank = line.find(", _").unwrap() + 2;
    assert_eq!(utf16(call), 18);
    assert_eq!(
        diag["range"]["start"],
        json!({"line": 8, "character": utf16(call)})
    );
    assert_eq!(
        diag["range"]["end"],
        json!({"line": 8, "character": utf16(line.len())})
    );
    let related = &diag["relatedInformation"][0]["location"];
    assert_eq!(
        related["range"],
        json!({"start": {"line": 8, "character": utf16(blank)}, "end": {"line": 8, "character": utf16(blank) + 1}})
    );
}

#[test]
fn open_change_unsaved_buffer_code_action_and_shutdown() {
    let (_guard, root) = package();
    let file = root.join("run.go");
    std::fs::write(&file, BUGGY).unwrap();
    // A second file of the package on disk, never opened: read from disk, not reported.
    std::fs::write(root.join("other.go"), "package app\n\nfunc Other() {}\n").unwrap();
    let file_uri = uri(&file);

    let mut server = Server::start(&root);
    server.initialize(&root);

    // didOpen a buggy file -> one finding with the right UTF-16 range.
    open(&mut server, &file_uri, BUGGY, 1);
    assert_discarded_cancel(&server.diagnostics(&file_uri));

    // codeAction over that line -> the nolint quick fix.
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": file_uri},
            "range": {"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 0}},
            "context": {"diagnostics": []}
        }),
    );
    let actions = response["result"].as_array().expect("actions");
    // The nolint directive, then the quick fix that keeps and defers the cancel.
    assert_eq!(actions.len(), 2, "{response}");
    assert_eq!(actions[1]["kind"], "quickfix");
    let fix = actions[1]["edit"]["changes"][&file_uri].as_array().unwrap();
    assert_eq!(fix[0]["newText"], "cancel", "{response}");
    assert_eq!(
        fix[0]["range"]["start"],
        json!({"line": 8, "character": 13})
    );
    assert_eq!(fix[1]["newText"], "\tdefer cancel()\n", "{response}");
    assert_eq!(fix[1]["range"]["start"], json!({"line": 9, "character": 0}));
    assert_eq!(
        actions[0]["title"],
        "Suppress ctx-cancel-discarded on this line"
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    let edits = actions[0]["edit"]["changes"][&file_uri].as_array().unwrap();
    let line_len = BUGGY.lines().nth(8).unwrap().encode_utf16().count();
    assert_eq!(edits[0]["newText"], " //nolint:ctx-cancel-discarded");
    assert_eq!(edits[0]["range"]["start"]["line"], 8);
    assert_eq!(edits[0]["range"]["start"]["character"], line_len);
    assert_eq!(edits[0]["range"]["end"], edits[0]["range"]["start"]);

    // The edit applied: the directive is honoured.
    let mut suppressed: Vec<&str> = BUGGY.lines().collect();
    let fixed_line = format!("{} //nolint:ctx-cancel-discarded", suppressed[8]);
    suppressed[8] = &fixed_line;
    let suppressed = suppressed.join("\n") + "\n";
    change(&mut server, &file_uri, &suppressed, 2);
    assert_eq!(server.diagnostics(&file_uri), Vec::<Value>::new());

    // Hover on the rule id in the directive shows its summary.
    let hover = server.request(
        "textDocument/hover",
        json!({
            "textDocument": {"uri": file_uri},
            "position": {"line": 8, "character": line_len + 12}
        }),
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover");
    assert!(value.contains("ctx-cancel-discarded"), "{hover}");
    assert_eq!(hover["result"]["contents"]["kind"], "markdown", "{hover}");

    // A stale version is ignored; a burst of changes is checked once, last text wins.
    change(&mut server, &file_uri, BUGGY, 3);
    change(&mut server, &file_uri, CLEAN, 4);
    change(&mut server, &file_uri, BUGGY, 1);
    // Whatever was published in between, the final state is the clean buffer.
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": file_uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}},
            "context": {"diagnostics": []}
        }),
    );
    assert_eq!(response["result"], json!([]), "{response}");

    // didClose clears the file's diagnostics.
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": file_uri}}),
    );
    let message = server.expect("clearing diagnostics on close", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == file_uri
            && m["params"]["diagnostics"] == json!([])
            && m["params"].get("version").is_none_or(Value::is_null)
    });
    assert_eq!(message["params"]["diagnostics"], json!([]));

    let status = server.shut_down();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn unsaved_buffer_wins_over_disk() {
    let (_guard, root) = package();
    let file = root.join("run.go");
    std::fs::write(&file, CLEAN).unwrap();
    let file_uri = uri(&file);

    let mut server = Server::start(&root);
    server.initialize(&root);

    // Disk is clean; the buffer opened from it too.
    open(&mut server, &file_uri, CLEAN, 1);
    assert_eq!(server.diagnostics(&file_uri), Vec::<Value>::new());

    // The unsaved buffer is buggy: diagnostics come from the buffer.
    change(&mut server, &file_uri, BUGGY, 2);
    assert_discarded_cancel(&server.diagnostics(&file_uri));

    // didSave re-checks; still from the buffer (disk is still clean here).
    server.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": file_uri}}),
    );
    assert_discarded_cancel(&server.diagnostics(&file_uri));

    // Fixing the buffer clears them.
    change(&mut server, &file_uri, CLEAN, 3);
    assert_eq!(server.diagnostics(&file_uri), Vec::<Value>::new());

    assert_eq!(server.shut_down().code(), Some(0));
}

/// `cancel` is called on the happy path only: the early return leaks.
const LEAKY: &str = "package app

import (
\t\"context\"
\t\"time\"
)

func Run(parent context.Context, skip bool) error {
\tctx, cancel := context.WithTimeout(parent, time.Second)
\tif skip {
\t\treturn nil
\t}
\tcancel()
\treturn ctx.Err()
}
";

/// Applies LSP text edits (positions in UTF-16 units) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let rest = &text[start..];
        let mut units = 0;
        let mut bytes = 0;
        for ch in rest.chars() {
            if units >= character || ch == '\n' {
                break;
            }
            units += ch.len_utf16();
            bytes += ch.len_utf8();
        }
        start + bytes
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|&(start, _, _)| std::cmp::Reverse(start));
    let mut text = text.to_string();
    for (start, end, new_text) in edits {
        text.replace_range(start..end, new_text);
    }
    text
}

#[test]
fn quick_fix_defers_cancel() {
    let (_guard, root) = package();
    let file = root.join("run.go");
    std::fs::write(&file, LEAKY).unwrap();
    let file_uri = uri(&file);

    let mut server = Server::start(&root);
    server.initialize(&root);
    open(&mut server, &file_uri, LEAKY, 1);
    let diagnostics = server.diagnostics(&file_uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "ctx-cancel-not-called");

    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": file_uri},
            "range": {"start": {"line": 8, "character": 20}, "end": {"line": 8, "character": 20}},
            "context": {"diagnostics": diagnostics}
        }),
    );
    let actions = response["result"].as_array().expect("actions");
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Suppress ctx-cancel-not-called on this line"),
        "{response}"
    );
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Add `defer cancel()`")
        .unwrap_or_else(|| panic!("no quick fix: {response}"));
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][&file_uri].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{fix}");
    assert_eq!(edits[0]["newText"], "\tdefer cancel()\n");
    assert_eq!(
        edits[0]["range"],
        json!({"start": {"line": 9, "character": 0}, "end": {"line": 9, "character": 0}})
    );

    // Applied, the finding is gone.
    let fixed = apply(LEAKY, edits);
    assert!(
        fixed.contains("time.Second)\n\tdefer cancel()\n\tif skip {"),
        "{fixed}"
    );
    change(&mut server, &file_uri, &fixed, 2);
    assert_eq!(server.diagnostics(&file_uri), Vec::<Value>::new());

    assert_eq!(server.shut_down().code(), Some(0));
}

const RACY: &str = "package app

import \"sync\"

func Fan(items []int, handle func(int)) {
	var wg sync.WaitGroup
	for _, item := range items {
		go func(group *sync.WaitGroup, n int) {
			group.Add(1) // one per item
			defer group.Done()
			handle(n)
		}(&wg, item)
	}
	wg.Wait()
}
";

#[test]
fn quick_fix_moves_wait_group_add_out_of_the_goroutine() {
    let (_guard, root) = package();
    let file = root.join("fan.go");
    std::fs::write(&file, RACY).unwrap();
    let file_uri = uri(&file);

    let mut server = Server::start(&root);
    server.initialize(&root);
    open(&mut server, &file_uri, RACY, 1);
    let diagnostics = server.diagnostics(&file_uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "wg-add-in-goroutine");

    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": file_uri},
            "range": {"start": {"line": 8, "character": 4}, "end": {"line": 8, "character": 4}},
            "context": {"diagnostics": diagnostics}
        }),
    );
    let actions = response["result"].as_array().expect("actions");
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Move `wg.Add(1)` before the `go` statement")
        .unwrap_or_else(|| panic!("no quick fix: {response}"));
    assert_eq!(fix["isPreferred"], true);
    let edits = fix["edit"]["changes"][&file_uri].as_array().unwrap();

    // Applied: the parameter became the WaitGroup it stands for, the comment moved
    // along, and the finding is gone.
    let fixed = apply(RACY, edits);
    assert!(
        fixed.contains(
            "\t\twg.Add(1) // one per item\n\t\tgo func(group *sync.WaitGroup, n int) {\n\t\t\tdefer group.Done()\n"
        ),
        "{fixed}"
    );
    change(&mut server, &file_uri, &fixed, 2);
    assert_eq!(server.diagnostics(&file_uri), Vec::<Value>::new());

    assert_eq!(server.shut_down().code(), Some(0));
}

#[test]
fn closed_files_of_the_package_are_published() {
    let (_guard, root) = package();
    let a = root.join("a.go");
    let b = root.join("b.go");
    let b_fixed = BUGGY
        .replace("/*😀*/ ctx, _ :=", "ctx, cancel :=")
        .replace("\t_ = ctx\n", "\tdefer cancel()\n\t_ = ctx\n");
    let a_text = "package app\n\nfunc A() {}\n";
    std::fs::write(&a, a_text).unwrap();
    std::fs::write(&b, BUGGY).unwrap();
    let (a_uri, b_uri) = (uri(&a), uri(&b));

    let mut server = Server::start(&root);
    server.initialize(&root);

    // Opening a.go publishes the findings of the closed b.go too.
    open(&mut server, &a_uri, a_text, 1);
    assert_eq!(server.diagnostics(&a_uri), Vec::<Value>::new());
    let b_diagnostics = server.diagnostics(&b_uri);
    assert_discarded_cancel(&b_diagnostics);

    // b.go fixed on disk; a save of a.go re-checks the package: b.go is cleared.
    std::fs::write(&b, &b_fixed).unwrap();
    server.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": a_uri}}),
    );
    assert_eq!(server.diagnostics(&b_uri), Vec::<Value>::new());

    // Broken again on disk, then a didChange of a.go: published again, then
    // cleared again once fixed.
    std::fs::write(&b, BUGGY).unwrap();
    change(&mut server, &a_uri, a_text, 2);
    assert_discarded_cancel(&server.diagnostics(&b_uri));
    std::fs::write(&b, &b_fixed).unwrap();
    change(&mut server, &a_uri, a_text, 3);
    assert_eq!(server.diagnostics(&b_uri), Vec::<Value>::new());

    assert_eq!(server.shut_down().code(), Some(0));
}

/// VS Code spells `:` in a path `%3A` (as in `file:///c%3A/...`); the findings of a
/// closed file must come under the same spelling, or the editor shows them nowhere.
#[test]
fn closed_files_are_published_under_the_clients_spelling() {
    let (_guard, root) = package();
    let dir = root.join("a:b");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("go.mod"), "module example.com/ab\n\ngo 1.22\n").unwrap();
    let a_text = "package app\n\nfunc A() {}\n";
    std::fs::write(dir.join("a.go"), a_text).unwrap();
    std::fs::write(dir.join("b.go"), BUGGY).unwrap();
    let spelled = |name: &str| format!("file://{}/a%3Ab/{name}", root.display());

    let mut server = Server::start(&root);
    server.initialize(&root);
    open(&mut server, &spelled("a.go"), a_text, 1);
    assert_eq!(server.diagnostics(&spelled("a.go")), Vec::<Value>::new());
    assert_discarded_cancel(&server.diagnostics(&spelled("b.go")));
    assert_eq!(server.shut_down().code(), Some(0));
}

#[test]
fn bad_requests_get_errors_not_crashes() {
    let (_guard, root) = package();
    let mut server = Server::start(&root);
    server.initialize(&root);

    // Malformed params: InvalidParams (-32602).
    let response = server.request("textDocument/codeAction", json!({"textDocument": 42}));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    let response = server.request("textDocument/hover", json!("nonsense"));
    assert_eq!(response["error"]["code"], -32602, "{response}");

    // Unknown method: MethodNotFound (-32601).
    let response = server.request("lifelint/noSuchThing", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");

    // Malformed notifications are ignored; the server still answers.
    server.notify("textDocument/didOpen", json!({"textDocument": {}}));
    server.notify("textDocument/didChange", json!([1, 2, 3]));
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": "file:///nowhere/x.go"},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}
        }),
    );
    assert_eq!(response["result"], json!([]), "{response}");

    assert_eq!(server.shut_down().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_1() {
    // The LSP specification: "The server should exit with success code 0 if the
    // shutdown request has been received before; otherwise with error code 1."
    let (_guard, root) = package();
    let mut server = Server::start(&root);
    server.initialize(&root);
    server.notify("exit", Value::Null);
    let status = server.wait();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn malformed_frames_get_error_replies_and_the_server_goes_on() {
    let (_guard, root) = package();
    let mut server = Server::start(&root);
    server.initialize(&root);

    server.send_body("{not json");
    server.expect_error("the reply to a body that is not JSON", -32700, Value::Null);

    server.send_body(r#"{"jsonrpc":"2.0","id":7,"foo":1}"#);
    server.expect_error("the reply to JSON that is not a message", -32600, json!(7));

    // A length that is not a number: the body that follows cannot be skipped,
    // runs into the next frame's header, and the server must get back in step.
    server.send_raw("Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    server.expect_error("the reply to a broken header", -32700, Value::Null);

    server.send(json!({"jsonrpc": "2.0", "id": 8, "method": "shutdown"}));
    let response = server.expect("response to shutdown", |m| m["id"] == 8);
    assert!(response.get("error").is_none(), "{response}");
    assert!(response.get("result").is_some(), "{response}");

    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = server.wait();
    assert_eq!(status.code(), Some(0), "{status}");
}

#[test]
fn end_of_input_in_the_middle_of_a_frame_ends_the_server_without_a_crash() {
    let (_guard, root) = package();
    let mut server = Server::start(&root);
    server.initialize(&root);
    server.send_raw("Content-Length: 100\r\n\r\n{\"jsonrpc\":");
    server.stdin.take();
    // The client is gone without `exit`: the error status (2), not a panic.
    let status = server.wait();
    assert_eq!(status.code(), Some(2), "{status}");
}

#[test]
fn requests_before_initialized_are_answered_and_the_server_lives_on() {
    let (_guard, root) = package();
    let mut server = Server::start(&root);
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    assert!(response.get("result").is_some(), "{response}");
    // A request between the `initialize` response and `initialized`: answered.
    let early = server.request("lifelint/notAMethod", json!({}));
    assert!(
        early.get("error").is_some() || early.get("result").is_some(),
        "{early}"
    );
    server.notify("initialized", json!({}));
    assert_eq!(server.shut_down().code(), Some(0));
}

#[test]
fn hover_is_plain_text_for_a_client_that_asks_for_it() {
    let (_guard, root) = package();
    let file = root.join("run.go");
    let text = BUGGY.replacen(
        "ctx, _ := context.WithTimeout(parent, time.Second)",
        "ctx, _ := context.WithTimeout(parent, time.Second) //nolint:ctx-cancel-discarded",
        1,
    );
    assert_ne!(text, BUGGY);
    std::fs::write(&file, &text).unwrap();
    let file_uri = uri(&file);
    let mut server = Server::start(&root);
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {
            "textDocument": {"hover": {"contentFormat": ["plaintext"]}}
        }}),
    );
    server.notify("initialized", json!({}));
    open(&mut server, &file_uri, &text, 1);
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("nolint:ctx")
                .map(|c| (i, l[..c].encode_utf16().count() + 10))
        })
        .unwrap();
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": file_uri}, "position": {"line": line, "character": column}}),
    );
    assert_eq!(hover["result"]["contents"]["kind"], "plaintext", "{hover}");
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("ctx-cancel-discarded (error)"), "{value}");
    assert!(!value.contains("**") && !value.contains("]("), "{value}");
    assert!(server.shut_down().success());
}

const WORKER: &str = "package app

import \"sync\"

// work settles the WaitGroup.
func work(wg *sync.WaitGroup, n int) {
\tdefer wg.Done()
\t_ = n
}
";

const STARTER: &str = "package app

import \"sync\"

func Start() {
\tvar wg sync.WaitGroup
\twg.Add(1)
\tgo work(&wg, 1)
\twg.Wait()
}
";

/// The byte offset of a (line, UTF-16 column) position in `text`.
fn offset(text: &str, line: u32, character: u32) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (index, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' {
            return start + index;
        }
        units += ch.len_utf16() as u32;
    }
    text.len()
}

/// (path's file name, 1-based line, rule) of every finding `lifelint check` reports
/// afresh for the files of `dir`.
fn fresh_findings(dir: &Path) -> Vec<(String, u64, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_lifelint"))
        .args(["check", "--no-cache", "--format", "json", "./..."])
        .current_dir(dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found: Vec<(String, u64, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_string();
            (
                name,
                f["start"]["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// Ranged edits of an open file, each applied to the server's kept tree: after the
/// last one, what the server publishes for the edited buffer and for the closed file
/// whose finding depends on it equals what a fresh `lifelint check` of the same texts
/// reports. The closed file follows once the editor is idle.
#[test]
fn incremental_edits_publish_what_a_fresh_check_finds() {
    let (_guard, root) = package();
    let (a, b) = (root.join("a.go"), root.join("b.go"));
    std::fs::write(&a, WORKER).unwrap();
    std::fs::write(&b, STARTER).unwrap();
    let (a_uri, b_uri) = (uri(&a), uri(&b));
    let mut server = Server::start(&root);
    server.initialize(&root);
    open(&mut server, &a_uri, WORKER, 0);
    assert_eq!(server.diagnostics(&a_uri), Vec::<Value>::new());

    // ((line, character), (line, character), new text), in UTF-16 units.
    type Change<'a> = ((u32, u32), (u32, u32), &'a str);
    let edits: &[Change] = &[
        // A comment with characters of 2 and 1 UTF-16 units.
        ((4, 0), (4, 0), "// 😀 é\n"),
        // `defer wg.Done()` -> `wg.Done()`: a Done on the only path still settles it.
        ((7, 1), (7, 7), ""),
        // An early return before the Done: settled on some paths only.
        ((7, 1), (7, 1), "if n > 0 {\n\t\treturn\n\t}\n\t"),
        // The return removed again, across lines.
        ((7, 1), (10, 1), ""),
        // The Done deleted: `work` never settles, and b.go's goroutine leaks the count.
        ((7, 0), (8, 0), ""),
        // A second import and a function that discards a cancel, after the comment.
        ((2, 0), (2, 13), "import (\n\t\"context\"\n\t\"sync\"\n)"),
        (
            (12, 0),
            (12, 0),
            "\nfunc leak(ctx context.Context) {\n\tctx, _ = context.WithCancel(ctx)\n\t_ = ctx\n}\n",
        ),
    ];
    let mut text = WORKER.to_string();
    let mut version = 0;
    for ((l1, c1), (l2, c2), new) in edits {
        let (start, end) = (offset(&text, *l1, *c1), offset(&text, *l2, *c2));
        text.replace_range(start..end, new);
        version += 1;
        let range =
            json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}});
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a_uri, "version": version},
                   "contentChanges": [{"range": range, "text": new}]}),
        );
    }
    assert!(
        text.contains("func leak(") && !text.contains("Done"),
        "{text}"
    );
    let published = server.expect("the last version's diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == a_uri
            && m["params"]["version"] == version
    });
    let b_published = server.diagnostics(&b_uri);
    let mut seen: Vec<(String, u64, String)> = Vec::new();
    for (name, diagnostics) in [
        (
            "a.go",
            published["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .clone(),
        ),
        ("b.go", b_published),
    ] {
        for d in diagnostics {
            let line = d["range"]["start"]["line"].as_u64().unwrap() + 1;
            seen.push((
                name.to_string(),
                line,
                d["code"].as_str().unwrap().to_string(),
            ));
        }
    }
    seen.sort();
    // The same texts, checked afresh from disk.
    std::fs::write(&a, &text).unwrap();
    let fresh = fresh_findings(&root);
    assert_eq!(seen, fresh);
    let rules: Vec<&str> = fresh.iter().map(|(_, _, rule)| rule.as_str()).collect();
    assert!(rules.contains(&"ctx-cancel-discarded"), "{fresh:?}");
    assert!(rules.contains(&"wg-done-missing"), "{fresh:?}");
    assert_eq!(server.shut_down().code(), Some(0));
}

/// Random ranged edits — many leave the file broken for a while — of a fixture with
/// findings: at every fifth version, what the server publishes
/// equals a fresh `lifelint check` of the same text (the same file alone in a package
/// with the same go.mod). Incremental reparsing from edited trees must never make the
/// findings differ from a fresh parse. The sequence is fixed (a seeded generator).
#[test]
fn random_incremental_edits_keep_the_findings_of_a_fresh_check() {
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/ctx-select-missing-done/missing.go"),
    )
    .unwrap();
    let (_guard, root) = package();
    let (_fresh_guard, fresh) = package();
    let file = root.join("edited.go");
    std::fs::write(&file, &original).unwrap();
    let file_uri = uri(&file);
    let mut server = Server::start(&root);
    server.initialize(&root);
    open(&mut server, &file_uri, &original, 0);
    server.diagnostics(&file_uri);

    let snippets = [
        "x",
        "\n",
        "}",
        "{",
        "(",
        " ctx",
        "\tdefer cancel()\n",
        "é",
        "//",
        "go ",
    ];
    let mut seed: u64 = 0x5eed_1f0e;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    let mut text = original.clone();
    let mut compared = 0;
    for version in 1..=40 {
        // A position on a real line, at a character boundary.
        // Below the imports: a broken import block would silence every rule at once.
        let lines: Vec<&str> = text.split('\n').collect();
        let first_func = lines
            .iter()
            .position(|l| l.starts_with("func "))
            .unwrap_or(0);
        let line = first_func + next(lines.len() - first_func);
        let chars: Vec<char> = lines[line].chars().collect();
        let column = next(chars.len() + 1);
        let utf16 = |upto: usize| chars[..upto].iter().map(|c| c.len_utf16()).sum::<usize>();
        let start = offset(&text, line as u32, utf16(column) as u32);
        let (end_char, new) = if next(3) == 0 {
            // Delete up to 20 characters of this line.
            ((column + 1 + next(20)).min(chars.len()), "")
        } else {
            (column, snippets[next(snippets.len())])
        };
        let end = offset(&text, line as u32, utf16(end_char) as u32);
        text.replace_range(start..end, new);
        let range = json!({
            "start": {"line": line, "character": utf16(column)},
            "end": {"line": line, "character": utf16(end_char)},
        });
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": file_uri, "version": version},
                   "contentChanges": [{"range": range, "text": new}]}),
        );
        if version % 5 != 0 {
            continue;
        }
        let published = server.expect("diagnostics of a checked version", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == file_uri
                && m["params"]["version"] == version
        });
        let mut seen: Vec<(String, u64, String)> = published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let line = d["range"]["start"]["line"].as_u64().unwrap() + 1;
                (
                    "edited.go".to_string(),
                    line,
                    d["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        seen.sort();
        std::fs::write(fresh.join("edited.go"), &text).unwrap();
        assert_eq!(seen, fresh_findings(&fresh), "version {version}:\n{text}");
        compared += seen.len();
    }
    // The comparisons were not all of empty lists.
    assert!(compared >= 20, "only {compared} findings compared");
    assert_eq!(server.shut_down().code(), Some(0));
}
