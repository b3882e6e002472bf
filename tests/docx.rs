//! `redline diff --format docx`: the Word redline's tracked changes resolve
//! to the right texts, and the package is well formed and reproducible.
//!
//! "Accept all" and "reject all" are computed on `word/document.xml` the
//! way Word does them: accepting drops `w:del` content and joins a
//! paragraph whose mark is deleted to the next one; rejecting drops `w:ins`
//! content, keeps `w:delText`, and joins a paragraph whose mark is
//! inserted to the next one. After the front matter (which has no tracked
//! changes, so both views agree on it), accepting must give exactly
//! `reading_text(new)` and rejecting exactly `reading_text(old)`, except
//! that a moved provision's paragraphs stand at its new place (they are
//! taken out of both sides before comparing).
//!
//! Snapshots of `word/document.xml` and `word/comments.xml` are in
//! `tests/snapshots/` (refresh with `INSTA_UPDATE=always cargo test`, then
//! review the `.snap` files).

mod common;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quick_xml::events::Event;
use quick_xml::Reader;

use redline::akn::{self, Document};
use redline::compare::{self, ChangeKind, Comparison};
use redline::render::docx::{self, reading_text};

// ---------------------------------------------------------------------------
// Fixtures

fn draft(date: &str, date_name: &str, body: &str) -> String {
    common::draft_titled(date, date_name, "Draft convention &amp; protocol", body)
}

/// Reworded text, a new heading, a renumbered paragraph, an inserted and a
/// deleted paragraph, an intro and wrap-up around points, text with
/// characters XML gives meaning to, a deleted article and an inserted one.
const OLD_BODY: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
        <article eId="art_1"><num>Article 1</num><heading>Scope</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention shall apply to the offences established in accordance with it.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>It shall not apply to matters of national security.</p></content></paragraph>
          <paragraph eId="art_1__para_3"><num>3.</num><content><p>Data with a value &lt; 5 &amp; "marked" shall be kept.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Preservation</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><intro><p>Each State Party shall adopt measures to enable its authorities to order:</p></intro>
            <point eId="art_2__para_1__point_a"><num>(a)</num><content><p>the preservation of specified electronic data;</p></content></point>
            <point eId="art_2__para_1__point_b"><num>(b)</num><content><p>the disclosure of traffic data.</p></content></point>
            <wrapUp><p>subject to prior judicial review.</p></wrapUp>
          </paragraph>
        </article>
        <article eId="art_3"><num>Article 3</num><heading>Retention</heading>
          <paragraph eId="art_3__para_1"><num>1.</num><content><p>Service providers shall retain traffic data for two years.</p></content></paragraph>
          <paragraph eId="art_3__para_2"><num>2.</num><content><p>Retained data shall be destroyed afterwards.</p></content></paragraph>
        </article>
        <article eId="art_4"><num>Article 4</num><heading>Jurisdiction</heading>
          <paragraph eId="art_4__para_1"><num>1.</num><content><p>Each State Party shall establish its jurisdiction over the offences committed in its territory.</p></content></paragraph>
        </article>
      </chapter>"#;

const NEW_BODY: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
        <article eId="art_1"><num>Article 1</num><heading>Scope of application</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention shall apply to the prevention, investigation and prosecution of the offences established in accordance with it.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>Data with a value &lt; 5 &amp; "marked" or 'flagged' shall be kept.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Preservation</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><intro><p>Each State Party shall adopt measures as appropriate to enable its authorities to order:</p></intro>
            <point eId="art_2__para_1__point_a"><num>(a)</num><content><p>the preservation of specified electronic data;</p></content></point>
            <point eId="art_2__para_1__point_b"><num>(b)</num><content><p>the disclosure of traffic data.</p></content></point>
            <wrapUp><p>subject to review.</p></wrapUp>
          </paragraph>
          <paragraph eId="art_2__para_2"><num>2.</num><content><p>Such orders shall be notified to the person concerned.</p></content></paragraph>
        </article>
        <article eId="art_3"><num>Article 3</num><heading>Jurisdiction</heading>
          <paragraph eId="art_3__para_1"><num>1.</num><content><p>Each State Party shall establish its jurisdiction over the offences committed in its territory or on board its ships.</p></content></paragraph>
        </article>
        <article eId="art_4"><num>Article 4</num><heading>Protection of personal data</heading>
          <paragraph eId="art_4__para_1"><num>1.</num><content><p>Personal data transferred under this Convention shall be protected.</p></content></paragraph>
        </article>
      </chapter>"#;

