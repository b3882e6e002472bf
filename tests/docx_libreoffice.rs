//! The Word redline opens in a real word processor: LibreOffice (headless)
//! converts it to PDF without error and the PDF holds the expected words,
//! and its own flat ODT export shows that it read the insertions and
//! deletions as tracked changes by "redline" and the effects as comments.
//!
//! Needs `soffice` (Debian `libreoffice-writer-nogui`) and `pdftotext`
//! (`poppler-utils`). When they are missing the test fails and says so:
//! a skipped check would pass unnoticed. Takes a few seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(program: &str, args: &[&str], dir: &Path) -> Output {
    match Command::new(program).args(args).current_dir(dir).output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{program}` is not installed; this test needs LibreOffice and poppler: \
             apt-get install -y libreoffice-writer-nogui poppler-utils"
        ),
        Err(e) => panic!("cannot run {program}: {e}"),
    }
}

fn assert_ok(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn draft(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/cybercrime-convention");
    dir.join(name)
}

#[test]
fn libreoffice_converts_the_redline_and_reads_its_tracked_changes() {
    let tmp = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    };
    let dir = tmp.path();
    let (old, new) = (
        draft("01-consolidated-negotiating-text.xml"),
        draft("05-final-text.xml"),
    );
    let out = run(
        env!("CARGO_BIN_EXE_redline"),
        &[
            "diff",
            "--format",
            "docx",
            "-o",
            "redline.docx",
            &old.to_string_lossy(),
            &new.to_string_lossy(),
        ],
        dir,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A profile of its own, so that a LibreOffice already running (or a
    // parallel test) does not swallow the conversion.
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    for format in ["pdf", "fodt"] {
        let out = run(
            "soffice",
            &[
                &profile,
                "--headless",
                "--convert-to",
                format,
                "--outdir",
                ".",
                "redline.docx",
            ],
            dir,
        );
        assert_ok(&format!("soffice --convert-to {format}"), &out);
        let converted = dir.join(format!("redline.{format}"));
        let size = std::fs::metadata(&converted).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 1000,
            "soffice wrote no {format} ({size} bytes):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let out = run("pdftotext", &["-layout", "redline.pdf", "-"], dir);
    assert_ok("pdftotext", &out);
    // Lines wrap anywhere: compare with whitespace folded.
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for words in [
        "Draft comprehensive international convention",
        "Redline: Consolidated negotiating text (2022-05-30)",
        "Chapter I — General provisions",
        "Article 1 — Statement of purpose",
        // Renumbered: the old number struck, the new one inserted.
        "Article 1824 — Conditions and safeguards",
        // Inserted and deleted words of Article 2(a) both show, marked.
        "gathers, stores, processes or transmits",
        "electronic data automatically by",
        "Effects: scope",
    ] {
        assert!(
            text.contains(words),
            "the PDF does not hold {words:?}; its text begins:\n{}",
            text.chars().take(3000).collect::<String>()
        );
    }

    // LibreOffice's own reading of the package: tracked changes by
    // "redline", dated with the new version's date, and comments.
    let fodt = std::fs::read_to_string(dir.join("redline.fodt")).unwrap_or_default();
    let count = |needle: &str| fodt.matches(needle).count();
    assert!(count("<text:insertion>") > 50, "no insertions read");
    assert!(count("<text:deletion>") > 50, "no deletions read");
    assert!(count("<dc:creator>redline</dc:creator>") > 100);
    assert!(fodt.contains("<dc:date>2024-08-08"));
    assert!(count("<office:annotation") > 20, "no comments read");
    assert!(fodt.contains("Safeguards weaken"));
}
