//! The stdio transport under `lifelint lsp`, in place of
//! `lsp_server::Connection::stdio()` (whose reader thread dies on the first
//! malformed frame). A reader thread parses `Content-Length` frames from stdin
//! and forwards each JSON-RPC message; a frame it cannot use is answered on the
//! spot with a JSON-RPC error (-32700 Parse error, -32600 Invalid Request) and
//! reading goes on. A writer thread frames the server's messages onto stdout.
//! Both threads write whole frames while holding the process-wide stdout lock,
//! so their frames never interleave. Logs go to stderr.

use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message};
use serde_json::{Value, json};

/// A `Content-Length` above this is refused rather than read into memory.
const MAX_BODY: usize = 256 << 20;

/// A header line is kept up to this many bytes (its tail: see `read_line`).
const MAX_LINE: usize = 8 << 10;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// The IO threads behind a `Connection` from `stdio`.
pub struct IoThreads {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for the writer, which ends once every `Sender` of the connection
    /// is dropped and everything queued is written, and returns its first write
    /// error. The reader is joined only if it has already ended: it may be
    /// blocked reading a stdin the client never closes, and the process exit
    /// ends it then.
    pub fn join(self) -> io::Result<()> {
        let written = self
            .writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
        if self.reader.is_finished() && self.reader.join().is_err() {
            return Err(io::Error::other("the reader thread panicked"));
        }
        written
    }
}

/// A connection on stdin/stdout, and the threads serving it.
pub fn stdio() -> io::Result<(Connection, IoThreads)> {
    // Unbounded both ways: the main loop coalesces what is already waiting, so
    // the reader reads ahead, and replying never waits on a slow client.
    let (to_server, from_client) = crossbeam_channel::unbounded::<Message>();
    let (to_client, from_server) = crossbeam_channel::unbounded::<Message>();
    let writer = thread::Builder::new()
        .name("lsp-writer".to_string())
        .spawn(move || write_messages(&from_server))?;
    let reader = thread::Builder::new()
        .name("lsp-reader".to_string())
        .spawn(move || {
            let stdin = io::stdin();
            pump(&mut stdin.lock(), &to_server, &mut |reply| {
                write_frame(&mut io::stdout().lock(), reply)
            });
        })?;
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    Ok((connection, IoThreads { reader, writer }))
}

/// The writer thread: every message, framed, until the channel closes. After a
/// failed write (the client is gone) the rest is drained unwritten, so that
/// senders never see a closed channel.
fn write_messages(messages: &Receiver<Message>) -> io::Result<()> {
    let mut failed = None;
    for message in messages {
        if failed.is_some() {
            continue;
        }
        // The lock is held for the whole frame: header, body and flush.
        if let Err(error) = message.write(&mut io::stdout().lock()) {
            eprintln!("lifelint lsp: writing to stdout: {error}");
            failed = Some(error);
        }
    }
    failed.map_or(Ok(()), Err)
}

/// Writes one frame with `body` and flushes.
fn write_frame(out: &mut impl Write, body: &str) -> io::Result<()> {
    let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    out.write_all(frame.as_bytes())?;
    out.flush()
}

/// The reader loop: forwards every message on `sender` and answers every
/// unusable frame through `reply`, until end of input, until `exit` has been
/// forwarded, or until the server stops listening.
fn pump(
    input: &mut impl BufRead,
    sender: &Sender<Message>,
    reply: &mut dyn FnMut(&str) -> io::Result<()>,
) {
    loop {
        match read_incoming(input) {
            Incoming::Message(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if sender.send(message).is_err() || exit {
                    return;
                }
            }
            Incoming::Malformed(error) => {
                let message = error["error"]["message"].as_str().unwrap_or_default();
                eprintln!("lifelint lsp: replied with an error: {message}");
                if let Err(write) = reply(&error.to_string()) {
                    eprintln!("lifelint lsp: writing to stdout: {write}");
                    return;
                }
            }
            Incoming::End => return,
        }
    }
}

