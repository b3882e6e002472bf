//! `redline diff`: the real binary on hand-written pairs in a temporary
//! folder, its JSON checked against `schema/comparison.schema.json`, and its
//! terminal and Markdown output against committed snapshots
//! (`tests/snapshots/`; refresh with `INSTA_UPDATE=always cargo test`, then
//! review the `.snap` files).

mod common;
use common::temp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use redline::diff::{new_text, old_text};

fn draft(date: &str, date_name: &str, body: &str) -> String {
    common::draft_titled(date, date_name, "Draft convention", body)
}

const OLD_BODY: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
        <article eId="art_1"><num>Article 1</num><heading>Scope of application</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention shall apply to the offences established in accordance with it.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>It shall not apply to *national security* matters or to [classified] data.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Preservation</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><intro><p>Each State Party shall adopt measures to enable its competent authorities to order:</p></intro>
            <point eId="art_2__para_1__point_a"><num>(a)</num><content><p>the expeditious preservation of specified electronic data;</p></content></point>
            <point eId="art_2__para_1__point_b"><num>(b)</num><content><p>the partial disclosure of traffic data held by service providers;</p></content></point>
            <point eId="art_2__para_1__point_c"><num>(c)</num><content><p>the production of subscriber information in their possession or control.</p></content></point>
          </paragraph>
        </article>
      </chapter>"#;

const NEW_BODY: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
        <article eId="art_1"><num>Article 1</num><heading>Scope of application</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention shall apply to the prevention, investigation and prosecution of the offences established in accordance with it.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>It shall not apply to *national security* matters.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Protection of personal data</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><content><p>Each State Party shall ensure that personal data transferred under this Convention are protected.</p></content></paragraph>
          <paragraph eId="art_2__para_2"><num>2.</num><content><p>Such data shall be kept no longer than necessary.</p></content></paragraph>
        </article>
        <article eId="art_3"><num>Article 3</num><heading>Expedited preservation</heading>
          <paragraph eId="art_3__para_1"><num>1.</num><intro><p>Each State Party shall adopt measures to enable its competent authorities to order:</p></intro>
            <point eId="art_3__para_1__point_a"><num>(a)</num><content><p>the expeditious preservation of specified electronic data, including traffic data;</p></content></point>
            <point eId="art_3__para_1__point_b"><num>(b)</num><content><p>the production of subscriber information in their possession or control.</p></content></point>
          </paragraph>
        </article>
      </chapter>"#;

fn old_draft() -> String {
    draft("2023-05-01", "revised draft", OLD_BODY)
}

fn new_draft() -> String {
    draft("2024-08-01", "final text", NEW_BODY)
}

/// Runs the binary in `dir` (so that file names in its output are short).
fn redline_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_redline"));
    cmd.args(args).current_dir(dir).env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run redline: {e}"),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
    path
}

/// A temporary folder holding `old.xml` and `new.xml`.
fn pair(old: &str, new: &str) -> tempfile::TempDir {
    let dir = temp();
    write(dir.path(), "old.xml", old.as_bytes());
    write(dir.path(), "new.xml", new.as_bytes());
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)),
    }
}

/// The committed schema, compiled once for all tests.
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/comparison.schema.json");
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) => panic!("cannot read {}: {e}", path.display()),
        };
        match jsonschema::validator_for(&json(&text)) {
            Ok(v) => v,
            Err(e) => panic!("the schema does not compile: {e}"),
        }
    })
}

/// Validates against the schema, failing with every error at once.
fn assert_valid(value: &serde_json::Value) {
    let errors: Vec<String> = validator()
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "output does not match the schema:\n{}",
        errors.join("\n")
    );
}

