//! `redline inspect`: the real binary on files in a temporary folder.

mod common;
use common::{draft_titled, temp};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The one-article draft the inspect tests read.
fn draft() -> String {
    draft_titled(
        "2023-05-01",
        "revised draft",
        "Draft convention",
        r##"      <article eId="art_1"><num>Article 1</num><heading>Scope of application</heading>
        <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention shall apply to the offences established in accordance with it.</p></content></paragraph>
      </article>"##,
    )
}

fn redline(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .output();
    match out {
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

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or("")
}

#[test]
fn prints_identification_and_outline() {
    let dir = temp();
    let f = write(dir.path(), "draft.xml", draft().as_bytes());
    let out = redline(&["inspect", s(&f)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("title       Draft convention"), "{text}");
    assert!(
        text.contains("date        2023-05-01 (revised draft)"),
        "{text}"
    );
    assert!(
        text.contains("work        /akn/un/bill/2022/cc/!main"),
        "{text}"
    );
    assert!(
        text.contains("profile     Akoma Ntoso 3.0 (OASIS)"),
        "{text}"
    );
    assert!(
        text.contains("  Article 1  Scope of application\n"),
        "{text}"
    );
    assert!(text.contains("    Article 1(1)  (12 words)\n"), "{text}");
    assert!(out.stderr.is_empty());
}

#[test]
fn json_for_machines() {
    let dir = temp();
    let f = write(dir.path(), "draft.xml", draft().as_bytes());
    let out = redline(&["inspect", "--format", "json", s(&f)]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON: {e}"),
    };
    let doc = &v[0];
    assert_eq!(doc["identification"]["version_label"], "revised draft");
    assert_eq!(doc["identification"]["language"], "eng");
    assert_eq!(doc["provisions"][2]["label"], "Article 1(1)");
    assert_eq!(doc["provisions"][2]["eid"], "art_1__para_1");
    assert_eq!(doc["provisions"][2]["words"], 12);
}

#[test]
fn a_bad_file_is_reported_with_its_position_and_the_batch_goes_on() {
    let dir = temp();
    let bad = write(
        dir.path(),
        "bad.xml",
        b"<akomaNtoso>\n<act>\n  <body></act>",
    );
    let good = write(dir.path(), "good.xml", draft().as_bytes());
    let out = redline(&["inspect", s(&bad), s(&good)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("redline: {}:3:", bad.display())),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Article 1(1)"));
}

#[test]
fn missing_file_and_empty_file() {
    let dir = temp();
    let empty = write(dir.path(), "empty.xml", b"");
    let out = redline(&["inspect", s(&empty)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.xml: the file is empty"));
    let out = redline(&["inspect", s(&dir.path().join("nope.xml"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.xml: cannot read the file"));
}

#[test]
fn bad_flags_exit_2() {
    let out = redline(&["inspect", "--format", "yaml", "x.xml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = redline(&["inspect"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn warnings_go_to_stderr() {
    let dir = temp();
    let f = write(
        dir.path(),
        "dup.xml",
        br#"<akomaNtoso><act><body><article eId="a"><num>1</num></article><article eId="a"><num>2</num></article></body></act></akomaNtoso>"#,
    );
    let out = redline(&["inspect", s(&f)]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning:") && err.contains("1 duplicate id"),
        "{err}"
    );
}

#[test]
fn output_is_deterministic() {
    let dir = temp();
    let f = write(dir.path(), "draft.xml", draft().as_bytes());
    let a = redline(&["inspect", "--format", "json", s(&f)]);
    let b = redline(&["inspect", "--format", "json", s(&f)]);
    assert_eq!(a.stdout, b.stdout);
}
