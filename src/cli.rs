//! Command-line interface: flags in, one validated request out, exit codes.
//!
//! Exit codes follow diff's: 0 success (no differences), 1 differences,
//! 2 trouble (a file that cannot be read, a bad flag, an output that cannot
//! be written).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use redline::compare::{self, Comparison};
use redline::effects::{Classifier, Lexicon, LexiconError, RoleOverrides};
use redline::render;
use redline::{akn, align};

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
    /// Compare two versions of a text, provision by provision
    ///
    /// Exit status: 0 when the versions do not differ, 1 when they do,
    /// 2 on trouble, 3 when a --fail-on condition is met (the output is
    /// written all the same).
    Diff {
        /// The older version (Akoma Ntoso XML)
        old: PathBuf,
        /// The newer version (Akoma Ntoso XML)
        new: PathBuf,
        /// Output format (json is described by schema/comparison.schema.json)
        #[arg(long, value_enum, default_value_t = DiffFormat::Terminal)]
        format: DiffFormat,
        /// Write to FILE instead of standard output (whole or not at all)
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Colour the terminal format: auto colours when standard output is
        /// a terminal and NO_COLOR is unset or empty
        #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// For the html format: take redline.html, redline.css and
        /// redline.js from DIR where it has them, instead of the built-in ones
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Exit with status 3 when any change reads this way, for jobs
        /// that must fail when a new draft weakens safeguards (a change
        /// read as mixed on the axis counts too); comma-separated
        #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
        fail_on: Vec<FailOn>,
        #[command(flatten)]
        effects: EffectOptions,
    },
    /// Show every rule that fired on one provision, and why
    ///
    /// Names the role each side was read in (and how sure that reading is),
    /// then each effect: axis, direction, rule, confidence, the words it
    /// fired on and the explanation.
    Explain {
        /// The older version (Akoma Ntoso XML)
        old: PathBuf,
        /// The newer version (Akoma Ntoso XML)
        new: PathBuf,
        /// The provision, by its label in either version ("Article 24(2)")
        /// or its eId ("art_24__para_2")
        #[arg(long, short = 'p')]
        provision: String,
        #[command(flatten)]
        effects: EffectOptions,
    },
    /// Print the built-in lexicon, to edit and pass back with --lexicon
    Lexicon,
}

/// How effects are read: the lexicon and per-document role overrides.
#[derive(clap::Args, Clone, Default)]
struct EffectOptions {
    /// Use this lexicon instead of the built-in one (see `redline lexicon`)
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Force clause roles: a TOML file of `[[role]] match = "art_24*"
    /// role = "safeguard"` entries, matched on eId or label
    #[arg(long, value_name = "FILE")]
    roles: Option<PathBuf>,
}

impl EffectOptions {
    fn classifier(&self) -> Result<Classifier, CliError> {
        let read = |path: &Path| {
            fs::read_to_string(path).map_err(|source| CliError::Config {
                path: path.to_path_buf(),
                source,
            })
        };
        let lexicon = match &self.lexicon {
            Some(path) => Lexicon::parse(&read(path)?, &path.display().to_string())?,
            None => Lexicon::default_lexicon(),
        };
        let roles = match &self.roles {
            Some(path) => RoleOverrides::parse(&read(path)?, &path.display().to_string())?,
            None => RoleOverrides::default(),
        };
        Ok(Classifier::new(lexicon, roles))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum InspectFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// A redline for reading in a terminal
    Terminal,
    /// The comparison as JSON, for programs
    Json,
    /// A redline for a code-hosting site
    Markdown,
    /// A self-contained web page: the whole new text with the changes
    Html,
    /// A Word document whose changes are tracked changes (needs -o FILE)
    Docx,
}

/// A reading of a change that should fail an automated job.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    ScopeWidens,
    ScopeNarrows,
    SafeguardsWeaken,
    SafeguardsStrengthen,
    /// Any change with an effect on either axis.
    AnyEffect,
}

