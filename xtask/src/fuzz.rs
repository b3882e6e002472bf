//! `cargo xtask fuzz`: throws malformed input at the reader.
//!
//! With a nightly toolchain and cargo-fuzz installed it runs the libFuzzer
//! target in `fuzz/` (coverage-guided, the real thing). Otherwise it falls
//! back to a smoke fuzzer that needs only the stable toolchain: seeded,
//! deterministic mutations of the seed files, each read inside
//! `catch_unwind`. It knows nothing of coverage, so it finds shallow bugs
//! only, but it runs anywhere, CI included.
//!
//! The smoke fuzzer runs in a child process (`xtask fuzz-worker`): a stack
//! overflow or an abort cannot be caught in-process, and a hang cannot be
//! interrupted. When the child dies or stalls, the parent replays the same
//! deterministic sequence from the last progress report with every input
//! saved before it is read, so the culprit is on disk when the child dies
//! again.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use crate::generate::{self, Rng};
use crate::{workspace_root, Args};

/// Longest input the smoke fuzzer builds: big enough for deep nesting,
/// small enough to keep thousands of reads a second.
const MAX_LEN: usize = 256 * 1024;
/// A child silent for this long is hung on one input.
const HANG: Duration = Duration::from_secs(30);
/// Inputs between two progress reports of the child.
const STRIDE: u64 = 256;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = Args::new(args);
    let seconds: u64 = args.number("--seconds", 60)?;
    let smoke = args.flag("--smoke");
    let seed: u64 = args.number("--seed", 1)?;
    args.finish()?;
    let root = workspace_root();
    if !smoke {
        match cargo_fuzz_usable() {
            Ok(()) => return libfuzzer(&root, seconds),
            Err(why) => println!("cargo-fuzz is not usable here ({why}): falling back"),
        }
    }
    smoke_fuzz(&root, seconds, seed)
}

// ---------------------------------------------------------------------------
// libFuzzer through cargo-fuzz.

/// A command for the nightly cargo, free of the variables that `cargo run`
/// set for this process (they pin the stable toolchain).
fn nightly_cargo() -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("+nightly");
    for var in ["RUSTUP_TOOLCHAIN", "CARGO", "RUSTC", "RUSTDOC"] {
        cmd.env_remove(var);
    }
    cmd
}

fn cargo_fuzz_usable() -> Result<(), String> {
    let out = nightly_cargo()
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("").trim();
        Err(format!("`cargo +nightly fuzz` failed: {first}"))
    }
}

fn libfuzzer(root: &Path, seconds: u64) -> Result<(), String> {
    let fuzz = root.join("fuzz");
    let corpus = fuzz.join("corpus/read");
    std::fs::create_dir_all(&corpus)
        .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    println!(
        "mode: cargo-fuzz (libFuzzer, nightly), target `read`, {seconds} s after the build; \
         new inputs go to fuzz/corpus/read, crashes to fuzz/artifacts/read"
    );
    let status = nightly_cargo()
        .args(["fuzz", "run", "read"])
        .arg(&corpus)
        .arg(fuzz.join("seeds"))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        // Room for nesting past the reader's depth limit (1000), which the
        // default limit of 4 KB cannot hold.
        .arg("-max_len=16384")
        .arg("-timeout=10")
        .arg("-rss_limit_mb=4096")
        .arg(format!("-dict={}", fuzz.join("akn.dict").display()))
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
    if status.success() {
        println!("cargo-fuzz: no crash in {seconds} s");
        Ok(())
    } else {
        Err(format!(
            "cargo fuzz exited with {status}: see the crash input under fuzz/artifacts/read"
        ))
    }
}

// ---------------------------------------------------------------------------
// The smoke fuzzer: the parent.

enum Outcome {
    /// The child ran to its end: the inputs it read.
    Finished(String),
    /// It died (abort, stack overflow, out of memory) or stalled after
    /// this many inputs had been read.
    Died { after: u64, why: String },
}