/// What one header block (and its body) of the input amounts to.
#[derive(Debug)]
enum Incoming {
    Message(Message),
    /// The frame could not be used: the JSON-RPC error response to send back.
    Malformed(Value),
    /// End of input (or a read error), possibly in the middle of a frame.
    End,
}

/// Reads the next frame. Never panics, and always consumes input unless at
/// the end of it, so a loop over it cannot spin.
fn read_incoming(input: &mut impl BufRead) -> Incoming {
    let length = match read_headers(input) {
        Ok(Some(Ok(length))) => length,
        Ok(Some(Err(problem))) => {
            return Incoming::Malformed(error_response(PARSE_ERROR, Value::Null, &problem));
        }
        Ok(None) => return Incoming::End,
        Err(error) => {
            eprintln!("lifelint lsp: reading stdin: {error}");
            return Incoming::End;
        }
    };
    // Read as the bytes arrive rather than allocating `length` up front.
    let mut body = Vec::new();
    match input.take(length as u64).read_to_end(&mut body) {
        Ok(read) if read == length => classify(&body),
        Ok(read) => {
            eprintln!("lifelint lsp: stdin ended {read} bytes into a {length}-byte message");
            Incoming::End
        }
        Err(error) => {
            eprintln!("lifelint lsp: reading stdin: {error}");
            Incoming::End
        }
    }
}

/// Reads a header block up to its blank line: `Ok(Some(Ok(length)))` for a
/// usable `Content-Length`, `Ok(Some(Err(why)))` for a block without one, and
/// `Ok(None)` at the end of input. Blank lines before a block are skipped.
///
/// After a block without a usable length, its body is unread and comes next
/// as header lines; if a line has a `Content-Length:` after other text (such a
/// body ran into the next frame's header), what precedes it is dropped and the
/// block starts over there, which gets the stream back in step.
fn read_headers(input: &mut impl BufRead) -> io::Result<Option<Result<usize, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    let mut line = Vec::new();
    loop {
        if !read_line(input, &mut line)? {
            return Ok(None);
        }
        if line.is_empty() {
            if seen_header {
                break;
            }
            continue;
        }
        let mut header = line.as_slice();
        if !has_header_name(header)
            && let Some(at) = rfind_ignore_case(header, b"content-length:")
        {
            header = &header[at..];
            length = None;
        }
        seen_header = true;
        let text = String::from_utf8_lossy(header);
        let Some((name, value)) = text.split_once(':') else {
            // Not a header; it does not keep a Content-Length from counting.
            eprintln!("lifelint lsp: ignoring header line `{}`", abbreviate(&text));
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("content-length") {
            // Content-Type and anything else: not needed to read the body.
            continue;
        }
        let value = value.trim();
        length = Some(match value.parse::<usize>() {
            Ok(n) if n <= MAX_BODY => Ok(n),
            _ if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => Err(format!(
                "Content-Length {} is over the limit of {MAX_BODY} bytes",
                abbreviate(value)
            )),
            _ => Err(format!(
                "Content-Length `{}` is not a number",
                abbreviate(value)
            )),
        });
    }
    Ok(Some(length.unwrap_or_else(|| {
        Err("no Content-Length header".to_string())
    })))
}

/// Reads one line into `line` without its `\n` or `\r\n`; `false` at the end
/// of input, also in the middle of a line. A line longer than `MAX_LINE` keeps
/// only its last `MAX_LINE` bytes, where a header run into by a body would be.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(false);
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (&available[..at], at + 1),
            None => (available, available.len()),
        };
        line.extend_from_slice(chunk);
        let ended = done > chunk.len();
        input.consume(done);
        if line.len() > MAX_LINE {
            line.drain(..line.len() - MAX_LINE);
        }
        if ended {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(true);
        }
    }
}