impl FailOn {
    fn matches(self, v: &redline::effects::Verdict) -> bool {
        use redline::effects::{SafeguardsVerdict as G, ScopeVerdict as S};
        match self {
            FailOn::ScopeWidens => matches!(v.scope, S::Widens | S::Mixed),
            FailOn::ScopeNarrows => matches!(v.scope, S::Narrows | S::Mixed),
            FailOn::SafeguardsWeaken => matches!(v.safeguards, G::Weakens | G::Mixed),
            FailOn::SafeguardsStrengthen => matches!(v.safeguards, G::Strengthens | G::Mixed),
            FailOn::AnyEffect => v.scope != S::None || v.safeguards != G::None,
        }
    }

    /// "3 changes weaken the safeguards", "1 change widens the scope".
    fn describe(self, n: usize) -> String {
        let (one, many) = match self {
            FailOn::ScopeWidens => ("widens the scope", "widen the scope"),
            FailOn::ScopeNarrows => ("narrows the scope", "narrow the scope"),
            FailOn::SafeguardsWeaken => ("weakens the safeguards", "weaken the safeguards"),
            FailOn::SafeguardsStrengthen => {
                ("strengthens the safeguards", "strengthen the safeguards")
            }
            FailOn::AnyEffect => ("has an effect", "have an effect"),
        };
        if n == 1 {
            format!("1 change {one}")
        } else {
            format!("{n} changes {many}")
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a terminal (`is_terminal`) or not.
    /// An explicit `always` overrides NO_COLOR, as no-color.org asks.
    fn resolve(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
                is_terminal && !no_color && !dumb
            }
        }
    }
}

/// Everything that ends a command early.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Read(#[from] akn::ReadError),
    /// Inputs that could not be read, each reported on its own line.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\nredline: "))]
    Inputs(Vec<akn::ReadError>),
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
    #[error("cannot write {}: {source}", path.display())]
    OutputFile { path: PathBuf, source: io::Error },
    #[error("cannot read {}: {source}", path.display())]
    Config { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error(
        "no provision {0:?} in either version (give a label such as \"Article 24(2)\" or an eId)"
    )]
    NoSuchProvision(String),
    #[error("templates: {0}")]
    Templates(#[from] render::html::TemplateError),
    #[error("cannot make the page: {0}")]
    Page(#[from] render::html::RenderError),
    #[error("docx output needs -o FILE")]
    DocxNeedsFile,
}

/// What a command says about its outcome.
enum Outcome {
    Success,
    /// The compared versions differ.
    Differences,
    /// Some inputs failed; their errors were already reported.
    PartialFailure,
    /// A --fail-on condition was met; the message says which.
    Failed(String),
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
        Command::Diff {
            old,
            new,
            format,
            output,
            color,
            templates,
            fail_on,
            effects,
        } => effects.classifier().and_then(|c| {
            let output = Output {
                path: output.as_deref(),
                color,
                templates: templates.as_deref(),
            };
            diff(&old, &new, format, &output, &c, &fail_on)
        }),
        Command::Explain {
            old,
            new,
            provision,
            effects,
        } => effects
            .classifier()
            .and_then(|c| explain(&old, &new, &provision, &c)),
        Command::Lexicon => {
            let mut out = io::stdout().lock();
            out.write_all(redline::effects::lexicon::DEFAULT.as_bytes())
                .map(|()| Outcome::Success)
                .map_err(CliError::Output)
        }
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Differences) => ExitCode::from(1),
        Ok(Outcome::PartialFailure) => ExitCode::from(2),
        Ok(Outcome::Failed(why)) => {
            eprintln!("redline: {why}");
            ExitCode::from(3)
        }
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

/// Where and how `redline diff` writes.
struct Output<'a> {
    /// A file, else standard output.
    path: Option<&'a Path>,
    color: ColorChoice,
    /// A folder of templates for the html format.
    templates: Option<&'a Path>,
}

