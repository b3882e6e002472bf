//! The `redline` binary: parses arguments, runs a command, and maps every
//! error to a message and an exit code in one place (`cli::run`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
