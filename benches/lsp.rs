//! Editor latency of `lifelint lsp`: the time from a `didChange` to the
//! `publishDiagnostics` for that version, over a series of edits, for
//! (a) a 2,000-line file that uses every rule family, alone in its package, and
//! (b) a file of a copy of the Go runtime package (457 files, read from disk as
//! the editor's closed files). The server runs in-process on an in-memory
//! connection; the client sends incremental changes when the server asks for them.
//! (c) repeats (b) with a 230 ms pause before each edit, so that the server's idle
//! check of the package's closed files is running when the edit arrives.
//! `cargo bench --bench lsp -- [GOROOT_SRC] [--edits N]`. See benches/README.md.

use std::path::Path;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const DEFAULT_SRC: &str = "/usr/lib/go-1.19/src";
/// The runtime file edited in (b) and (c).
const RUNTIME_FILE: &str = "chan.go";
/// The pause before each edit in (c): longer than the server's idle delay.
const PAUSE: Duration = Duration::from_millis(230);

fn main() {
    let (mut src, mut edits) = (DEFAULT_SRC.to_string(), 40usize);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {}
            "--edits" => edits = args.next().and_then(|n| n.parse().ok()).expect("--edits N"),
            flag if flag.starts_with("--") => panic!("unknown flag {flag}"),
            _ => src = arg.trim_end_matches('/').to_string(),
        }
    }
    assert!(edits >= 20, "--edits must be at least 20");
    let work = tempfile::tempdir().expect("a temporary directory");

    let every = work.path().join("every");
    std::fs::create_dir_all(&every).unwrap();
    let big = every.join("big.go");
    std::fs::write(&big, every_family_file()).unwrap();
    let (a, a_findings) = measure(&big, edits, Duration::ZERO);

    let runtime = work.path().join("runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    let from = Path::new(&src).join("runtime");
    assert!(
        from.is_dir(),
        "{} is not a directory (pass GOROOT/src)",
        from.display()
    );
    for entry in std::fs::read_dir(&from).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "go") {
            std::fs::copy(&path, runtime.join(entry.file_name())).unwrap();
        }
    }
    let (b, b_findings) = measure(&runtime.join(RUNTIME_FILE), edits, Duration::ZERO);
    // With a pause before each edit, long enough for the server to start checking the
    // package's closed files: the edit must not wait for that check.
    let (c, c_findings) = measure(&runtime.join(RUNTIME_FILE), 20, PAUSE);

    println!("lifelint LSP bench: {edits} edits each, didChange -> publishDiagnostics");
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>9}",
        "case", "median ms", "p95 ms", "max ms", "findings"
    );
    for (label, times, findings) in [
        ("(a) 2,000-line file, every family", &a, a_findings),
        ("(b) runtime/chan.go in a copy of runtime", &b, b_findings),
        ("(c) as (b), 20 edits 230 ms apart", &c, c_findings),
    ] {
        println!(
            "{label:<44} {:>9.1} {:>9.1} {:>9.1} {findings:>9}",
            ms(percentile(times, 50)),
            ms(percentile(times, 95)),
            ms(percentile(times, 100)),
        );
    }
    println!("target: p95 <= 50 ms for (a) and (b)");
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The `p`th percentile (nearest rank) of `times`.
fn percentile(times: &[Duration], p: usize) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// Opens `file`, then edits it `edits` times (adding, then removing, a statement in
/// the middle of the file), `pause` after the previous edit's diagnostics arrived, and
/// times each edit until its diagnostics arrive. Returns
/// the times and the number of findings published for the file at the end.
fn measure(file: &Path, edits: usize, pause: Duration) -> (Vec<Duration>, usize) {
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || lifelint::lsp::serve(&server));
    let root = file.parent().unwrap().to_path_buf();
    let uri = format!("file://{}", file.display());
    client
        .sender
        .send(Message::Request(Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({"capabilities": {}, "rootUri": format!("file://{}", root.display())}),
        )))
        .unwrap();
    let initialized = wait_for(&client, |message| matches!(message, Message::Response(_)));
    let Message::Response(response) = initialized else {
        unreachable!()
    };
    let sync = serde_json::to_value(&response)
        .unwrap()
        .pointer("/result/capabilities/textDocumentSync/change")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    notify(&client, "initialized", json!({}));
    let mut text = std::fs::read_to_string(file).unwrap();
    notify(
        &client,
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": 0, "text": text}}),
    );
    diagnostics_for(&client, &uri, 0);
    // The edit goes at the end of the line in the middle of the file that ends with `{`
    // (inside a function body, so the file stays valid Go).
    let line = edit_line(&text);
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let line_end = line_start + text[line_start..].find('\n').unwrap();
    let column = text[line_start..line_end].encode_utf16().count();
    let inserted = "\n\t_ = 1";
    let mut times = Vec::with_capacity(edits);
    let mut last = 0;
    for version in 1..=edits as i32 {
        let adding = version % 2 == 1;
        let change = if sync == 2 {
            if adding {
                json!({"range": range(line, column, line, column), "text": inserted})
            } else {
                json!({"range": range(line, column, line + 1, 6), "text": ""})
            }
        } else {
            if adding {
                text.insert_str(line_end, inserted);
            } else {
                text.replace_range(line_end..line_end + inserted.len(), "");
            }
            json!({"text": text})
        };
        if sync == 2 {
            if adding {
                text.insert_str(line_end, inserted);
            } else {
                text.replace_range(line_end..line_end + inserted.len(), "");
            }
        }
        std::thread::sleep(pause);
        let start = Instant::now();
        notify(
            &client,
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        last = diagnostics_for(&client, &uri, version);
        times.push(start.elapsed());
    }
    client
        .sender
        .send(Message::Request(Request::new(
            RequestId::from(2),
            "shutdown".into(),
            Value::Null,
        )))
        .unwrap();
    wait_for(&client, |message| matches!(message, Message::Response(_)));
    notify(&client, "exit", Value::Null);
    thread.join().unwrap().unwrap();
    (times, last)
}