/// Whether `line` starts with a header name (an RFC 9110 token) and a colon.
fn has_header_name(line: &[u8]) -> bool {
    let Some(colon) = memchr::memchr(b':', line) else {
        return false;
    };
    let name = line[..colon].trim_ascii_end();
    !name.is_empty()
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Where `needle` (lowercase ASCII) last occurs in `haystack`, ignoring case.
fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

/// A body as a message, or the error response it calls for.
fn classify(body: &[u8]) -> Incoming {
    let parsed = serde_json::from_slice::<Value>(body).or_else(|error| {
        // A lone UTF-16 surrogate (`"\ud800"`, which some editors send for a broken
        // character) is invalid JSON to serde: replace it with U+FFFD and read on, rather
        // than drop a whole `didOpen`.
        match replace_lone_surrogates(body) {
            Some(fixed) => serde_json::from_slice::<Value>(&fixed).map_err(|_| error),
            None => Err(error),
        }
    });
    let value: Value = match parsed {
        Ok(value) => value,
        Err(error) => {
            let message = format!("the message body is not valid JSON: {error}");
            return Incoming::Malformed(error_response(PARSE_ERROR, Value::Null, &message));
        }
    };
    // A request is a message with an id; one whose id is neither a number nor a string
    // (`null`, an object) is answered with an error whose id is null.
    let has_id = value.get("id").is_some();
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    match serde_json::from_value::<Message>(value) {
        // An id `lsp_server` cannot represent would make a request look like
        // a notification, and its sender would wait for a reply forever.
        Ok(Message::Notification(_)) if has_id => Incoming::Malformed(error_response(
            INVALID_REQUEST,
            id,
            "a request id must be a string or a 32-bit integer",
        )),
        Ok(message) => Incoming::Message(message),
        Err(error) => {
            let message =
                format!("the message is not a JSON-RPC request, response or notification: {error}");
            Incoming::Malformed(error_response(INVALID_REQUEST, id, &message))
        }
    }
}

/// `body` with every `\uXXXX` escape of an unpaired surrogate replaced by `\ufffd`,
/// or `None` when it has none. Escaped backslashes (`\\u...`) are left alone.
fn replace_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    fn surrogate_at(body: &[u8], at: usize) -> Option<u16> {
        let digits = body.get(at + 2..at + 6)?;
        if body.get(at + 1) != Some(&b'u') {
            return None;
        }
        let code = u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        (0xD800..=0xDFFF).contains(&code).then_some(code)
    }
    let mut out = Vec::with_capacity(body.len());
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        match surrogate_at(body, i) {
            Some(high @ 0xD800..=0xDBFF)
                if surrogate_at(body, i + 6).is_some_and(|low| low >= 0xDC00) =>
            {
                let _ = high;
                out.extend_from_slice(&body[i..i + 12]);
                i += 12;
            }
            Some(_) => {
                out.extend_from_slice(b"\\ufffd");
                changed = true;
                i += 6;
            }
            None => {
                // Any other escape: copy it whole, so `\\` never starts a new one.
                out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
                i += 2;
            }
        }
    }
    changed.then_some(out)
}

