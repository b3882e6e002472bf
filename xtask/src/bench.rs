//! `cargo xtask bench`: reading throughput and peak memory of
//! `redline::akn::read_owned`, beside a bare quick-xml pass over the same
//! bytes; then the whole diff pipeline (read both versions, align, compare)
//! on a generated pair and on the two UK Data Protection bill versions
//! (`diff.rs`).
//!
//! Wall-clock time on a shared two-core machine is noisy, so every figure is
//! the best of several runs, and the reader and the yardstick runs are
//! interleaved: the ratio between them, taken in the same run, is the figure
//! to trust; absolute MB/s move with the machine's load.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;
use std::fmt::Write as _;
use std::hint::black_box;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use crate::{generate, workspace_root, Args};

mod diff;

// ---------------------------------------------------------------------------
// Peak memory: a counting allocator around the system one.

/// Counts bytes allocated minus bytes freed while a window is open, and the
/// highest that count reached. Frees of memory allocated before the window
/// make the count negative, which only lowers it: the peak is the most extra
/// memory the measured code held at once.
pub struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(by: usize) {
    if COUNTING.load(Relaxed) {
        let now = CURRENT.fetch_add(by as isize, Relaxed) + by as isize;
        PEAK.fetch_max(now, Relaxed);
    }
}

fn shrank(by: usize) {
    if COUNTING.load(Relaxed) {
        CURRENT.fetch_sub(by as isize, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `MiMalloc`, the allocator of
// the `redline` binary, so that the figures are the binary's; the wrapper only
// updates counters on the side.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = MiMalloc.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = MiMalloc.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        MiMalloc.dealloc(ptr, layout);
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = MiMalloc.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

/// Inside a [`measure_memory`] window: the peak since the window opened or
/// the last call, after which the next stage's peak starts from what is
/// held now.
fn take_stage_peak() -> usize {
    let now = CURRENT.load(Relaxed);
    PEAK.swap(now, Relaxed).max(0) as usize
}

/// Runs `f` with the counters on; returns its result, the peak extra bytes
/// it held at once, and the bytes still held when it returned (what the
/// result keeps alive), less what it freed of memory allocated before.
fn measure_memory<T>(f: impl FnOnce() -> T) -> (T, usize, isize) {
    CURRENT.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let out = f();
    COUNTING.store(false, Relaxed);
    let peak = PEAK.load(Relaxed).max(0) as usize;
    let kept = CURRENT.load(Relaxed);
    (out, peak, kept)
}

// ---------------------------------------------------------------------------
// Inputs.

/// The largest files of the shared corpus, by path under `shared/corpus`.
const CORPUS_FILES: &[&str] = &[
    "leos-ec/bill-test.xml",
    "ris-norms-legaldocml-de/LegalDocML.de/1.8.2/samples/bgbl-1_1000_2_large_01/regelungstext-verkuendung-1.xml",
    "uk-parliament-lawmaker/amendment-papers/energy_day_rep_0905.xml",
    "uk-parliament-lawmaker/bills/Data Protection and Digital Information Bill - commons committee.xml",
];

struct Input {
    name: String,
    bytes: Vec<u8>,
}

fn inputs(articles: usize, seed: u64, only: Option<&str>) -> Result<Vec<Input>, String> {
    let root = workspace_root();
    let wanted = |name: &str| only.is_none_or(|o| name.contains(o));
    let mut out = Vec::new();
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        for rel in CORPUS_FILES {
            if !wanted(rel) {
                continue;
            }
            let path = corpus.join(rel);
            match std::fs::read(&path) {
                Ok(bytes) => out.push(Input {
                    name: rel.to_string(),
                    bytes,
                }),
                Err(e) => println!("note: skipping {rel}: {e}"),
            }
        }
    } else {
        println!(
            "note: {} is absent: the corpus files are skipped, only the generated document is measured",
            corpus.display()
        );
    }
    let name = format!("generated convention, {articles} articles (seed {seed})");
    if wanted(&name) {
        let text = generate::convention(articles, seed);
        // Kept on disk for profiling the same bytes by hand.
        let dir = root.join("target/xtask");
        let file = dir.join(format!("convention-{articles}-seed{seed}.xml"));
        if std::fs::create_dir_all(&dir).is_ok() && std::fs::write(&file, &text).is_ok() {
            println!("generated document written to {}", file.display());
        }
        out.push(Input {
            name,
            bytes: text.into_bytes(),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Measurement.

/// What the yardstick binary (`src/bin/yardstick.rs`) reports of one input.
struct Yardstick {
    text_bytes: usize,
    bare: Duration,
    attrs: Duration,
}

/// Builds the yardstick binary, which stands beside this one; returns its
/// path. The build is quick when nothing changed.
fn build_yardstick() -> Result<std::path::PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--release",
            "--package",
            "xtask",
            "--bin",
            "yardstick",
        ])
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building the yardstick failed ({status})"));
    }
    let exe = std::env::current_exe().map_err(|e| format!("where is xtask? {e}"))?;
    let path = exe.with_file_name(format!("yardstick{}", std::env::consts::EXE_SUFFIX));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "the yardstick was built, but not at {}",
            path.display()
        ))
    }
}