fn range(l1: usize, c1: usize, l2: usize, c2: usize) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// The 0-based index of the first line at or after the middle of `text` that ends with
/// `{` and starts with a tab (a statement opening a block inside a function).
fn edit_line(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    (lines.len() / 2..lines.len())
        .find(|&i| lines[i].starts_with('\t') && lines[i].ends_with('{'))
        .expect("a block inside a function in the second half of the file")
}

fn notify(client: &Connection, method: &str, params: Value) {
    client
        .sender
        .send(Message::Notification(Notification::new(
            method.into(),
            params,
        )))
        .unwrap();
}

fn wait_for(client: &Connection, wanted: impl Fn(&Message) -> bool) -> Message {
    loop {
        let message = client
            .receiver
            .recv_timeout(Duration::from_secs(120))
            .expect("the server answers within two minutes");
        if wanted(&message) {
            return message;
        }
    }
}

/// Waits for the diagnostics of `uri` at `version`; gives how many there are.
fn diagnostics_for(client: &Connection, uri: &str, version: i32) -> usize {
    let message = wait_for(client, |message| {
        matches!(message, Message::Notification(n)
            if n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
                && n.params["version"] == version)
    });
    let Message::Notification(notification) = message else {
        unreachable!()
    };
    notification.params["diagnostics"]
        .as_array()
        .map_or(0, Vec::len)
}

/// About 2,000 lines of Go in which every rule family has findings and near misses.
fn every_family_file() -> String {
    let mut out = String::from(
        "package every\n\nimport (\n\t\"context\"\n\t\"runtime/pprof\"\n\t\"sync\"\n\t\"time\"\n\n\t\"go.opentelemetry.io/otel\"\n)\n\nvar tracer = otel.Tracer(\"every\")\n",
    );
    let mut n = 0;
    while out.lines().count() < 2000 {
        out.push_str(&FAMILIES.replace("_N", &format!("_{n}")));
        n += 1;
    }
    out
}

/// One copy of every family's mistakes and near misses (suffixed per copy).
const FAMILIES: &str = r#"
func cancelDiscarded_N(ctx context.Context) context.Context {
	ctx, _ = context.WithTimeout(ctx, time.Second)
	return ctx
}

func loopWithoutDone_N(ctx context.Context, in <-chan int) {
	for {
		select {
		case v := <-in:
			_ = v
		}
	}
}

func spanNeverEnded_N(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "work")
	if ctx.Err() != nil {
		return ctx.Err()
	}
	span.End()
	return nil
}

func addInGoroutine_N(items []int) {
	var wg sync.WaitGroup
	for range items {
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}

func labelsUnapplied_N(ctx context.Context) {
	labels := pprof.Labels("job", "x")
	_ = ctx
	_ = labels
}

func sendAbandoned_N(ctx context.Context) (int, error) {
	results := make(chan int)
	go func() {
		results <- 1
	}()
	select {
	case v := <-results:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func tickerLeak_N() {
	t := time.NewTicker(time.Second)
	<-t.C
}

func fine_N(ctx context.Context) { //nolint:unknown-linter
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_ = ctx
}
"#;