/// The schema's invariant on every change: equal + delete segments rebuild
/// the old clauses' texts (joined by newlines), equal + insert the new.
fn assert_diffs_rebuild(value: &serde_json::Value) {
    let comparison: redline::compare::Comparison = match serde_json::from_value(value.clone()) {
        Ok(c) => c,
        Err(e) => panic!("output does not read back as a Comparison: {e}"),
    };
    for ch in &comparison.changes {
        let side = |cs: &[redline::compare::Clause]| {
            cs.iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(old_text(&ch.diff), side(&ch.old), "{}", ch.id);
        assert_eq!(new_text(&ch.diff), side(&ch.new), "{}", ch.id);
    }
}

#[test]
fn the_schema_rejects_what_it_should() {
    // Guards against a validator that accepts anything.
    let dir = pair(&old_draft(), &new_draft());
    let out = redline_in(
        dir.path(),
        &["diff", "--format", "json", "old.xml", "new.xml"],
        &[],
    );
    let mut v = json(&out.stdout);
    v["changes"][0]["kind"] = "rewritten".into();
    v["schema_version"] = 2.into();
    if let Some(summary) = v["summary"].as_object_mut() {
        summary.remove("unchanged");
    }
    let errors = validator().iter_errors(&v).count();
    assert_eq!(errors, 3, "the schema should see three faults");
}

#[test]
fn identical_files_exit_0_with_no_changes() {
    let dir = pair(&old_draft(), &old_draft());
    let out = redline_in(
        dir.path(),
        &["diff", "--format", "json", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out.stdout);
    assert_valid(&v);
    assert_eq!(v["changes"].as_array().map(Vec::len), Some(0));
    assert!(v["summary"]["unchanged"].as_u64().unwrap_or(0) > 5);
    assert_eq!(
        v["alignment"].as_array().map(Vec::len),
        v["summary"]["unchanged"].as_u64().map(|n| n as usize)
    );
    assert!(out.stderr.is_empty(), "{}", stderr(&out));

    let out = redline_in(dir.path(), &["diff", "old.xml", "new.xml"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("No changes;"), "{}", stdout(&out));
}

#[test]
fn differences_exit_1_and_the_json_matches_the_schema() {
    let dir = pair(&old_draft(), &new_draft());
    let out = redline_in(
        dir.path(),
        &["diff", "--format", "json", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.ends_with(b"}\n"));
    let v = json(&out.stdout);
    assert_valid(&v);
    assert_diffs_rebuild(&v);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["old"]["source"], "old.xml");
    assert_eq!(v["new"]["date"], "2024-08-01");
    assert_eq!(v["new"]["version_label"], "final text");
    let kinds: Vec<(&str, &str)> = v["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or(""),
                c["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(kinds.contains(&("art_1__para_2", "modified")), "{kinds:?}");
    assert!(kinds.contains(&("art_2", "inserted")), "{kinds:?}");
    // The inserted article is one change: its paragraphs are inside it.
    assert!(
        !kinds.iter().any(|(id, _)| id.starts_with("art_2__")),
        "{kinds:?}"
    );
    assert!(kinds.iter().any(|(_, k)| *k == "deleted"), "{kinds:?}");
    let n = kinds.len() as u64;
    assert_eq!(v["summary"]["changes"].as_u64(), Some(n));
    // Every aligned pair is listed, in the new version's reading order.
    let pairs = v["alignment"].as_array().map(Vec::len).unwrap_or(0);
    assert!(pairs > 5, "{pairs}");
    assert!(v["alignment"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|p| p["element"].is_string()));
}

#[test]
fn same_input_same_bytes() {
    let dir = pair(&old_draft(), &new_draft());
    for format in ["json", "terminal", "markdown"] {
        let a = redline_in(
            dir.path(),
            &["diff", "--format", format, "old.xml", "new.xml"],
            &[],
        );
        let b = redline_in(
            dir.path(),
            &["diff", "--format", format, "old.xml", "new.xml"],
            &[],
        );
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

#[test]
fn terminal_snapshot() {
    let dir = pair(&old_draft(), &new_draft());
    let out = redline_in(dir.path(), &["diff", "old.xml", "new.xml"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("terminal", stdout(&out));
}

#[test]
fn markdown_snapshot() {
    let dir = pair(&old_draft(), &new_draft());
    let out = redline_in(
        dir.path(),
        &["diff", "--format", "markdown", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("markdown", stdout(&out));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = pair(&old_draft(), &new_draft());
    let esc = |o: &Output| o.stdout.contains(&0x1b);
    // Standard output is a pipe here, so auto means no colour.
    let auto = redline_in(dir.path(), &["diff", "old.xml", "new.xml"], &[]);
    assert!(!esc(&auto));
    let never = redline_in(
        dir.path(),
        &["diff", "--color", "never", "old.xml", "new.xml"],
        &[],
    );
    assert!(!esc(&never));
    let no_color = redline_in(
        dir.path(),
        &["diff", "--color", "auto", "old.xml", "new.xml"],
        &[("NO_COLOR", "1")],
    );
    assert!(!esc(&no_color));
    assert!(
        stdout(&never).contains("[-"),
        "brackets mark deletions without colour"
    );
    // An explicit `always` wins over NO_COLOR (no-color.org).
    let always = redline_in(
        dir.path(),
        &["diff", "--color", "always", "old.xml", "new.xml"],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(always.status.code(), Some(1));
    let text = stdout(&always);
    assert!(
        text.contains("\x1b[31;9m") && text.contains("\x1b[32;4m"),
        "{text}"
    );
    assert!(!text.contains("[-"), "colour replaces the brackets: {text}");
    // Other formats ignore colour.
    let md = redline_in(
        dir.path(),
        &[
            "diff", "--color", "always", "--format", "markdown", "old.xml", "new.xml",
        ],
        &[],
    );
    assert!(!esc(&md));
}

#[test]
fn output_file_is_written_whole_and_stdout_stays_empty() {
    let dir = pair(&old_draft(), &new_draft());
    let out = redline_in(
        dir.path(),
        &[
            "diff", "--format", "json", "-o", "out.json", "old.xml", "new.xml",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let written = std::fs::read(dir.path().join("out.json")).unwrap_or_default();
    let direct = redline_in(
        dir.path(),
        &["diff", "--format", "json", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(written, direct.stdout);
    assert_valid(&json(&written));
    // Overwrites an existing file, and leaves no temporary file behind.
    let again = redline_in(
        dir.path(),
        &["diff", "-o", "out.json", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(again.status.code(), Some(1));
    let text = std::fs::read_to_string(dir.path().join("out.json")).unwrap_or_default();
    assert!(text.starts_with("Draft convention\n"), "{text}");
    assert_eq!(files(dir.path()), ["new.xml", "old.xml", "out.json"]);
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_that_cannot_be_written_exits_2_and_leaves_nothing_behind() {
    let dir = pair(&old_draft(), &new_draft());
    // A directory cannot be replaced by a file.
    std::fs::create_dir(dir.path().join("taken")).unwrap_or_default();
    let out = redline_in(
        dir.path(),
        &["diff", "-o", "taken", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("redline: cannot write taken: "),
        "{}",
        stderr(&out)
    );
    assert_eq!(files(dir.path()), ["new.xml", "old.xml", "taken"]);
    // A folder that does not exist.
    let out = redline_in(
        dir.path(),
        &["diff", "-o", "missing/out.txt", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write missing/out.txt"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_input_exits_2_with_file_line_and_column() {
    let truncated = "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n  <bill>\n    <body>\n";
    let dir = pair(truncated, &new_draft());
    let out = redline_in(dir.path(), &["diff", "old.xml", "new.xml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("redline: old.xml:"), "{err}");
    let position: Vec<&str> = err.trim_end().splitn(4, ':').collect();
    assert!(
        position.len() == 4
            && position[2].trim().parse::<u32>().is_ok()
            && position[3]
                .split(':')
                .next()
                .is_some_and(|c| c.trim().parse::<u32>().is_ok()),
        "{err}"
    );

    // Both files bad: both reported.
    write(dir.path(), "new.xml", b"<akomaNtoso><bill></akomaNtoso>");
    let out = redline_in(dir.path(), &["diff", "old.xml", "new.xml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("redline: old.xml:") && err.contains("redline: new.xml:"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");

    // A file that does not exist.
    let out = redline_in(dir.path(), &["diff", "nothing.xml", "old.xml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing.xml: cannot read the file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_flags_exit_2() {
    let dir = pair(&old_draft(), &new_draft());
    for args in [
        &["diff", "old.xml"][..],
        &["diff", "--format", "pdf", "old.xml", "new.xml"],
        &["diff", "--color", "sometimes", "old.xml", "new.xml"],
    ] {
        let out = redline_in(dir.path(), args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn reader_warnings_go_to_stderr() {
    let odd = old_draft().replace(
        "http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
        "http://example.org/not-akn",
    );
    let dir = pair(&odd, &odd);
    let out = redline_in(
        dir.path(),
        &["diff", "--format", "json", "old.xml", "new.xml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("redline: warning: old.xml:"),
        "{}",
        stderr(&out)
    );
    assert_valid(&json(&out.stdout));
}

#[test]
fn closed_pipe_is_a_normal_end() {
    let dir = pair(&old_draft(), &new_draft());
    let child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["diff", "old.xml", "new.xml"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => panic!("cannot run redline: {e}"),
    };
    // Close the reading end before redline writes (it reads and compares
    // first); it must end quietly, still saying that the versions differ.
    drop(child.stdout.take());
    let out = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

/// Moves and splits, which the aligner may or may not find in a small
/// pair, rendered from a hand-built alignment.
#[test]
fn move_and_split_render() {
    use redline::align::{Alignment, Move, Pair, Signal, Split};
    let read = |xml: String| match redline::akn::read_bytes(xml.as_bytes(), "x.xml") {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let old = read(draft(
        "2023-05-01",
        "revised draft",
        r#"<chapter eId="chp_1"><num>Chapter I</num><heading>General</heading>
  <article eId="art_1"><num>Article 1</num><content><p>Each Party shall cooperate and shall exchange information.</p></content></article>
</chapter>
<chapter eId="chp_2"><num>Chapter II</num><heading>Cooperation</heading>
  <article eId="art_2"><num>Article 2</num><content><p>Requests shall be made in writing.</p></content></article>
</chapter>"#,
    ));
    let new = read(draft(
        "2024-08-01",
        "final text",
        r#"<chapter eId="chp_1"><num>Chapter I</num><heading>General</heading>
  <article eId="art_1"><num>Article 1</num><content><p>Each Party shall cooperate.</p></content></article>
  <article eId="art_2"><num>Article 2</num><content><p>Each Party shall exchange information.</p></content></article>
  <article eId="art_3"><num>Article 3</num><content><p>Requests shall be made in writing or by secure electronic means.</p></content></article>
</chapter>
<chapter eId="chp_2"><num>Chapter II</num><heading>Cooperation</heading></chapter>"#,
    ));
    let id = |d: &redline::akn::Document, eid: &str| match d.by_eid(eid) {
        Some(i) => i,
        None => panic!("no {eid}"),
    };
    let pair = |o: usize, n: usize, renumbered: bool, moved: Option<Move>| Pair {
        old: o,
        new: n,
        signal: Signal::Content,
        score: 0.8,
        renumbered,
        moved,
    };
    let mut alignment = Alignment::default();
    for (o, n) in [(0, 0), (1, 1)] {
        alignment.pairs.push(pair(o, n, false, None));
    }
    alignment
        .pairs
        .push(pair(id(&old, "chp_1"), id(&new, "chp_1"), false, None));
    alignment
        .pairs
        .push(pair(id(&old, "art_1"), id(&new, "art_1"), false, None));
    alignment.pairs.push(pair(
        id(&old, "art_2"),
        id(&new, "art_3"),
        true,
        Some(Move::Parent),
    ));
    alignment
        .pairs
        .push(pair(id(&old, "chp_2"), id(&new, "chp_2"), false, None));
    alignment.pairs.sort_by_key(|p| p.new);
    alignment.splits.push(Split {
        old: id(&old, "art_1"),
        new: vec![id(&new, "art_1"), id(&new, "art_2")],
    });
    let c = redline::compare::compare(&old, &new, &alignment);
    let value = match serde_json::to_value(&c) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    assert_valid(&value);
    assert_diffs_rebuild(&value);
    let mut terminal = Vec::new();
    let opts = redline::render::terminal::Options::default();
    let mut markdown = Vec::new();
    let written = redline::render::terminal::write(&mut terminal, &c, &opts)
        .and_then(|()| redline::render::markdown::write(&mut markdown, &c));
    assert!(written.is_ok());
    insta::assert_snapshot!(
        "move_and_split",
        format!(
            "{}\n-------- markdown --------\n{}",
            String::from_utf8_lossy(&terminal),
            String::from_utf8_lossy(&markdown)
        )
    );
}

/// Every consecutive pair of the bundled draft series, in every format: the
/// JSON matches the schema and every diff rebuilds both sides.
#[test]
fn bundled_drafts_compare_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let series = root.join("drafts/cybercrime-convention");
    let mut rounds: Vec<PathBuf> = std::fs::read_dir(&series)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    rounds.sort();
    assert!(rounds.len() >= 2, "no draft series in {}", series.display());
    for w in rounds.windows(2) {
        let (old, new) = (w[0].to_string_lossy(), w[1].to_string_lossy());
        let out = redline_in(root, &["diff", "--format", "json", &old, &new], &[]);
        assert_eq!(out.status.code(), Some(1), "{old} {new}: {}", stderr(&out));
        let v = json(&out.stdout);
        assert_valid(&v);
        assert_diffs_rebuild(&v);
        for format in ["terminal", "markdown"] {
            let out = redline_in(root, &["diff", "--format", format, &old, &new], &[]);
            assert_eq!(out.status.code(), Some(1), "{format} {old} {new}");
            assert!(out.stderr.is_empty(), "{}", stderr(&out));
        }
    }
}

/// The bundled drafts, by file name.
fn bundled(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("drafts/cybercrime-convention")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn fail_on_fails_a_job_when_safeguards_weaken_and_still_writes_the_output() {
    let dir = temp();
    let (zero, revised) = (
        bundled("02-zero-draft.xml"),
        bundled("03-revised-draft.xml"),
    );
    let out = redline_in(
        dir.path(),
        &[
            "diff",
            &zero,
            &revised,
            "--format",
            "json",
            "-o",
            "report.json",
            "--fail-on",
            "safeguards-weaken",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("changes weaken the safeguards"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read(dir.path().join("report.json")).unwrap_or_default();
    let report = json(&written);
    assert_valid(&report);
    // The count it names is the report's own.
    let weakening = report["changes"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .filter(|c| {
                    matches!(
                        c["verdict"]["safeguards"].as_str(),
                        Some("weakens" | "mixed")
                    )
                })
                .count()
        })
        .unwrap_or(0);
    assert!(
        stderr(&out).contains(&format!("{weakening} changes weaken")),
        "{}",
        stderr(&out)
    );
    // A condition that nothing meets leaves diff's own status.
    let out = redline_in(
        dir.path(),
        &["diff", &zero, &revised, "--fail-on", "scope-narrows"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Identical versions never fail.
    let out = redline_in(
        dir.path(),
        &["diff", &zero, &zero, "--fail-on", "any-effect"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
}