/// Runs the yardstick binary over `bytes` (one untimed pass, then `runs`
/// timed ones of each kind).
fn yardstick(exe: &std::path::Path, bytes: &[u8], runs: usize) -> Result<Yardstick, String> {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new(exe)
        .arg(runs.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    // Written from another thread: the child may fail before reading all.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let output = std::thread::scope(|s| {
        s.spawn(move || stdin.write_all(bytes));
        child.wait_with_output()
    })
    .map_err(|e| format!("yardstick: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    let line = String::from_utf8_lossy(&output.stdout);
    let f: Vec<u128> = line
        .split_whitespace()
        .map(|w| w.parse().map_err(|_| format!("yardstick said {line:?}")))
        .collect::<Result<_, _>>()?;
    let [_events, text_bytes, bare, attrs] = f[..] else {
        return Err(format!("yardstick said {line:?}"));
    };
    let ns = |n: u128| Duration::from_nanos(n as u64);
    Ok(Yardstick {
        text_bytes: text_bytes as usize,
        bare: ns(bare),
        attrs: ns(attrs),
    })
}

struct Row {
    name: String,
    size: usize,
    provisions: usize,
    reader: Duration,
    reader_median: Duration,
    bare: Duration,
    attrs: Duration,
    /// Share of the bytes in text events (the rest is markup).
    text_share: f64,
    peak_extra: usize,
    kept: usize,
}

impl Row {
    fn mb_s(&self, d: Duration) -> f64 {
        self.size as f64 / 1e6 / d.as_secs_f64()
    }
    fn ratio(&self) -> f64 {
        self.reader.as_secs_f64() / self.bare.as_secs_f64()
    }
    fn peak_ratio(&self) -> f64 {
        (self.size + self.peak_extra) as f64 / self.size as f64
    }
    fn meets(&self) -> (bool, bool, bool) {
        (
            self.mb_s(self.reader) >= GOAL_MB_S,
            self.ratio() <= GOAL_RATIO,
            self.peak_ratio() < GOAL_PEAK,
        )
    }
}

const GOAL_MB_S: f64 = 150.0;
const GOAL_RATIO: f64 = 3.0;
const GOAL_PEAK: f64 = 4.0;

fn measure(input: &Input, runs: usize, yardstick_exe: &std::path::Path) -> Result<Row, String> {
    // The reader takes over the file's bytes, as `redline::akn::read` does
    // with the file it loads; the copy it is given is made before the clock
    // (or the memory window) starts.
    let read = |bytes: Vec<u8>| redline::akn::read_owned(bytes, &input.name);
    // The first read warms caches and the allocator, and is the one whose
    // memory is counted (timing does not run under the counters).
    let copy = input.bytes.clone();
    let (doc, peak_extra, kept) = measure_memory(move || read(copy));
    // The bytes handed over count as held before the window: what the
    // document holds is them (the text it keeps; were they decoded into a
    // new text and freed, `kept` counts them against it) and what it
    // allocated.
    let kept = (input.bytes.len() as isize + kept).max(0) as usize;
    let doc = doc.map_err(|e| format!("{}: {e}", input.name))?;
    let provisions = doc.provisions.len();
    drop(doc);

    // Reader and yardstick take turns, so that both see the same load: one
    // timed read here, then a yardstick process with three timed passes.
    let mut reader_times = Vec::with_capacity(runs);
    let (mut bare, mut attrs, mut text_bytes) = (Duration::MAX, Duration::MAX, 0);
    for _ in 0..runs {
        let copy = input.bytes.clone();
        let t = Instant::now();
        let doc = black_box(read(copy));
        reader_times.push(t.elapsed());
        // Dropping the document is not part of reading it.
        drop(doc);
        let y = yardstick(yardstick_exe, &input.bytes, 3)?;
        bare = bare.min(y.bare);
        attrs = attrs.min(y.attrs);
        text_bytes = y.text_bytes;
    }
    reader_times.sort();
    Ok(Row {
        name: input.name.clone(),
        size: input.bytes.len(),
        provisions,
        reader: reader_times[0],
        reader_median: reader_times[runs / 2],
        bare,
        attrs,
        text_share: text_bytes as f64 / input.bytes.len() as f64,
        peak_extra,
        kept,
    })
}

fn short_name(name: &str) -> String {
    // The last path component is enough to tell the corpus files apart.
    name.rsplit('/').next().unwrap_or(name).to_string()
}

fn table(rows: &[Row], runs: usize) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| input | size (MB) | provisions | text share | reader (ms) | reader (MB/s) | quick-xml (ms) | quick-xml (MB/s) | reader / quick-xml | quick-xml + attributes (MB/s) | peak / size | document / size |"
    );
    let _ = writeln!(t, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for r in rows {
        let (speed, ratio, peak) = r.meets();
        let mark = |ok: bool| if ok { "" } else { " ✗" };
        let _ = writeln!(
            t,
            "| {} | {:.2} | {} | {:.0}% | {:.1} (median {:.1}) | {:.0}{} | {:.1} | {:.0} | {:.2}x{} | {:.0} | {:.2}x{} | {:.2}x |",
            short_name(&r.name),
            r.size as f64 / 1e6,
            r.provisions,
            r.text_share * 100.0,
            r.reader.as_secs_f64() * 1e3,
            r.reader_median.as_secs_f64() * 1e3,
            r.mb_s(r.reader),
            mark(speed),
            r.bare.as_secs_f64() * 1e3,
            r.mb_s(r.bare),
            r.ratio(),
            mark(ratio),
            r.mb_s(r.attrs),
            r.peak_ratio(),
            mark(peak),
            r.kept as f64 / r.size as f64,
        );
    }
    let _ = writeln!(
        t,
        "\nBest of {runs} runs each; ✗ marks a missed goal (reader ≥ {GOAL_MB_S:.0} MB/s, ≤ {GOAL_RATIO:.0}x quick-xml, peak < {GOAL_PEAK:.0}x the file).\n\
         Text share: bytes in text events. Peak: the file's bytes plus the most extra memory held during `read_owned`, over the file's size. \
         Document: what the returned `Document` holds, over the file's size: the decoded text it keeps (the file's bytes, taken over) and what it allocated \
         (a `Provision` is {} bytes before the strings it owns).",
        std::mem::size_of::<redline::akn::Provision>()
    );
    t
}