/// Runs the worker and follows its reports.
fn watch(exe: &Path, args: &[String], panics: &mut Vec<String>) -> Result<Outcome, String> {
    let mut child = Command::new(exe)
        .arg("fuzz-worker")
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the fuzz worker: {e}"))?;
    let stdout = child.stdout.take().ok_or("no pipe to the fuzz worker")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut after = 0;
    let mut summary = None;
    loop {
        match rx.recv_timeout(HANG) {
            Ok(line) => {
                let (kind, rest) = line.split_once(' ').unwrap_or((&line, ""));
                match kind {
                    "progress" => after = rest.parse().unwrap_or(after),
                    "panic" => {
                        println!("PANIC: {rest}");
                        panics.push(rest.to_string());
                    }
                    "done" => summary = Some(rest.to_string()),
                    _ => println!("{line}"),
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // Ends only the child this function started.
                let _ = child.kill();
                let _ = child.wait();
                return Ok(Outcome::Died {
                    after,
                    why: format!("no progress for {} s: hung on one input", HANG.as_secs()),
                });
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for the fuzz worker: {e}"))?;
    match summary {
        Some(s) if status.success() => Ok(Outcome::Finished(s)),
        _ => Ok(Outcome::Died {
            after,
            why: format!("the worker died ({status})"),
        }),
    }
}

fn smoke_fuzz(root: &Path, seconds: u64, seed: u64) -> Result<(), String> {
    println!(
        "mode: smoke fuzzer (stable toolchain, no coverage guidance), {seconds} s, seed {seed}; \
         crashes go to target/fuzz-crashes/"
    );
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    let crashes = root.join("target/fuzz-crashes");
    let mut panics = Vec::new();
    let args: Vec<String> = vec![
        "--seconds".into(),
        seconds.to_string(),
        "--seed".into(),
        seed.to_string(),
    ];
    match watch(&exe, &args, &mut panics)? {
        Outcome::Finished(summary) => println!("smoke fuzzer: {summary}"),
        Outcome::Died { after, why } => {
            println!("smoke fuzzer: {why} after {after} inputs; replaying to save the input...");
            let replay: Vec<String> = vec![
                "--seed".into(),
                seed.to_string(),
                "--save-from".into(),
                after.to_string(),
                "--stop-after".into(),
                (after + 2 * STRIDE).to_string(),
            ];
            let pending = crashes.join("pending.xml");
            match watch(&exe, &replay, &mut Vec::new())? {
                Outcome::Died { .. } if pending.exists() => {
                    let bytes = std::fs::read(&pending).unwrap_or_default();
                    let saved = crashes.join(format!("died-{:016x}.xml", fnv(&bytes)));
                    std::fs::rename(&pending, &saved)
                        .map_err(|e| format!("cannot keep the crash input: {e}"))?;
                    return Err(format!("{why}; the input is in {}", saved.display()));
                }
                _ => return Err(format!("{why}; the replay did not reproduce it")),
            }
        }
    }
    if panics.is_empty() {
        println!("no panic");
        Ok(())
    } else {
        Err(format!(
            "{} distinct panic(s); inputs and messages in {}",
            panics.len(),
            crashes.display()
        ))
    }
}

// ---------------------------------------------------------------------------
// The smoke fuzzer: the worker.

/// The place and message of the last panic, kept by a silent panic hook.
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

fn load_seeds(root: &Path) -> Result<Vec<Vec<u8>>, String> {
    let dir = root.join("fuzz/seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    // Sorted, so that a seed replays the same run.
    paths.sort();
    let mut seeds = Vec::new();
    for p in paths {
        seeds.push(std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?);
    }
    // Larger, realistic documents beside the hand-written ones.
    seeds.push(generate::convention(3, 1).into_bytes());
    seeds.push(
        generate::convention_pair_with_truth(6, 2, 0.3)
            .new
            .into_bytes(),
    );
    Ok(seeds)
}

pub fn worker(args: &[String]) -> Result<(), String> {
    let mut args = Args::new(args);
    let seconds: u64 = args.number("--seconds", 60)?;
    let seed: u64 = args.number("--seed", 1)?;
    let save_from: Option<u64> = args.value("--save-from")?.and_then(|v| v.parse().ok());
    let stop_after: Option<u64> = args.value("--stop-after")?.and_then(|v| v.parse().ok());
    args.finish()?;

    let root = workspace_root();
    let crashes = root.join("target/fuzz-crashes");
    std::fs::create_dir_all(&crashes)
        .map_err(|e| format!("cannot create {}: {e}", crashes.display()))?;
    let pending = crashes.join("pending.xml");
    let seeds = load_seeds(&root)?;
    panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map_or_else(|| "?".to_string(), |l| format!("{}:{}", l.file(), l.line()));
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((place, payload));
        }
    }));

    let mut rng = Rng::new(seed);
    let mut pool = seeds.clone();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let (mut ok, mut rejected, mut panicked) = (0u64, 0u64, 0u64);
    let mut places = HashSet::new();
    // Why inputs were rejected: tells whether mutations get past the XML
    // syntax checks into the reader's own logic.
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    let mut i = 0u64;
    loop {
        match stop_after {
            Some(stop) if i >= stop => break,
            // The clock decides only when to stop, never what is tried.
            None if i.is_multiple_of(16) && Instant::now() >= deadline => break,
            _ => {}
        }
        let input = make_input(&mut rng, &pool);
        if save_from.is_some_and(|from| i >= from) {
            std::fs::write(&pending, &input).map_err(|e| format!("cannot save input: {e}"))?;
        }
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let read = redline::akn::read_bytes(&input, "fuzz");
            // The owned read takes valid UTF-8 as it stands instead of
            // decoding it: the same document, or the same error.
            let owned = redline::akn::read_owned(input.clone(), "fuzz");
            let same = match (&read, &owned) {
                (Ok(a), Ok(b)) => serde_json::to_string(a).ok() == serde_json::to_string(b).ok(),
                (Err(a), Err(b)) => a.to_string() == b.to_string(),
                _ => false,
            };
            assert!(same, "owned and borrowed reads differ");
            read.map(|doc| doc.provisions.len())
        }));
        match result {
            Ok(Ok(_)) => {
                ok += 1;
                // Inputs that still read are good ground for more mutation.
                if input.len() < 64 * 1024 && rng.chance(0.05) {
                    keep(&mut pool, input, &mut rng, seeds.len());
                }
            }
            Ok(Err(e)) => {
                rejected += 1;
                let kind = format!("{:?}", e.kind);
                let kind = kind
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("")
                    .to_string();
                *kinds.entry(kind).or_insert(0u64) += 1;
                if input.len() < 64 * 1024 && rng.chance(0.002) {
                    keep(&mut pool, input, &mut rng, seeds.len());
                }
            }
            Err(_) => {
                panicked += 1;
                let (place, message) = LAST_PANIC
                    .lock()
                    .ok()
                    .and_then(|mut l| l.take())
                    .unwrap_or_else(|| ("?".into(), "unknown panic".into()));
                if places.insert(place.clone()) {
                    let stem = format!("panic-{:016x}", fnv(&input));
                    let file = crashes.join(format!("{stem}.xml"));
                    std::fs::write(&file, &input).map_err(|e| format!("cannot save: {e}"))?;
                    let _ = std::fs::write(
                        crashes.join(format!("{stem}.txt")),
                        format!("panicked at {place}:\n{message}\n"),
                    );
                    let first = message.lines().next().unwrap_or("");
                    println!("panic at {place}: {first} (input: {})", file.display());
                }
            }
        }
        i += 1;
        if i.is_multiple_of(STRIDE) {
            println!("progress {i}");
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "done {i} inputs in {secs:.0} s ({:.0}/s): {ok} read, {rejected} rejected with an error, \
         {panicked} panicked; pool of {} inputs; rejections: {}",
        i as f64 / secs.max(1e-9),
        pool.len(),
        kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

fn keep(pool: &mut Vec<Vec<u8>>, input: Vec<u8>, rng: &mut Rng, seeds: usize) {
    const POOL: usize = 512;
    if pool.len() < POOL {
        pool.push(input);
    } else {
        // The seeds themselves always stay.
        let at = seeds + rng.below(POOL - seeds);
        pool[at] = input;
    }
}

/// FNV-1a: names crash files after their content.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------
// Mutations.

/// Element names the reader treats specially, and a few it does not.
const NAMES: &[&str] = &[
    "akomaNtoso",
    "act",
    "bill",
    "doc",
    "amendmentList",
    "meta",
    "FRBRWork",
    "FRBRExpression",
    "FRBRthis",
    "FRBRdate",
    "preface",
    "preamble",
    "body",
    "mainBody",
    "conclusions",
    "attachments",
    "attachment",
    "component",
    "documentRef",
    "chapter",
    "article",
    "paragraph",
    "point",
    "list",
    "hcontainer",
    "num",
    "heading",
    "intro",
    "content",
    "wrapUp",
    "p",
    "b",
    "i",
    "span",
    "ref",
    "quotedStructure",
    "quotedText",
    "embeddedStructure",
    "authorialNote",
    "noteRef",
    "docTitle",
    "docStage",
    "docNumber",
    "table",
    "tr",
    "td",
    "toc",
    "del",
    "br",
    "akn:article",
    "xhtml:td",
    "ukl:Para",
    "a:b:c",
];

const ENTITIES: &[&str] = &[
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&#65;",
    "&#x41;",
    "&#0;",
    "&#x0;",
    "&#xD800;",
    "&#1114111;",
    "&#1114112;",
    "&#x110000;",
    "&#99999999999999999999999;",
    "&#x;",
    "&#;",
    "&;",
    "&nbsp;",
    "&foo;",
    "&amp",
    "&",
    "&#x2019;",
    "&#10;",
    "&#x9;",
    "&#xA0;",
];

const TOKENS: &[&[u8]] = &[
    b"<![CDATA[x <y> &z;]]>",
    b"<![CDATA[",
    b"]]>",
    b"<!-- note -->",
    b"<!--",
    b"-->",
    b"<?pi data?>",
    b"<?xml version=\"1.0\"?>",
    b"<!DOCTYPE akomaNtoso [<!ENTITY e \"expanded\">]>",
    b"<!DOCTYPE akomaNtoso SYSTEM \"file:///etc/passwd\">",
    b"&e;",
    b" eId=\"art_1\"",
    b" eId=\"\"",
    b" wId=\"w1\"",
    b" GUID=\"g1\"",
    b" xml:id=\"x1\"",
    b" id=\"x1\"",
    b" name=\"annex\"",
    b" name=\"schedule\"",
    b" xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"",
    b" xmlns=\"http://www.akomantoso.org/2.0\"",
    b" xmlns=\"http://Inhaltsdaten.LegalDocML.de/1.8.2/\"",
    b" xmlns:akn=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"",
    b" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"",
    b" xmlns=\"\"",
    b" xmlns:=\"x\"",
    b" startQuote=\"\xE2\x80\x9C\"",
    b" endQuote=\"\xE2\x80\x9D\"",
    b" href=\"#art_1\"",
    b" marker=\"*\"",
    b" value=\"#x1\"",
    b" showAs=\"shown\"",
    b" date=\"9999-01-01\"",
    b" a=\"&amp;&#x0;&bogus;\"",
    b" a='unterminated",
    b"</",
    b"/>",
    b"<",
    b">",
    b"\"",
    b"'",
    b"=",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\xE2\x80",
    b"\xF0\x9F\x98\x80",
    b"\xC0\x80",
    b"\r\n",
    b"\r",
    b"\t",
    b"\0",
    b"\xC2\xA0",
];

const HEADERS: &[&[u8]] = &[
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
    b"<?xml version=\"1.0\" encoding=\"windows-1252\"?>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>",
    b"<?xml version=\"1.0\" encoding=\"bogus\"?>",
    b"<?xml version=\"1.0\" encoding=\"\"?>",
    b"<?xml version=\"1.1\"?>",
    b"<?xml encoding='utf-8",
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\xEF\xBB\xBF",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"",
];

fn make_input(rng: &mut Rng, pool: &[Vec<u8>]) -> Vec<u8> {
    let mut input = pool[rng.below(pool.len())].clone();
    // Mostly one mutation: each one more makes a syntax error likelier, and
    // syntax errors stop the read before the reader's own logic.
    let n = match rng.below(10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 4,
    };
    for _ in 0..n {
        mutate(rng, &mut input, pool);
    }
    input.truncate(MAX_LEN);
    input
}

/// The position of a random occurrence of `b` (searching on from a random
/// place), if any.
fn find_byte(rng: &mut Rng, input: &[u8], b: u8) -> Option<usize> {
    if input.is_empty() {
        return None;
    }
    let start = rng.below(input.len());
    input[start..]
        .iter()
        .position(|&c| c == b)
        .map(|p| start + p)
        .or_else(|| input[..start].iter().position(|&c| c == b))
}

fn pos(rng: &mut Rng, input: &[u8]) -> usize {
    rng.below(input.len() + 1)
}

fn insert(input: &mut Vec<u8>, at: usize, bytes: &[u8]) {
    input.splice(at..at, bytes.iter().copied());
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
    match rng.below(16) {
        // Bit flip.
        0 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] ^= 1 << rng.below(8);
        }
        // Byte insert: a markup byte, or any byte.
        1 => {
            let b = if rng.chance(0.5) {
                rng.pick(b"<>&;\"'/=![]?-\0\xFF\xC3\n")
            } else {
                rng.below(256) as u8
            };
            let at = pos(rng, input);
            input.insert(at, b);
        }
        // Delete a short range.
        2 if !input.is_empty() => {
            let at = rng.below(input.len());
            let end = (at + rng.range(1, 16)).min(input.len());
            input.drain(at..end);
        }
        // Truncation.
        3 => {
            let at = pos(rng, input);
            input.truncate(at);
        }
        // Splice: the head of this input, the tail of another.
        4 => {
            let other = &pool[rng.below(pool.len())];
            let at = pos(rng, input);
            let from = rng.below(other.len() + 1);
            input.truncate(at);
            input.extend_from_slice(&other[from..]);
        }
        // Duplicate a tag, next to itself or elsewhere.
        5 => {
            if let Some(lt) = find_byte(rng, input, b'<') {
                if let Some(len) = input[lt..].iter().position(|&c| c == b'>') {
                    let tag = input[lt..=lt + len].to_vec();
                    let at = if rng.chance(0.5) {
                        lt
                    } else {
                        find_byte(rng, input, b'<').unwrap_or(lt)
                    };
                    insert(input, at, &tag);
                }
            }
        }
        // Duplicate a stretch from one tag to a later one.
        6 => {
            if let Some(a) = find_byte(rng, input, b'<') {
                let later: Vec<usize> = input[a + 1..]
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c == b'<')
                    .map(|(i, _)| a + 1 + i)
                    .take(rng.range(1, 40))
                    .collect();
                if let Some(&b) = later.last() {
                    let chunk = input[a..b].to_vec();
                    insert(input, b, &chunk);
                }
            }
        }
        // Deep nesting: one name, or a mix, opened many times, usually closed.
        7 => {
            let depth = rng.pick(&[2usize, 10, 100, 998, 999, 1000, 1001, 3000, 20_000]);
            let mixed = rng.chance(0.5);
            let one = rng.pick(NAMES);
            let names: Vec<&str> = (0..depth)
                .map(|_| if mixed { rng.pick(NAMES) } else { one })
                .collect();
            let mut s = Vec::new();
            for n in &names {
                s.extend_from_slice(format!("<{n}>").as_bytes());
                if rng.chance(0.1) {
                    s.extend_from_slice(b"text ");
                }
            }
            if rng.chance(0.8) {
                for n in names.iter().rev() {
                    s.extend_from_slice(format!("</{n}>").as_bytes());
                }
            }
            // Inside the root where there is one.
            let at = find_byte(rng, input, b'<')
                .filter(|&p| p > 0)
                .unwrap_or_else(|| pos(rng, input));
            insert(input, at, &s);
        }
        // An entity or character reference, mostly in text.
        8 => {
            let e = rng.pick(ENTITIES).as_bytes().to_vec();
            let at = match find_byte(rng, input, b'>') {
                Some(gt) if rng.chance(0.7) => gt + 1,
                _ => pos(rng, input),
            };
            insert(input, at, &e);
        }
        // A token of the XML or AKN vocabulary, mostly inside a tag.
        9 | 10 => {
            let t = rng.pick(TOKENS).to_vec();
            let at = match find_byte(rng, input, b'>') {
                Some(gt) if rng.chance(0.5) => gt,
                _ => pos(rng, input),
            };
            insert(input, at, &t);
        }
        // An element name put in place of another.
        11 => {
            if let Some(lt) = find_byte(rng, input, b'<') {
                let start = lt + 1 + usize::from(input.get(lt + 1) == Some(&b'/'));
                let end = input[start..]
                    .iter()
                    .position(|&c| matches!(c, b'>' | b' ' | b'/' | b'\n'))
                    .map_or(input.len(), |p| start + p);
                let name = rng.pick(NAMES).as_bytes().to_vec();
                input.splice(start..end, name);
            }
        }
        // Another XML declaration, byte-order mark or none.
        12 => {
            if input.starts_with(b"<?xml") {
                if let Some(end) = input.windows(2).position(|w| w == b"?>") {
                    input.drain(..end + 2);
                }
            }
            let h = rng.pick(HEADERS).to_vec();
            insert(input, 0, &h);
        }
        // The same text in UTF-16, with or without its byte-order mark.
        13 => {
            let text = String::from_utf8_lossy(input).into_owned();
            let big = rng.chance(0.5);
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if rng.chance(0.7) {
                out.extend_from_slice(if big { b"\xFE\xFF" } else { b"\xFF\xFE" });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            *input = out;
        }
        // Drop a closing tag.
        14 => {
            if let Some(lt) = find_byte(rng, input, b'/') {
                if let Some(len) = input[lt..].iter().position(|&c| c == b'>') {
                    input.drain(lt.saturating_sub(1)..=lt + len);
                }
            }
        }
        // Swap two stretches of text between tags.
        _ => {
            if let (Some(a), Some(b)) = (find_byte(rng, input, b'>'), find_byte(rng, input, b'>')) {
                let (a, b) = (a.min(b), a.max(b));
                if a < b {
                    let len = rng.range(1, 64).min(b - a);
                    let first = input[a + 1..a + len].to_vec();
                    let second_end = (b + len).min(input.len());
                    let second = input[b..second_end].to_vec();
                    input.splice(b..second_end, first);
                    input.splice(a + 1..a + len, second);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic_and_total() {
        let seeds = load_seeds(&workspace_root()).expect("seeds");
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..2000)
                .map(|_| fnv(&make_input(&mut rng, &seeds)))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }
}