fn diff(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    output: &Output<'_>,
    classifier: &Classifier,
    fail_on: &[FailOn],
) -> Result<Outcome, CliError> {
    // A binary format is never written to standard output.
    if matches!(format, DiffFormat::Docx) && output.path.is_none() {
        return Err(CliError::DocxNeedsFile);
    }
    // A bad template folder is reported before any work is done.
    let templates = match (format, output.templates) {
        (DiffFormat::Html, Some(dir)) => render::html::Templates::load(dir)?,
        _ => render::html::Templates::embedded(),
    };
    let (color, output) = (output.color, output.path);
    let (old, new) = read_pair(old, new)?;
    let alignment = align::align(&old, &new);
    let comparison = compare::compare_with(&old, &new, &alignment, classifier);
    // The page is made before any output is opened, so that a template's
    // fault is reported as such.
    let page = match format {
        DiffFormat::Html => Some(render::html::render(&comparison, &old, &new, &templates)?),
        _ => None,
    };
    let input = DiffInput {
        comparison: &comparison,
        old: &old,
        new: &new,
        page: page.as_deref(),
    };
    let mut outcome = if comparison.has_changes() {
        Outcome::Differences
    } else {
        Outcome::Success
    };
    let failing: Vec<String> = fail_on
        .iter()
        .filter_map(|f| {
            let n = comparison
                .changes
                .iter()
                .filter(|c| f.matches(&c.verdict))
                .count();
            (n > 0).then(|| f.describe(n))
        })
        .collect();
    if !failing.is_empty() {
        outcome = Outcome::Failed(format!("failing (--fail-on): {}", failing.join("; ")));
    }
    match output {
        Some(path) => {
            let color = color.resolve(false);
            write_atomically(path, |out| render_diff(out, &input, format, color)).map_err(
                |source| CliError::OutputFile {
                    path: path.to_path_buf(),
                    source,
                },
            )?;
        }
        None => {
            let stdout = io::stdout();
            let color = color.resolve(stdout.is_terminal());
            let mut out = BufWriter::new(stdout.lock());
            let written = render_diff(&mut out, &input, format, color).and_then(|()| out.flush());
            match written {
                // A closed pipe (`redline diff a b | head`) is a normal end;
                // the exit status still says whether the versions differ.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
    }
    Ok(outcome)
}

/// Reads both versions before giving up, so that both files' errors are
/// reported.
fn read_pair(old: &Path, new: &Path) -> Result<(akn::Document, akn::Document), CliError> {
    let (old, new) = match (akn::read(old), akn::read(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let errors = [old.err(), new.err()].into_iter().flatten().collect();
            return Err(CliError::Inputs(errors));
        }
    };
    report_warnings(&old);
    report_warnings(&new);
    Ok((old, new))
}

fn explain(
    old: &Path,
    new: &Path,
    provision: &str,
    classifier: &Classifier,
) -> Result<Outcome, CliError> {
    let (old, new) = read_pair(old, new)?;
    let alignment = align::align(&old, &new);
    let comparison = compare::compare_with(&old, &new, &alignment, classifier);
    let request = render::explain::Request::find(&comparison, &old, &new, provision)
        .ok_or_else(|| CliError::NoSuchProvision(provision.to_string()))?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    render::explain::write(&mut out, &request, classifier)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// What `redline diff` renders: the comparison, the two documents, and
/// for the html format the page already made.
struct DiffInput<'a> {
    comparison: &'a Comparison,
    old: &'a akn::Document,
    new: &'a akn::Document,
    page: Option<&'a str>,
}

fn render_diff(
    out: &mut impl Write,
    input: &DiffInput<'_>,
    format: DiffFormat,
    color: bool,
) -> io::Result<()> {
    let comparison = input.comparison;
    match format {
        DiffFormat::Terminal => {
            let opts = render::terminal::Options {
                color,
                ..Default::default()
            };
            render::terminal::write(out, comparison, &opts)
        }
        DiffFormat::Json => render::json::write(out, comparison),
        DiffFormat::Markdown => render::markdown::write(out, comparison),
        DiffFormat::Html => out.write_all(input.page.unwrap_or_default().as_bytes()),
        DiffFormat::Docx => render::docx::write(out, comparison, input.old, input.new),
    }
}

/// Writes a file whole or not at all: into a new temporary file beside it,
/// synced, then renamed over the target. On failure the temporary file is
/// removed and the target left as it was.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file name",
        ));
    };
    let stem = format!(".{}.redline-{}", name.to_string_lossy(), std::process::id());
    let mut attempt = 0u32;
    let (tmp, file) = loop {
        let tmp = dir.join(format!("{stem}-{attempt}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
