//! Command-line interface: flags in, one validated request out, exit codes.
//!
//! Exit codes follow diff's: 0 success (no differences), 1 differences,
//! 2 trouble (a file that cannot be read, a bad flag, an output that cannot
//! be written).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use redline::akn;
use redline::render;

#[derive(Parser)]
#[command(
    name = "redline",
    version,
    about = "Clause-by-clause redlines of legal texts in Akoma Ntoso",
    long_about = "redline reads versions of a legal text in Akoma Ntoso XML (3.0, 2.0 and national \
                  profiles), aligns their provisions, and shows what changed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print each document's identification and outline
    Inspect {
        /// Akoma Ntoso files to read
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
        format: InspectFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum InspectFormat {
    Text,
    Json,
}

/// Everything that ends a command early.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Read(#[from] akn::ReadError),
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
}

/// What a command says about its outcome.
enum Outcome {
    Success,
    /// Some inputs failed; their errors were already reported.
    PartialFailure,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Inspect { files, format } => inspect(&files, format),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::PartialFailure) => ExitCode::from(2),
        // A closed pipe (`redline inspect x | head`) is a normal end.
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("redline: {e}");
            ExitCode::from(2)
        }
    }
}

fn report_warnings(doc: &akn::Document) {
    for w in &doc.warnings {
        eprintln!(
            "redline: warning: {}:{}:{}: {}",
            doc.source, w.line, w.column, w.message
        );
    }
}

fn inspect(files: &[PathBuf], format: InspectFormat) -> Result<Outcome, CliError> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut docs = Vec::new();
    for file in files {
        match akn::read(file) {
            Ok(doc) => {
                report_warnings(&doc);
                match format {
                    InspectFormat::Text => {
                        render::outline::write_text(&mut out, &doc)?;
                        out.flush()?;
                    }
                    InspectFormat::Json => docs.push(doc),
                }
            }
            Err(e) => {
                // Report and go on: one bad file does not stop the batch.
                eprintln!("redline: {e}");
                failed = true;
            }
        }
    }
    if let InspectFormat::Json = format {
        render::outline::write_json(&mut out, &docs)?;
    }
    out.flush()?;
    Ok(if failed {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}