/// Today's date (UTC) from the system clock, as YYYY-MM-DD.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    // Days since 1970-01-01 -> civil date (H. Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let line = m.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.0} GiB", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "? GiB".to_string());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{cores} cores / {mem}, {rustc}")
}

const BEGIN: &str = "<!-- bench:begin (rewritten by `cargo xtask bench --write`) -->";
const END: &str = "<!-- bench:end -->";
const DIFF_BEGIN: &str = "<!-- bench-diff:begin (rewritten by `cargo xtask bench --write`) -->";
const DIFF_END: &str = "<!-- bench-diff:end -->";
const ALIGN_BEGIN: &str = "<!-- bench-align:begin (rewritten by `cargo xtask bench --write`) -->";
const ALIGN_END: &str = "<!-- bench-align:end -->";

/// Replaces what stands between the `begin` and `end` markers of a file
/// under the workspace root.
pub fn write_section(rel: &str, begin: &str, end: &str, section: &str) -> Result<(), String> {
    let path = workspace_root().join(rel);
    let doc = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (Some(b), Some(e)) = (doc.find(begin), doc.find(end)) else {
        return Err(format!(
            "{} has no figures section between `{begin}` and `{end}`",
            path.display()
        ));
    };
    let updated = format!("{}{begin}\n{section}{}", &doc[..b], &doc[e..]);
    std::fs::write(&path, updated).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("figures written to {}", path.display());
    Ok(())
}

