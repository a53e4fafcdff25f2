//! `lifelint lsp` fed malformed frames, as a buggy client might send them: the
//! built binary, framed JSON-RPC over its stdin/stdout. Each bad frame must be
//! answered with a JSON-RPC error and the server must go on serving. Every
//! read has a timeout, so a hung server fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
}

impl Server {
    fn start(dir: &std::path::Path) -> Server {
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

    fn initialize(&mut self, dir: &std::path::Path) {
        self.send(json!({
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": null, "rootUri": format!("file://{}", dir.display()), "capabilities": {}},
        }));
        let response = self.expect("response to initialize", |m| m["id"] == 1);
        assert!(response["result"]["capabilities"].is_object(), "{response}");
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    /// The exit status, within the timeout.
    fn wait(&mut self) -> ExitStatus {
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

#[test]
fn malformed_frames_get_error_replies_and_the_server_goes_on() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
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
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut server = Server::start(&root);
    server.initialize(&root);
    server.send_raw("Content-Length: 100\r\n\r\n{\"jsonrpc\":");
    server.stdin.take();
    // The client is gone without `exit`: the error status (2), not a panic.
    let status = server.wait();
    assert_eq!(status.code(), Some(2), "{status}");
}
