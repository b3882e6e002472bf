//! Project tasks, run as `cargo xtask <task>` (an alias in
//! `.cargo/config.toml`). Arguments are parsed by hand: a handful of flags do
//! not justify an argument-parsing dependency.

mod bench;
mod corpus;
mod eval;
mod fuzz;
mod generate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Counts allocations so that `bench` can report the reader's peak memory.
// It only counts while a measurement window is open, so it costs one
// relaxed load per allocation otherwise.
#[global_allocator]
static ALLOCATOR: bench::CountingAlloc = bench::CountingAlloc;

const HELP: &str = "\
usage: cargo xtask <task> [options]

tasks:
  bench     reading throughput and peak memory on the largest corpus files
            and a generated 10,000-article document, beside a bare quick-xml
            pass (builds xtask in release first)
              --runs N        best of N timed runs per input (default 5)
              --articles N    articles in the generated document (default 10000)
              --seed S        seed of the generated document (default 1)
              --only TEXT     only inputs whose name contains TEXT (\"diff\": the
                              diff pipeline only)
              --pair-articles N  articles in each generated diff version (default 5000)
              --change-rate R share of provisions changed in the pair (default 0.05)
              --write         also rewrite the figures in docs/BENCHMARKS.md
                              and docs/ALIGNMENT.md
  generate  write a generated Akoma Ntoso convention
              --articles N    number of articles (default 100)
              --seed S        seed (default 1)
              -o FILE         write one version to FILE
              --pair OLD NEW  write two versions instead (see --change-rate)
              --change-rate R share of provisions changed in NEW (default 0.05)
              --truth FILE    with --pair: what became of each provision (TSV)
  fuzz      fuzz the reader: cargo-fuzz (libFuzzer) on nightly when installed,
            else a stable-toolchain mutation smoke fuzzer
              --seconds N     how long (default 60)
              --smoke         use the smoke fuzzer even if cargo-fuzz is there
              --seed S        smoke fuzzer seed (default 1)
  corpus    checks that need ../shared: every corpus file read, key facts,
            the JSON contract on every pair of successive versions, the
            aligner against the UK bills' GUIDs, the drafts against the XSD
              --write         also rewrite the figures in docs/ALIGNMENT.md
  eval      accuracy of the effect classifier on tests/effects (--write: docs/ACCURACY.md,
            -v: the development misses, --dev: the development set only)
  help      this list
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match task {
        "bench" => bench::run(rest),
        "generate" => generate::run(rest),
        "fuzz" => fuzz::run(rest),
        // The smoke fuzzer's child process (see fuzz.rs): not for people.
        "fuzz-worker" => fuzz::worker(rest),
        "corpus" => corpus::run(rest),
        "eval" => eval::run(rest),
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Hand-rolled option parsing: take what is known, then complain about the
/// rest.
pub struct Args {
    items: Vec<String>,
}

impl Args {
    pub fn new(args: &[String]) -> Args {
        Args {
            items: args.to_vec(),
        }
    }

    /// Removes a flag without a value; true if it was there.
    pub fn flag(&mut self, name: &str) -> bool {
        match self.items.iter().position(|a| a == name) {
            Some(i) => {
                self.items.remove(i);
                true
            }
            None => false,
        }
    }

    /// Removes `name VALUE` (or `name=VALUE`) and returns VALUE.
    pub fn value(&mut self, name: &str) -> Result<Option<String>, String> {
        Ok(self.values(name, 1)?.map(|mut v| v.remove(0)))
    }

    /// Removes `name V1 .. Vn` and returns the values.
    pub fn values(&mut self, name: &str, n: usize) -> Result<Option<Vec<String>>, String> {
        let prefix = format!("{name}=");
        if let Some(i) = self.items.iter().position(|a| a.starts_with(&prefix)) {
            let v = self.items.remove(i)[prefix.len()..].to_string();
            return Ok(Some(vec![v]));
        }
        let Some(i) = self.items.iter().position(|a| a == name) else {
            return Ok(None);
        };
        if self.items.len() - i - 1 < n {
            return Err(format!("{name} needs {n} value(s)"));
        }
        let taken: Vec<String> = self.items.drain(i..=i + n).skip(1).collect();
        Ok(Some(taken))
    }

    /// A numeric option with a default.
    pub fn number<T: std::str::FromStr>(&mut self, name: &str, default: T) -> Result<T, String> {
        match self.value(name)? {
            Some(v) => v
                .parse()
                .map_err(|_| format!("{name}: `{v}` is not a valid number")),
            None => Ok(default),
        }
    }

    /// Fails if anything was not taken.
    pub fn finish(self) -> Result<(), String> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "unexpected argument(s): {} (see `cargo xtask help`)",
                self.items.join(" ")
            ))
        }
    }
}
