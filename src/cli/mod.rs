//! The command line: `check`, `rules`, `explain`, `lsp`. clap parses; each
//! subcommand lives in its own module and returns an `ExitStatus`.

mod baseline;
mod check;
mod explain;
mod fix;
pub mod rules;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status of a run: 0 clean, 1 findings, 2 usage or I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Clean,
    Findings,
    Error,
    /// The Language Server got `exit` before `shutdown`: status 1, as the LSP
    /// specification asks.
    ExitWithoutShutdown,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(match status {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
            ExitStatus::ExitWithoutShutdown => 1,
        })
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "lifelint",
    version,
    about = "Finds goroutine leaks and lost observability in Go code: contexts, spans, WaitGroups, pprof labels, timers, channels"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check Go packages (patterns as the go command takes them; default ./...)
    Check(check::CheckArgs),
    /// List every rule: id, family, default severity, summary
    Rules,
    /// Print a rule's documentation
    Explain {
        /// A rule id, e.g. ctx-cancel-discarded
        rule: String,
    },
    /// Language Server on stdio
    Lsp,
}

/// Parses the command line and runs it.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules => {
            print!("{}", rules::table());
            ExitStatus::Clean
        }
        Command::Explain { rule } => explain::run(&rule),
        Command::Lsp => crate::lsp::run_stdio(),
    };
    status.into()
}
