//! How lifelint's time grows with the shape of its input: each shape is generated at
//! 1x, 2x, 4x and 8x its base size and checked in memory with every rule; the bench
//! prints the time of each size and the growth factor from one size to the next
//! (2.0 is linear, 4.0 quadratic). `cargo bench --bench growth [-- --base N]`.
//! A benchmark, not a test: it asserts nothing about time.

use std::time::{Duration, Instant};

use lifelint::Settings;
use lifelint::engine::{InMemoryFile, check_files};

/// A generator: the Go source of a file of size `n`.
type Shape = (&'static str, usize, fn(usize) -> String);

const SHAPES: &[Shape] = &[
    ("top-level functions", 2000, many_functions),
    ("nested for/select with time.After", 250, nested_selects),
    ("nested if blocks", 1000, nested_ifs),
    ("nested func literals", 2500, nested_literals),
    ("pointer type depth", 2000, deep_pointer),
    (
        "deref depth beside make(chan)",
        2000,
        deep_deref_with_channel,
    ),
];

fn header() -> String {
    "package p\n\nimport (\n\t\"context\"\n\t\"sync\"\n\t\"time\"\n)\n\nvar wg sync.WaitGroup\nvar _ = time.Second\n\n"
        .to_string()
}

fn many_functions(n: usize) -> String {
    let mut out = header();
    for i in 0..n {
        out.push_str(&format!(
            "func f{i}(ctx context.Context) {{\n\tc, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n\t_ = c\n}}\n"
        ));
    }
    out
}

fn nested_selects(n: usize) -> String {
    let mut out = header();
    out.push_str("func f(ctx context.Context, ch chan int) {\n");
    for _ in 0..n {
        out.push_str("for {\nselect {\ncase <-ch:\ncase <-time.After(time.Second):\n");
    }
    out.push_str("return\n");
    for _ in 0..n {
        out.push_str("}\n}\n");
    }
    out.push_str("}\n");
    out
}

fn nested_literals(n: usize) -> String {
    let mut out = header();
    out.push_str("var f = ");
    out.push_str(&"func() {\n_ = ".repeat(n));
    out.push_str("func() {\n\tctx, _ := context.WithCancel(context.Background())\n\t_ = ctx\n}\n");
    out.push_str(&"}\n".repeat(n));
    out
}

fn nested_ifs(n: usize) -> String {
    let mut out = header();
    out.push_str("func f(ctx context.Context, x int) {\n\tc, cancel := context.WithCancel(ctx)\n");
    for _ in 0..n {
        out.push_str("if x > 0 {\n");
    }
    out.push_str("cancel()\n_ = c\n");
    for _ in 0..n {
        out.push_str("}\n");
    }
    out.push_str("}\n");
    out
}

fn deep_pointer(n: usize) -> String {
    let ty = format!("{}int", "*".repeat(n));
    let mut out = header();
    out.push_str(&format!(
        "func f(ctx context.Context, p {ty}) {{\n\tvar x {ty}\n\twg.Add(1)\n\tgo func() {{ defer wg.Done(); _, _ = x, p }}()\n}}\n"
    ));
    out
}

/// A long dereference chain in a function that makes a channel: the leak family's
/// channel model walks every node of the body, however deep.
fn deep_deref_with_channel(n: usize) -> String {
    let mut out = header();
    out.push_str(&format!(
        "func f(p {}int) {{\n\tch := make(chan int)\n\tgo func() {{ ch <- 1 }}()\n\tx := {}p\n\t_ = x\n\t<-ch\n}}\n",
        "*".repeat(n),
        "*".repeat(n)
    ));
    out
}

fn time_check(text: &str) -> Duration {
    let settings = Settings {
        max_file_bytes: u64::MAX,
        go_version: Some("1.20".parse().expect("a Go version")),
        ..Settings::default()
    };
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let file = InMemoryFile {
            path: "shape.go".into(),
            text: text.to_string(),
            reported: true,
        };
        let start = Instant::now();
        let report = check_files(vec![file], &settings);
        best = best.min(start.elapsed());
        std::hint::black_box(report.diagnostics.len());
    }
    best
}

fn main() {
    let mut scale = 1.0f64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--scale" {
            scale = args.next().and_then(|v| v.parse().ok()).unwrap_or(1.0);
        }
    }
    println!(
        "{:<36} {:>8} {:>12} {:>8}",
        "shape", "size", "time", "growth"
    );
    for (name, base, generate) in SHAPES {
        let base = ((*base as f64) * scale).max(1.0) as usize;
        let mut previous: Option<Duration> = None;
        for factor in [1, 2, 4, 8] {
            let n = base * factor;
            let elapsed = time_check(&generate(n));
            let growth = previous
                .map(|p| format!("{:.2}x", elapsed.as_secs_f64() / p.as_secs_f64().max(1e-9)))
                .unwrap_or_else(|| "-".to_string());
            println!(
                "{name:<36} {n:>8} {:>10.1}ms {growth:>8}",
                elapsed.as_secs_f64() * 1e3
            );
            previous = Some(elapsed);
        }
    }
}
