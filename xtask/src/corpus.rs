//! `cargo xtask corpus`: the checks that need `../shared` (the real AKN
//! corpus, the official XSD and the shared JSON schema), which a fresh
//! clone's `cargo test` cannot assume. CI runs them after the tests.
//!
//! Each check prints one line; the task fails if any check fails. It runs
//! in the debug build the `cargo xtask` alias makes (about 9 s on the
//! project machine, under 2 s in release), so CI reuses the build of its
//! tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use redline::akn::{self, Document, Profile};

use crate::Args;

mod contract;
mod leos_expected;
mod quality;

struct Checks {
    failures: Vec<String>,
    passed: usize,
}

impl Checks {
    fn check(&mut self, name: &str, result: Result<String, String>) {
        match result {
            Ok(detail) => {
                self.passed += 1;
                println!("ok    {name}: {detail}");
            }
            Err(why) => {
                println!("FAIL  {name}: {why}");
                self.failures.push(format!("{name}: {why}"));
            }
        }
    }
}

fn workspace_root() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().map(Path::to_path_buf).unwrap_or(xtask)
}

/// Every file below `dir` with the extension, sorted for a stable order.
fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> Result<Document, String> {
    akn::read(path).map_err(|e| e.to_string())
}

fn count(doc: &Document, element: &str) -> usize {
    doc.provisions
        .iter()
        .filter(|p| p.element == element)
        .count()
}