pub fn run(args: &[String]) -> Result<(), String> {
    if cfg!(debug_assertions) {
        return rerun_in_release("bench", args);
    }
    let mut args = Args::new(args);
    let runs: usize = args.number("--runs", 5)?;
    let articles: usize = args.number("--articles", 10_000)?;
    let seed: u64 = args.number("--seed", 1)?;
    let pair_articles: usize = args.number("--pair-articles", 5_000)?;
    let change_rate: f64 = args.number("--change-rate", 0.05)?;
    let only = args.value("--only")?;
    let write = args.flag("--write");
    args.finish()?;
    let mut command = "cargo xtask bench".to_string();
    if runs != 5 {
        command.push_str(&format!(" --runs {runs}"));
    }
    if articles != 10_000 || seed != 1 {
        command.push_str(&format!(" --articles {articles} --seed {seed}"));
    }
    if pair_articles != 5_000 {
        command.push_str(&format!(" --pair-articles {pair_articles}"));
    }
    if change_rate != 0.05 {
        command.push_str(&format!(" --change-rate {change_rate}"));
    }
    if let Some(only) = &only {
        command.push_str(&format!(" --only {only:?}"));
    }
    if runs == 0 || articles == 0 || pair_articles == 0 {
        return Err("--runs, --articles and --pair-articles must be at least 1".into());
    }
    if !(0.0..=1.0).contains(&change_rate) {
        return Err("--change-rate must be between 0 and 1".into());
    }

    let inputs = inputs(articles, seed, only.as_deref())?;
    let corpus = workspace_root().join("../shared/corpus");
    let diff_inputs = diff::inputs(
        corpus.is_dir().then_some(corpus.as_path()),
        pair_articles,
        seed,
        change_rate,
        only.as_deref(),
    );
    if inputs.is_empty() && diff_inputs.is_empty() {
        return Err("no input to measure".into());
    }
    let mut rows = Vec::new();
    let yardstick_exe = if inputs.is_empty() {
        None
    } else {
        Some(build_yardstick()?)
    };
    for input in &inputs {
        eprintln!(
            "measuring {} ({:.1} MB)...",
            input.name,
            input.bytes.len() as f64 / 1e6
        );
        rows.push(measure(
            input,
            runs,
            yardstick_exe.as_deref().expect("built above"),
        )?);
    }
    let mut diff_rows = Vec::new();
    for input in &diff_inputs {
        eprintln!("measuring {}...", input.name);
        diff_rows.push(diff::measure(input, runs)?);
    }
    drop(diff_inputs);

    let measured = format!(
        "Measured {} on {} by `{command}` (xtask and the library built with `--release`).\n",
        today(),
        machine()
    );
    if !rows.is_empty() {
        let section = reader_section(&rows, runs, &measured);
        println!("\n{section}");
        if write {
            write_section("docs/BENCHMARKS.md", BEGIN, END, &section)?;
        }
    }
    if !diff_rows.is_empty() {
        let section = format!("{measured}\n{}", diff::section(&diff_rows, runs));
        println!("\n{section}");
        if write {
            write_section("docs/BENCHMARKS.md", DIFF_BEGIN, DIFF_END, &section)?;
            // The aligner's score, also where the method is described.
            if let Some(scores) = diff::scores_section(&diff_rows) {
                let section = format!("{measured}\n{scores}");
                write_section("docs/ALIGNMENT.md", ALIGN_BEGIN, ALIGN_END, &section)?;
            }
        }
    }
    Ok(())
}