/// A paragraph split in two, two merged into one, and an article moved to
/// another chapter.
const OLD_RESTRUCTURED: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>Measures</heading>
        <article eId="art_1"><num>Article 1</num><heading>Search and seizure</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>Each State Party shall empower its authorities to search an ICT system and to seize electronic data stored in it, where located in its territory.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>The powers shall be subject to conditions and safeguards.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Production orders</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><content><p>Authorities may order a person to submit specified electronic data.</p></content></paragraph>
          <paragraph eId="art_2__para_2"><num>2.</num><content><p>Authorities may order a service provider to submit subscriber information.</p></content></paragraph>
          <paragraph eId="art_2__para_3"><num>3.</num><content><p>Such orders shall be in writing.</p></content></paragraph>
        </article>
        <article eId="art_3"><num>Article 3</num><heading>Mutual assistance</heading>
          <paragraph eId="art_3__para_1"><num>1.</num><content><p>States Parties shall afford one another the widest measure of mutual assistance.</p></content></paragraph>
        </article>
      </chapter>
      <chapter eId="chp_2"><num>Chapter II</num><heading>Cooperation</heading>
        <article eId="art_4"><num>Article 4</num><heading>Extradition</heading>
          <paragraph eId="art_4__para_1"><num>1.</num><content><p>Offences under this Convention shall be extraditable offences.</p></content></paragraph>
        </article>
      </chapter>"#;

const NEW_RESTRUCTURED: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>Measures</heading>
        <article eId="art_1"><num>Article 1</num><heading>Search and seizure</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>Each State Party shall empower its authorities to search an ICT system, where located in its territory.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State Party shall empower its authorities to seize electronic data stored in an ICT system.</p></content></paragraph>
          <paragraph eId="art_1__para_3"><num>3.</num><content><p>The powers shall be subject to conditions and safeguards.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Production orders</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><content><p>Authorities may order a person to submit specified electronic data, and a service provider to submit subscriber information.</p></content></paragraph>
          <paragraph eId="art_2__para_2"><num>2.</num><content><p>Such orders shall be in writing.</p></content></paragraph>
        </article>
      </chapter>
      <chapter eId="chp_2"><num>Chapter II</num><heading>Cooperation</heading>
        <article eId="art_3"><num>Article 3</num><heading>Extradition</heading>
          <paragraph eId="art_3__para_1"><num>1.</num><content><p>Offences under this Convention shall be extraditable offences.</p></content></paragraph>
        </article>
        <article eId="art_4"><num>Article 4</num><heading>Mutual assistance</heading>
          <paragraph eId="art_4__para_1"><num>1.</num><content><p>States Parties shall afford one another the widest measure of mutual assistance.</p></content></paragraph>
        </article>
      </chapter>"#;

fn read(xml: &str, name: &str) -> Document {
    match akn::read_bytes(xml.as_bytes(), name) {
        Ok(d) => d,
        Err(e) => panic!("{name} does not read: {e}"),
    }
}

fn read_file(path: &Path) -> Document {
    match akn::read(path) {
        Ok(d) => d,
        Err(e) => panic!("{} does not read: {e}", path.display()),
    }
}

fn compare(old: &Document, new: &Document) -> Comparison {
    let alignment = redline::align::align(old, new);
    compare::compare(old, new, &alignment)
}

fn docx_bytes(cmp: &Comparison, old: &Document, new: &Document) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = docx::write(&mut out, cmp, old, new) {
        panic!("docx::write failed: {e}");
    }
    out
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = match zip::ZipArchive::new(Cursor::new(docx)) {
        Ok(z) => z,
        Err(e) => panic!("not a zip: {e}"),
    };
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(e) => panic!("no {name} in the package: {e}"),
    };
    let mut s = String::new();
    if let Err(e) = file.read_to_string(&mut s) {
        panic!("{name} is not UTF-8 text: {e}");
    }
    s
}