const BEGIN: &str = "<!-- corpus:begin (rewritten by `cargo xtask corpus --write`) -->";
const END: &str = "<!-- corpus:end -->";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = Args::new(args);
    let write = args.flag("--write");
    args.finish()?;
    let started = std::time::Instant::now();
    let root = workspace_root();
    let shared = root.join("../shared");
    let corpus = shared.join("corpus");
    if !corpus.is_dir() {
        return Err(format!(
            "{} not found: the corpus checks need the shared folder beside the project",
            corpus.display()
        ));
    }
    let mut checks = Checks {
        failures: Vec::new(),
        passed: 0,
    };

    // 1. Every corpus file is read (none of them is beyond repair: the
    //    undeclared prefixes and duplicate ids LEOS writes are read, with
    //    warnings).
    //    `read` hands the file's bytes over, taken as the text when they are
    //    plain UTF-8; reading the same bytes borrowed decodes a copy. Both
    //    give the same document, whose plain texts are spans of the source.
    let files = files_with_ext(&corpus, "xml");
    let mut unreadable = Vec::new();
    let mut differing = Vec::new();
    let mut provisions = 0;
    let (mut texts, mut spans) = (0, 0);
    for f in &files {
        match akn::read(f) {
            Ok(doc) => {
                provisions += doc.provisions.len();
                for p in &doc.provisions {
                    for t in [&p.intro, &p.content, &p.wrap_up] {
                        texts += usize::from(!t.is_empty());
                        spans += usize::from(t.is_shared());
                    }
                }
                let bytes = std::fs::read(f).map_err(|e| e.to_string())?;
                let borrowed = akn::read_bytes(&bytes, &f.display().to_string());
                let same = borrowed.is_ok_and(|b| {
                    serde_json::to_string(&b).ok() == serde_json::to_string(&doc).ok()
                });
                if !same {
                    differing.push(f.display().to_string());
                }
            }
            Err(e) => unreadable.push(e.to_string()),
        }
    }
    checks.check(
        "a read from owned bytes equals a read from borrowed bytes, plain texts shared with the source",
        if differing.is_empty() && spans > 0 {
            Ok(format!(
                "{} files; {spans} of {texts} texts shared with the source",
                files.len()
            ))
        } else {
            Err(format!(
                "{} files differ: {}; {spans} texts shared",
                differing.len(),
                differing.join("; ")
            ))
        },
    );
    checks.check(
        "every corpus file is read",
        if unreadable.is_empty() && files.len() >= 400 {
            Ok(format!("{} files, {provisions} provisions", files.len()))
        } else {
            Err(format!(
                "{} of {} files unreadable: {}",
                unreadable.len(),
                files.len(),
                unreadable.join("; ")
            ))
        },
    );

    // 2. UK Lawmaker bills: clause (section) counts outside quoted
    //    structures, counted independently with an XML parser, and stable
    //    GUIDs on every section.
    let bills = corpus.join("uk-parliament-lawmaker/bills");
    let expected_sections = [
        (
            "Data Protection and Digital Information Bill - commons introduced.xml",
            114,
        ),
        (
            "Data Protection and Digital Information Bill - commons committee.xml",
            121,
        ),
        ("Social Housing (Regulation) Bill - lords committee.xml", 39),
        ("Social Housing (Regulation) Bill - lords report.xml", 44),
        ("Social Housing (Regulation) Bill - commons brl.xml", 44),
        (
            "Social Housing (Regulation) Bill - commons committee.xml",
            43,
        ),
    ];
    for (file, sections) in expected_sections {
        let result = read(&bills.join(file)).and_then(|doc| {
            let n = count(&doc, "section");
            let with_guid = doc
                .provisions
                .iter()
                .filter(|p| p.element == "section" && p.ids.guid.is_some())
                .count();
            let first = doc.provisions.iter().find(|p| p.element == "section");
            let first_guid = first.and_then(|p| p.ids.guid.clone()).unwrap_or_default();
            let want_guid = if file.starts_with("Data") {
                "_0bae8089-189d-409e-a84d-85de31021126"
            } else {
                "_a9336cda-f5ec-4729-b2d8-728006bb2230"
            };
            if n != sections {
                Err(format!("{n} sections, expected {sections}"))
            } else if with_guid != n {
                Err(format!("{} sections without a GUID", n - with_guid))
            } else if &*first_guid != want_guid {
                Err(format!("section 1 GUID {first_guid}, expected {want_guid}"))
            } else if first.map(|p| p.label.as_str()) != Some("Section 1") {
                Err(format!(
                    "first section labelled {:?}",
                    first.map(|p| &p.label)
                ))
            } else if doc.meta.profile != Profile::Akn30 {
                Err(format!("profile {:?}", doc.meta.profile))
            } else {
                Ok(format!(
                    "{n} sections, all with GUIDs; title {:?}",
                    doc.meta.title.unwrap_or_default()
                ))
            }
        });
        checks.check(&format!("UK bill {file}"), result);
    }

    // 3. LEOS: the CRR proposal's 486 articles, identified by xml:id only.
    let crr = read(&corpus.join("leos-ec/bill-test.xml")).and_then(|doc| {
        let articles = count(&doc, "article");
        let with_eid = doc
            .provisions
            .iter()
            .filter(|p| p.ids.eid.is_some())
            .count();
        let article_ids = doc
            .provisions
            .iter()
            .filter(|p| p.element == "article" && p.ids.xml_id.is_some())
            .count();
        let art1 = doc.by_label("Article 1").map(|id| &doc.provisions[id]);
        if articles != 486 {
            Err(format!("{articles} articles, expected 486"))
        } else if with_eid != 0 {
            Err(format!(
                "{with_eid} provisions with an eId; LEOS writes none"
            ))
        } else if article_ids != 486 {
            Err(format!(
                "{article_ids} articles with an xml:id, expected 486"
            ))
        } else if art1.and_then(|p| p.heading.as_deref()) != Some("Scope") {
            Err(format!(
                "Article 1 heading {:?}",
                art1.and_then(|p| p.heading.clone())
            ))
        } else {
            Ok(format!(
                "486 articles with xml:id, {} provisions",
                doc.provisions.len()
            ))
        }
    });
    checks.check("LEOS CRR proposal", crr);

    // 4. LegalDocML.de: its own namespace, German eIds with non-ASCII letters.
    let de_dir = corpus.join("ris-norms-legaldocml-de");
    let de_files = files_with_ext(&de_dir, "xml");
    let mut not_de = Vec::new();
    let mut umlaut_eids = 0;
    for f in &de_files {
        match read(f) {
            Ok(doc) => {
                if !matches!(doc.meta.profile, Profile::LegalDocMlDe(_)) {
                    not_de.push(format!("{}: {:?}", f.display(), doc.meta.profile));
                }
                umlaut_eids += doc
                    .provisions
                    .iter()
                    .filter(|p| p.ids.eid.as_deref().is_some_and(|e| !e.is_ascii()))
                    .count();
            }
            Err(e) => not_de.push(e),
        }
    }
    checks.check(
        "LegalDocML.de profile",
        if not_de.is_empty() && umlaut_eids > 0 {
            Ok(format!(
                "{} files in the LegalDocML.de namespace; {umlaut_eids} non-ASCII eIds",
                de_files.len()
            ))
        } else {
            Err(format!(
                "{} files not read as LegalDocML.de: {}; {umlaut_eids} non-ASCII eIds",
                not_de.len(),
                not_de.join("; ")
            ))
        },
    );

    // 5. The bundled drafts validate against the official AKN 3.0 schema.
    let xsd = shared.join("schema/akomantoso30.xsd");
    let drafts = files_with_ext(&root.join("drafts"), "xml");
    for draft in &drafts {
        let name = draft
            .strip_prefix(&root)
            .unwrap_or(draft)
            .display()
            .to_string();
        checks.check(&format!("XSD {name}"), xmllint(&xsd, draft));
    }
    if drafts.is_empty() {
        checks.check(
            "XSD drafts",
            Err("no drafts found under drafts/".to_string()),
        );
    }

    // 6. The committed schema is the shared one, byte for byte.
    let shared_schema = shared.join("schema/comparison.schema.json");
    checks.check(
        "schema/comparison.schema.json is the shared schema",
        schema_copy(&root.join("schema/comparison.schema.json"), &shared_schema),
    );

    // 7. The JSON contract on every pair of successive versions.
    contract::check(&corpus, &root, &shared_schema, &mut checks);

    // 8. Alignment quality: id-free against GUIDs on the UK bills, and the
    //    LEOS compare series' unambiguous expectations.
    let uk = quality::uk(&corpus, &mut checks);
    let leos = quality::leos(&corpus, &mut checks);
    if write {
        let section = quality::section(&uk, &leos, &crate::bench::today());
        crate::bench::write_section("docs/ALIGNMENT.md", BEGIN, END, &section)?;
    }

    // 9. Our word diffs against LEOS's own 2-way redlines.
    let expected = leos_expected::check(&corpus, &mut checks);
    if write {
        let section = leos_expected::section(&expected, &crate::bench::today());
        crate::bench::write_section(
            "docs/ALIGNMENT.md",
            leos_expected::BEGIN,
            leos_expected::END,
            &section,
        )?;
    }

    println!(
        "\n{} passed, {} failed in {:.1} s",
        checks.passed,
        checks.failures.len(),
        started.elapsed().as_secs_f64()
    );
    if checks.failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} corpus checks failed", checks.failures.len()))
    }
}

fn schema_copy(copy: &Path, shared: &Path) -> Result<String, String> {
    let shared =
        std::fs::read(shared).map_err(|e| format!("cannot read {}: {e}", shared.display()))?;
    let copy = std::fs::read(copy).map_err(|e| format!("cannot read {}: {e}", copy.display()))?;
    if copy == shared {
        Ok(format!("identical ({} bytes)", copy.len()))
    } else {
        Err("stale: run `cp ../shared/schema/comparison.schema.json schema/`".to_string())
    }
}

fn xmllint(xsd: &Path, file: &Path) -> Result<String, String> {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(xsd)
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run xmllint (Debian package libxml2-utils): {e}"))?;
    if out.status.success() {
        Ok("valid".to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}