fn error_response(code: i64, id: Value, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// At most 80 characters of `text`, for a log line or an error message.
fn abbreviate(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// Everything `read_incoming` makes of `input`, up to the end.
    fn read_all(input: &str) -> Vec<Incoming> {
        let mut input = Cursor::new(input.as_bytes().to_vec());
        let mut all = Vec::new();
        loop {
            match read_incoming(&mut input) {
                Incoming::End => return all,
                incoming => all.push(incoming),
            }
            assert!(all.len() < 100, "no progress");
        }
    }

    fn method(incoming: &Incoming) -> &str {
        match incoming {
            Incoming::Message(Message::Request(request)) => &request.method,
            Incoming::Message(Message::Notification(notification)) => &notification.method,
            other => panic!("not a request or notification: {other:?}"),
        }
    }

    /// (code, id) of an error response.
    fn error(incoming: &Incoming) -> (i64, Value) {
        match incoming {
            Incoming::Malformed(response) => (
                response["error"]["code"].as_i64().unwrap(),
                response["id"].clone(),
            ),
            other => panic!("not malformed: {other:?}"),
        }
    }

    const SHUTDOWN: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    #[test]
    fn valid_frame() {
        let all = read_all(&frame(SHUTDOWN));
        assert_eq!(all.len(), 1);
        assert_eq!(method(&all[0]), "shutdown");
    }

    #[test]
    fn header_names_ignore_case_and_content_type_is_accepted() {
        let input = format!(
            "content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH: {}\r\nX-Original-Content-Length: 3\r\n\r\n{SHUTDOWN}",
            SHUTDOWN.len()
        );
        let all = read_all(&input);
        assert_eq!(all.len(), 1);
        assert_eq!(method(&all[0]), "shutdown");
    }

    #[test]
    fn two_frames_back_to_back() {
        let all = read_all(&(frame(SHUTDOWN) + &frame(EXIT)));
        assert_eq!(all.len(), 2);
        assert_eq!(method(&all[0]), "shutdown");
        assert_eq!(method(&all[1]), "exit");
    }

    #[test]
    fn bad_json_is_a_parse_error_and_reading_goes_on() {
        let all = read_all(&(frame("{not json") + &frame(EXIT)));
        assert_eq!(all.len(), 2);
        assert_eq!(error(&all[0]), (-32700, Value::Null));
        assert_eq!(method(&all[1]), "exit");
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request_with_its_id() {
        let all = read_all(
            &(frame(r#"{"jsonrpc":"2.0","id":7,"foo":1}"#)
                + &frame(r#"{"jsonrpc":"2.0","id":"x","method":5}"#)
                + &frame(r#"[1,2]"#)
                + &frame(r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#)
                + &frame(EXIT)),
        );
        assert_eq!(all.len(), 5);
        assert_eq!(error(&all[0]), (-32600, json!(7)));
        assert_eq!(error(&all[1]), (-32600, json!("x")));
        assert_eq!(error(&all[2]), (-32600, Value::Null));
        assert_eq!(error(&all[3]), (-32600, json!(1.5)));
        assert_eq!(method(&all[4]), "exit");
    }

    #[test]
    fn requests_with_null_or_object_ids_get_an_error_reply() {
        let all = read_all(
            &(frame(r#"{"jsonrpc":"2.0","id":null,"method":"shutdown"}"#)
                + &frame(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#)
                + &frame(EXIT)),
        );
        assert_eq!(all.len(), 3);
        assert_eq!(error(&all[0]), (-32600, Value::Null));
        assert_eq!(error(&all[1]), (-32600, Value::Null));
        assert_eq!(method(&all[2]), "exit");
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let fixed =
            replace_lone_surrogates(br#"{"t":"a\ud800b \\ud800 \ud83d\ude00 \udc00"}"#).unwrap();
        let value: Value = serde_json::from_slice(&fixed).unwrap();
        assert_eq!(value["t"], "a\u{fffd}b \\ud800 \u{1f600} \u{fffd}");
        assert!(replace_lone_surrogates(br#"{"t":"\ud83d\ude00"}"#).is_none());
    }

    #[test]
    fn body_that_is_not_utf8_is_a_parse_error() {
        let mut input = b"Content-Length: 2\r\n\r\n\xff\xfe".to_vec();
        input.extend_from_slice(frame(EXIT).as_bytes());
        let mut input = Cursor::new(input);
        assert_eq!(error(&read_incoming(&mut input)), (-32700, Value::Null));
        assert_eq!(method(&read_incoming(&mut input)), "exit");
    }

    #[test]
    fn bad_header_is_a_parse_error_and_the_stream_gets_back_in_step() {
        // The body of the bad frame has no length, so it is read as the start
        // of the next header line; the `Content-Length` after it resyncs.
        for header in [
            "Content-Length: abc\r\n",
            "Content-Type: application/json\r\n",
            "Content-Length: 999999999999\r\n",
            "Content-Length: 99999999999999999999999\r\n",
            "garbage\r\n",
        ] {
            let input = format!("{header}\r\n{SHUTDOWN}{}", frame(EXIT));
            let all = read_all(&input);
            assert_eq!(all.len(), 2, "{header:?}: {all:?}");
            assert_eq!(error(&all[0]), (-32700, Value::Null), "{header:?}");
            assert_eq!(method(&all[1]), "exit", "{header:?}");
        }
    }

    #[test]
    fn bad_header_with_a_multi_line_body_costs_one_more_error_at_most() {
        let input = format!("Content-Length: x\r\n\r\n{{\r\n\r\n}}{}", frame(EXIT));
        let all = read_all(&input);
        assert_eq!(method(all.last().unwrap()), "exit", "{all:?}");
        assert!(all.len() <= 3, "{all:?}");
    }

    #[test]
    fn a_line_that_is_not_a_header_is_ignored() {
        let input = format!(
            "garbage\r\nContent-Length: {}\r\nmore garbage\r\n\r\n{SHUTDOWN}{}",
            SHUTDOWN.len(),
            frame(EXIT)
        );
        let all = read_all(&input);
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(method(&all[0]), "shutdown");
        assert_eq!(method(&all[1]), "exit");
    }

    #[test]
    fn blank_lines_between_frames_are_skipped() {
        let all = read_all(&format!("\r\n\r\n{}\r\n{}", frame(SHUTDOWN), frame(EXIT)));
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(method(&all[1]), "exit");
    }

    #[test]
    fn truncated_body_ends_the_input() {
        let whole = frame(SHUTDOWN);
        let all = read_all(&whole[..whole.len() - 5]);
        assert!(all.is_empty(), "{all:?}");
    }

    #[test]
    fn truncated_header_ends_the_input() {
        assert!(read_all("Content-Length: 4").is_empty());
        assert!(read_all("Content-Length: 4\r\n").is_empty());
        assert!(read_all("").is_empty());
    }

    #[test]
    fn an_endless_line_is_read_in_bounded_memory() {
        let mut input = Cursor::new(vec![b'x'; 10 * MAX_LINE]);
        let mut line = Vec::new();
        assert!(!read_line(&mut input, &mut line).unwrap());
        assert!(line.len() <= MAX_LINE);
    }

    #[test]
    fn pump_replies_to_malformed_frames_and_stops_after_exit() {
        let input = frame("{not json") + &frame(SHUTDOWN) + &frame(EXIT) + &frame(SHUTDOWN);
        let (sender, receiver) = crossbeam_channel::unbounded();
        let mut output = Vec::new();
        pump(
            &mut Cursor::new(input.into_bytes()),
            &sender,
            &mut |reply| write_frame(&mut output, reply),
        );
        drop(sender);
        let methods: Vec<String> = receiver
            .iter()
            .map(|message| match message {
                Message::Request(request) => request.method,
                Message::Notification(notification) => notification.method,
                Message::Response(_) => "response".to_string(),
            })
            .collect();
        assert_eq!(methods, ["shutdown", "exit"]);
        // One frame: the parse error.
        let output = String::from_utf8(output).unwrap();
        let (_, body) = output.split_once("\r\n\r\n").unwrap();
        assert_eq!(output, frame(body));
        let reply: Value = serde_json::from_str(body).unwrap();
        assert_eq!(reply["jsonrpc"], "2.0", "{output}");
        assert_eq!(reply["error"]["code"], -32700, "{output}");
        assert_eq!(reply["id"], Value::Null, "{output}");
    }
}