fn reader_section(rows: &[Row], runs: usize, measured: &str) -> String {
    let total_size: usize = rows.iter().map(|r| r.size).sum();
    let total_reader: f64 = rows.iter().map(|r| r.reader.as_secs_f64()).sum();
    let total_bare: f64 = rows.iter().map(|r| r.bare.as_secs_f64()).sum();

    let mut section = String::new();
    let _ = writeln!(section, "{measured}");
    section.push_str(&table(rows, runs));
    let _ = writeln!(
        section,
        "\nAll inputs together: {:.1} MB read at {:.0} MB/s, {:.2}x the bare quick-xml pass ({:.0} MB/s).\n",
        total_size as f64 / 1e6,
        total_size as f64 / 1e6 / total_reader,
        total_reader / total_bare,
        total_size as f64 / 1e6 / total_bare,
    );
    let goals = [
        "≥ 150 MB/s",
        "≤ 3x the bare quick-xml pass",
        "peak < 4x the file",
    ];
    for (g, goal) in goals.iter().enumerate() {
        let missed: Vec<String> = rows
            .iter()
            .filter(|r| {
                let (speed, ratio, peak) = r.meets();
                ![speed, ratio, peak][g]
            })
            .map(|r| short_name(&r.name))
            .collect();
        let verdict = match missed.len() {
            0 => "met on every input".to_string(),
            n if n == rows.len() => "missed on every input".to_string(),
            _ => format!("missed on {}", missed.join(", ")),
        };
        let _ = writeln!(section, "- {goal}: {verdict}.");
    }
    section
}

/// A debug build (what the `cargo xtask` alias makes) measures nothing
/// worth recording: build and run xtask again with `--release`.
pub fn rerun_in_release(task: &str, args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    eprintln!("building xtask with --release for `{task}`...");
    let status = Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "xtask",
            "--",
            task,
        ])
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the release run failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_window_counts_what_is_held() {
        let (v, peak, kept) = measure_memory(|| vec![0u8; 1 << 20]);
        assert!(peak >= 1 << 20);
        assert!(kept >= 1 << 20);
        drop(v);
        // Only lower bounds: tests on other threads allocate meanwhile.
        let (_, peak, _) = measure_memory(|| drop(vec![0u8; 1 << 20]));
        assert!(peak >= 1 << 20);
    }

    #[test]
    fn date_is_plausible() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(d.as_str() > "2024-01-01");
    }

    #[test]
    fn the_doc_has_a_figures_section() {
        let doc = std::fs::read_to_string(workspace_root().join("docs/BENCHMARKS.md"))
            .expect("docs/BENCHMARKS.md");
        assert!(doc.contains(BEGIN) && doc.contains(END));
        assert!(doc.contains(DIFF_BEGIN) && doc.contains(DIFF_END));
        let doc = std::fs::read_to_string(workspace_root().join("docs/ALIGNMENT.md"))
            .expect("docs/ALIGNMENT.md");
        assert!(doc.contains(ALIGN_BEGIN) && doc.contains(ALIGN_END));
    }
}