fn drafts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/cybercrime-convention")
}

fn bundled(prefix: &str) -> PathBuf {
    let dir = drafts();
    let found = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".xml"))
        });
    match found {
        Some(p) => p,
        None => panic!("no draft {prefix}-*.xml in {}", dir.display()),
    }
}

// ---------------------------------------------------------------------------
// Accepting and rejecting on the XML

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    AcceptAll,
    RejectAll,
}

/// The document's paragraphs (body and table cells, in order) as they read
/// once every tracked change is accepted, or rejected. Checks on the way
/// that revisions are well formed: every `w:ins`/`w:del` has an id, the
/// author "redline" and a date; deleted text is `w:delText`, and only there.
fn paragraphs(xml: &str, view: View) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut out = Vec::new();
    // Text of paragraphs whose mark this view removes, waiting for the next.
    let mut carried = String::new();
    let mut cur = String::new();
    let (mut in_ppr, mut ins, mut del) = (false, 0usize, 0usize);
    let mut mark: Option<String> = None;
    let mut in_text: Option<String> = None;
    let mut seen_ids = std::collections::HashSet::new();
    let visible = |ins: usize, del: usize| match view {
        View::AcceptAll => del == 0,
        View::RejectAll => ins == 0,
    };
    let check_revision = |e: &quick_xml::events::BytesStart<'_>,
                          seen: &mut std::collections::HashSet<String>| {
        let attr = |name: &str| {
            e.attributes()
                .flatten()
                .find(|a| {
                    let k: &str = a.key.as_ref();
                    k == name
                })
                .map(|a| {
                    let v: &str = a.value.as_ref();
                    v.to_string()
                })
        };
        assert_eq!(attr("w:author").as_deref(), Some("redline"));
        assert!(attr("w:date").is_some(), "a revision without a date");
        let id = attr("w:id").unwrap_or_default();
        assert!(!id.is_empty(), "a revision without an id");
        assert!(seen.insert(id.clone()), "revision id {id} repeats");
    };
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => panic!("document.xml is not well formed: {e}"),
        };
        match event {
            Event::Start(e) => {
                let name = e.name();
                let name: &str = name.as_ref();
                match name {
                    "w:p" => {
                        cur.clear();
                        mark = None;
                    }
                    "w:pPr" => in_ppr = true,
                    "w:ins" => {
                        check_revision(&e, &mut seen_ids);
                        ins += 1;
                    }
                    "w:del" => {
                        check_revision(&e, &mut seen_ids);
                        del += 1;
                    }
                    "w:t" | "w:delText" => {
                        assert_eq!(
                            name == "w:delText",
                            del > 0,
                            "{name} inside {} w:del",
                            if del > 0 { "a" } else { "no" }
                        );
                        in_text = Some(name.to_string());
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = e.name();
                let name: &str = name.as_ref();
                match name {
                    "w:ins" | "w:del" if in_ppr => {
                        check_revision(&e, &mut seen_ids);
                        mark = Some(name.to_string());
                    }
                    "w:tab" if !in_ppr && visible(ins, del) => cur.push('\t'),
                    _ => {}
                }
            }
            Event::Text(t) if in_text.is_some() && visible(ins, del) => {
                cur.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text.is_some() && visible(ins, del) => {
                let name = r.into_inner();
                let c = match &*name {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity &{other};"),
                };
                cur.push(c);
            }
            Event::End(e) => {
                let name = e.name();
                let name: &str = name.as_ref();
                match name {
                    "w:pPr" => in_ppr = false,
                    "w:ins" => ins -= 1,
                    "w:del" => del -= 1,
                    "w:t" | "w:delText" => in_text = None,
                    "w:p" => {
                        carried.push_str(&cur);
                        let removed = match view {
                            View::AcceptAll => mark.as_deref() == Some("w:del"),
                            View::RejectAll => mark.as_deref() == Some("w:ins"),
                        };
                        if !removed {
                            out.push(std::mem::take(&mut carried));
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !carried.is_empty() {
        out.push(carried);
    }
    out
}

/// The paragraphs of a provision and everything under it, as
/// `reading_text` lays them out.
fn subtree_text(doc: &Document, id: usize) -> Vec<String> {
    let mut sub = doc.clone();
    sub.roots = vec![id];
    reading_text(&sub)
}

/// Removes the first run of `block` from `lines`; false if absent.
fn remove_block(lines: &mut Vec<String>, block: &[String]) -> bool {
    if block.is_empty() {
        return true;
    }
    match lines.windows(block.len()).position(|w| w == block) {
        Some(at) => {
            lines.drain(at..at + block.len());
            true
        }
        None => false,
    }
}

/// Asserts the two views: accept-all gives the new version's text, reject-all
/// the old one's, after identical front matter. Returns the views.
fn assert_views(cmp: &Comparison, old: &Document, new: &Document) -> (Vec<String>, Vec<String>) {
    let docx = docx_bytes(cmp, old, new);
    let xml = part(&docx, "word/document.xml");
    let accepted = paragraphs(&xml, View::AcceptAll);
    let rejected = paragraphs(&xml, View::RejectAll);
    let new_text = reading_text(new);
    let mut old_text = reading_text(old);

    assert!(
        accepted.len() >= new_text.len(),
        "accepting gives fewer paragraphs than the new text"
    );
    let front = accepted.len() - new_text.len();
    assert_same(
        "accepting every change does not give the new text",
        &accepted[front..],
        &new_text,
    );
    assert!(front >= 3, "no front matter");
    assert_eq!(
        rejected.get(..front),
        accepted.get(..front),
        "the front matter differs between the views"
    );

    // A moved provision stands at its new place in both views: take its
    // paragraphs out of both before comparing.
    let mut rest = rejected[front..].to_vec();
    for change in cmp.changes.iter().filter(|c| c.kind == ChangeKind::Moved) {
        for clause in &change.old {
            let id = clause
                .eid
                .as_deref()
                .and_then(|e| old.by_eid(e))
                .or_else(|| old.by_label(&clause.label));
            let Some(id) = id else {
                panic!("moved clause {} not in the old version", clause.label);
            };
            let block = subtree_text(old, id);
            assert!(
                remove_block(&mut old_text, &block),
                "{}: not in the old text",
                clause.label
            );
            assert!(
                remove_block(&mut rest, &block),
                "{}: rejecting does not give its old text in one piece:\n{block:#?}",
                clause.label
            );
        }
    }
    assert_same(
        "rejecting every change does not give the old text",
        &rest,
        &old_text,
    );
    (accepted, rejected)
}

/// Fails with the first differing paragraphs and their neighbours.
fn assert_same(what: &str, got: &[String], want: &[String]) {
    if got == want {
        return;
    }
    let at = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let lo = at.saturating_sub(2);
    panic!(
        "{what}; first difference at paragraph {at} of {} (expected {}):\ngot:      {:#?}\nexpected: {:#?}",
        got.len(),
        want.len(),
        &got[lo.min(got.len())..(at + 3).min(got.len())],
        &want[lo.min(want.len())..(at + 3).min(want.len())]
    );
}

// ---------------------------------------------------------------------------
// Tests

#[test]
fn accepting_gives_the_new_text_and_rejecting_the_old_hand_written() {
    let old = read(&draft("2023-05-01", "revised draft", OLD_BODY), "old.xml");
    let new = read(&draft("2024-08-01", "final text", NEW_BODY), "new.xml");
    let cmp = compare(&old, &new);
    assert!(cmp.changes.len() >= 6, "{:#?}", cmp.summary);
    let (accepted, rejected) = assert_views(&cmp, &old, &new);
    // The special characters survive both ways.
    assert!(accepted
        .iter()
        .any(|p| p == "2.\tData with a value < 5 & \"marked\" or 'flagged' shall be kept."));
    assert!(rejected
        .iter()
        .any(|p| p == "3.\tData with a value < 5 & \"marked\" shall be kept."));
    assert!(accepted
        .iter()
        .any(|p| p == "Article 1 — Scope of application"));
    assert!(rejected.iter().any(|p| p == "Article 1 — Scope"));
}

#[test]
fn accepting_and_rejecting_a_split_a_merge_and_a_move() {
    let old = read(
        &draft("2023-05-01", "revised draft", OLD_RESTRUCTURED),
        "old.xml",
    );
    let new = read(
        &draft("2024-08-01", "final text", NEW_RESTRUCTURED),
        "new.xml",
    );
    let cmp = compare(&old, &new);
    let kinds: Vec<ChangeKind> = cmp.changes.iter().map(|c| c.kind).collect();
    for k in [ChangeKind::Split, ChangeKind::Merged, ChangeKind::Moved] {
        assert!(kinds.contains(&k), "no {k:?} in {kinds:?}");
    }
    assert_views(&cmp, &old, &new);
}

#[test]
fn accepting_and_rejecting_on_every_bundled_pair() {
    for (a, b) in [
        ("01", "02"),
        ("02", "03"),
        ("03", "04"),
        ("04", "05"),
        ("01", "05"),
    ] {
        let old = read_file(&bundled(a));
        let new = read_file(&bundled(b));
        let cmp = compare(&old, &new);
        assert!(cmp.has_changes());
        assert_views(&cmp, &old, &new);
    }
}

#[test]
fn identical_versions_give_the_text_without_tracked_changes() {
    let old = read(&draft("2023-05-01", "revised draft", OLD_BODY), "old.xml");
    let cmp = compare(&old, &old);
    let docx = docx_bytes(&cmp, &old, &old);
    let xml = part(&docx, "word/document.xml");
    assert!(!xml.contains("<w:ins") && !xml.contains("<w:del"));
    assert!(xml.contains("No changes."));
    assert_views(&cmp, &old, &old);
    let comments = part(&docx, "word/comments.xml");
    assert!(!comments.contains("<w:comment "));
}

#[test]
fn effects_renumbering_and_moves_are_comments_anchored_in_the_text() {
    let old = read_file(&bundled("01"));
    let new = read_file(&bundled("05"));
    let cmp = compare(&old, &new);
    let docx = docx_bytes(&cmp, &old, &new);
    let xml = part(&docx, "word/document.xml");
    let comments = part(&docx, "word/comments.xml");
    let count = |s: &str, needle: &str| s.matches(needle).count();
    let n = count(&comments, "<w:comment ");
    assert!(n > 20, "only {n} comments");
    // Every comment is anchored once: start, end and reference.
    assert_eq!(count(&xml, "<w:commentRangeStart "), n);
    assert_eq!(count(&xml, "<w:commentRangeEnd "), n);
    assert_eq!(count(&xml, "<w:commentReference "), n);
    for id in 0..n {
        let start = xml.find(&format!("<w:commentRangeStart w:id=\"{id}\"/>"));
        let end = xml.find(&format!("<w:commentRangeEnd w:id=\"{id}\"/>"));
        assert!(
            matches!((start, end), (Some(s), Some(e)) if s < e),
            "comment {id} is not anchored in order"
        );
    }
    assert!(comments.contains("Formerly Article"), "no renumbering note");
    assert!(comments.contains("Moved from Chapter IV"), "no move note");
    assert!(comments.contains("Safeguards weaken — "), "no effect");
    assert!(comments.contains("(confidence 0."), "no confidence");
    // Every tracked change is dated with the new version's date.
    assert!(xml.contains("w:author=\"redline\" w:date=\"2024-08-08T00:00:00Z\""));
    assert!(!xml.contains("w:date=\"2022"));
}

#[test]
fn headings_and_numbers_are_those_of_the_new_version() {
    let old = read_file(&bundled("01"));
    let new = read_file(&bundled("05"));
    let cmp = compare(&old, &new);
    let xml = part(&docx_bytes(&cmp, &old, &new), "word/document.xml");
    assert!(xml.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(xml.contains("<w:pStyle w:val=\"Heading2\"/>"));
    let accepted = paragraphs(&xml, View::AcceptAll);
    assert!(accepted
        .iter()
        .any(|p| p == "Chapter I — General provisions"));
    assert!(accepted.iter().any(|p| p.starts_with("Article 24 — ")));
}

#[test]
fn the_package_is_complete_and_byte_for_byte_reproducible() {
    let old = read_file(&bundled("03"));
    let new = read_file(&bundled("04"));
    let cmp = compare(&old, &new);
    let a = docx_bytes(&cmp, &old, &new);
    let b = docx_bytes(&compare(&old, &new), &old, &new);
    assert!(a == b, "two runs give different bytes");
    let mut zip = match zip::ZipArchive::new(Cursor::new(&a)) {
        Ok(z) => z,
        Err(e) => panic!("not a zip: {e}"),
    };
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/settings.xml",
            "word/comments.xml"
        ]
    );
    for i in 0..zip.len() {
        let Ok(file) = zip.by_index(i) else {
            panic!("entry {i} unreadable");
        };
        let t = file.last_modified();
        assert_eq!(
            t.map(|t| (t.year(), t.month(), t.day())),
            Some((1980, 1, 1)),
            "{} is not dated 1980-01-01",
            file.name()
        );
    }
    // Every XML part parses.
    for name in &names {
        let text = part(&a, name);
        let mut reader = Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well formed: {e}"),
            }
        }
    }
    assert!(part(&a, "word/settings.xml").contains("<w:trackRevisions/>"));
}

#[test]
fn snapshot_of_a_hand_written_pair() {
    let old = read(&draft("2023-05-01", "revised draft", OLD_BODY), "old.xml");
    let new = read(&draft("2024-08-01", "final text", NEW_BODY), "new.xml");
    let cmp = compare(&old, &new);
    let docx = docx_bytes(&cmp, &old, &new);
    insta::assert_snapshot!("hand_written_document", part(&docx, "word/document.xml"));
    insta::assert_snapshot!("hand_written_comments", part(&docx, "word/comments.xml"));
}

#[test]
fn snapshot_of_a_bundled_pair() {
    let old = read_file(&bundled("04"));
    let new = read_file(&bundled("05"));
    let mut cmp = compare(&old, &new);
    // Sources are absolute paths; the snapshot should not depend on where
    // the repository lies.
    cmp.old.source = "04-further-revised-draft.xml".to_string();
    cmp.new.source = "05-final-text.xml".to_string();
    let docx = docx_bytes(&cmp, &old, &new);
    insta::assert_snapshot!("bundled_04_05_document", part(&docx, "word/document.xml"));
    insta::assert_snapshot!("bundled_04_05_comments", part(&docx, "word/comments.xml"));
}

// ---------------------------------------------------------------------------
// The command line

fn redline_in(dir: &Path, args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run redline: {e}"),
    }
}

fn temp_pair() -> tempfile::TempDir {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    };
    for (name, body, date) in [
        ("old.xml", OLD_BODY, "2023-05-01"),
        ("new.xml", NEW_BODY, "2024-08-01"),
    ] {
        if let Err(e) = std::fs::write(dir.path().join(name), draft(date, "draft", body)) {
            panic!("cannot write {name}: {e}");
        }
    }
    dir
}

#[test]
fn docx_needs_an_output_file() {
    let dir = temp_pair();
    let out = redline_in(
        dir.path(),
        &["diff", "--format", "docx", "old.xml", "new.xml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "redline: docx output needs -o FILE\n"
    );
}

#[test]
fn docx_to_a_file_exits_1_on_differences_and_reproduces() {
    let dir = temp_pair();
    let args = [
        "diff", "--format", "docx", "-o", "r.docx", "old.xml", "new.xml",
    ];
    let out = redline_in(dir.path(), &args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let first = std::fs::read(dir.path().join("r.docx")).unwrap_or_default();
    assert!(first.starts_with(b"PK\x03\x04"), "not a zip");
    let again = redline_in(dir.path(), &args);
    assert_eq!(again.status.code(), Some(1));
    let second = std::fs::read(dir.path().join("r.docx")).unwrap_or_default();
    assert!(first == second, "two runs give different files");
    let xml = part(&first, "word/document.xml");
    assert!(xml.contains("prevention, investigation and prosecution of"));
}
