//! The canonical goroutine-leak patterns that are visible inside one function
//! (EarlyReturn, Timeout, NCast, NoCloseRange, DoubleSend, and a receiver nobody
//! ever signals), each written as a small program of its own: the buggy version
//! must be reported by the expected `leak-*` rule on the line marked `// LEAK`,
//! and the fixed version of the same program must leave the whole family silent.

use lifelint::Settings;
use lifelint::engine::{InMemoryFile, check_files};

struct Pattern {
    name: &'static str,
    rule: &'static str,
    buggy: &'static str,
    /// One or more ways to fix it; each must be silent.
    fixed: &'static [&'static str],
}

const EARLY_RETURN: &str = r#"package shapes

import "errors"

type result struct{ n int }

func compute(x int) result { return result{n: x * 2} }

func Double(x int) (result, error) {
	out := make(chan result)
	go func() {
		out <- compute(x) // LEAK
	}()
	if x < 0 {
		return result{}, errors.New("negative input")
	}
	return <-out, nil
}
"#;

const TIMEOUT: &str = r#"package shapes

import (
	"errors"
	"time"
)

func lookup(key string) string { return key }

func LookupWithin(key string, d time.Duration) (string, error) {
	answer := make(chan string)
	go func() {
		v := lookup(key)
		answer <- v // LEAK
	}()
	select {
	case v := <-answer:
		return v, nil
	case <-time.After(d):
		return "", errors.New("lookup timed out")
	}
}
"#;

const TIMEOUT_FIXED_WITH_CONTEXT: &str = r#"package shapes

import (
	"context"
	"time"
)

func lookup(key string) string { return key }

func LookupWithin(key string, d time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	answer := make(chan string)
	go func() {
		v := lookup(key)
		select {
		case answer <- v:
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-answer:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
"#;

const NCAST: &str = r#"package shapes

func ping(mirror string) string { return mirror }

func Fastest(mirrors []string) string {
	replies := make(chan string)
	for _, m := range mirrors {
		go func(m string) {
			replies <- ping(m) // LEAK
		}(m)
	}
	return <-replies
}
"#;

const NO_CLOSE_RANGE: &str = r#"package shapes

import "sync"

func handle(job int) {}

func RunAll(jobs []int) {
	var wg sync.WaitGroup
	work := make(chan int)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work { // LEAK
				handle(j)
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
}
"#;

const DOUBLE_SEND: &str = r#"package shapes

import "errors"

func parse(s string) (int, error) { return len(s), nil }

func Parse(s string) (int, error) {
	type outcome struct {
		n   int
		err error
	}
	done := make(chan outcome)
	go func() {
		if s == "" {
			done <- outcome{err: errors.New("empty")} // LEAK
		}
		n, err := parse(s)
		done <- outcome{n, err}
	}()
	o := <-done
	return o.n, o.err
}
"#;

const NO_SENDER: &str = r#"package shapes

func flush() {}

func Serve(handle func()) {
	quit := make(chan struct{})
	go func() {
		<-quit // LEAK
		flush()
	}()
	handle()
}
"#;

fn patterns() -> Vec<Pattern> {
    vec![
        Pattern {
            name: "EarlyReturn",
            rule: "leak-send-abandoned",
            buggy: EARLY_RETURN,
            fixed: &[],
        },
        Pattern {
            name: "Timeout",
            rule: "leak-send-abandoned",
            buggy: TIMEOUT,
            fixed: &[TIMEOUT_FIXED_WITH_CONTEXT],
        },
        Pattern {
            name: "NCast",
            rule: "leak-ncast",
            buggy: NCAST,
            fixed: &[],
        },
        Pattern {
            name: "NoCloseRange",
            rule: "leak-range-unclosed",
            buggy: NO_CLOSE_RANGE,
            fixed: &[],
        },
        Pattern {
            name: "DoubleSend",
            rule: "leak-double-send",
            buggy: DOUBLE_SEND,
            fixed: &[],
        },
        Pattern {
            name: "NoSender",
            rule: "leak-receive-nosender",
            buggy: NO_SENDER,
            fixed: &[],
        },
    ]
}

/// The mechanical fix each pattern's page suggests, applied by text edit.
fn mechanical_fix(name: &str, buggy: &str) -> String {
    let once = |from: &str, to: &str| {
        assert_eq!(buggy.matches(from).count(), 1, "{name}: `{from}` once");
        buggy.replacen(from, to, 1)
    };
    match name {
        "EarlyReturn" => once("make(chan result)", "make(chan result, 1)"),
        "Timeout" => once("make(chan string)", "make(chan string, 1)"),
        "NCast" => once("make(chan string)", "make(chan string, len(mirrors))"),
        "NoCloseRange" => once(
            "\t\twork <- j\n\t}\n",
            "\t\twork <- j\n\t}\n\tclose(work)\n\twg.Wait()\n",
        ),
        "DoubleSend" => once(
            "errors.New(\"empty\")} // LEAK\n",
            "errors.New(\"empty\")}\n\t\t\treturn\n",
        ),
        "NoSender" => once("\thandle()\n}", "\thandle()\n\tclose(quit)\n}"),
        other => panic!("no fix for {other}"),
    }
}

/// `(rule, 1-based line)` of every `leak-*` finding in `text`.
fn leak_findings(text: &str) -> Vec<(&'static str, usize)> {
    let report = check_files(
        vec![InMemoryFile {
            path: "shapes/shapes.go".into(),
            text: text.to_string(),
            reported: true,
        }],
        &Settings::default(),
    );
    let mut found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.id.starts_with("leak-"))
        .map(|d| (d.rule.id, text[..d.span.start].matches('\n').count() + 1))
        .collect();
    found.sort();
    found
}

fn marked_line(text: &str) -> usize {
    let lines: Vec<_> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("// LEAK"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 1, "one `// LEAK` marker");
    lines[0]
}

#[test]
fn each_canonical_pattern_is_reported_where_it_leaks() {
    for p in patterns() {
        assert_eq!(
            leak_findings(p.buggy),
            vec![(p.rule, marked_line(p.buggy))],
            "{}: expected exactly one {} on the marked line",
            p.name,
            p.rule
        );
    }
}

#[test]
fn each_fixed_pattern_is_silent() {
    for p in patterns() {
        let fixed = mechanical_fix(p.name, p.buggy);
        assert_ne!(fixed, p.buggy);
        assert_eq!(
            leak_findings(&fixed),
            vec![],
            "{}: the mechanically fixed version must be silent:\n{fixed}",
            p.name
        );
        for other in p.fixed {
            assert_eq!(
                leak_findings(other),
                vec![],
                "{}: this fixed version must be silent:\n{other}",
                p.name
            );
        }
    }
}
