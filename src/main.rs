//! The `redline` binary: parses arguments, runs a command, and maps every
//! error to a message and an exit code in one place (`cli::run`).

mod cli;

// Reading and comparing make many small strings; mimalloc serves them
// faster than the system allocator (docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
