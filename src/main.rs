fn main() -> std::process::ExitCode {
    lifelint::cli::run()
}
