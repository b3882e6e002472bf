//! `redline diff --format html`: the real binary on a hand-written pair and
//! on a bundled pair, its pages checked for escaping, anchors, placement
//! and their Content-Security-Policy, and compared with committed
//! snapshots (`tests/snapshots/html__*.snap`; refresh with
//! `INSTA_UPDATE=always cargo test --test html`, then review the `.snap`
//! files). The snapshots leave out the inlined style sheet and script
//! (they are files of their own, `templates/redline.css` and
//! `templates/redline.js`) but keep the CSP, whose hashes follow them.
//!
//! The page in a real browser is `tests/html_browser.rs`.

mod common;
use common::temp;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use sha2::{Digest, Sha256};

fn draft(date: &str, date_name: &str, title: &str, body: &str) -> String {
    common::draft_titled(date, date_name, title, body)
}

const OLD_BODY: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
        <article eId="art_1"><num>Article 1</num><heading>Scope of application</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention shall apply to the prevention, investigation and prosecution of the offences established in accordance with it.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>It shall not apply to national security matters.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Conditions and safeguards</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><intro><p>Each State Party shall ensure that the powers and procedures provided for in this Convention are subject to conditions and safeguards, which shall include:</p></intro>
            <point eId="art_2__para_1__point_a"><num>(a)</num><content><p>judicial or other independent review;</p></content></point>
            <point eId="art_2__para_1__point_b"><num>(b)</num><content><p>the right to an effective remedy;</p></content></point>
            <point eId="art_2__para_1__point_c"><num>(c)</num><content><p>limitation of the scope and duration of such power or procedure.</p></content></point>
          </paragraph>
        </article>
        <article eId="art_3"><num>Article 3</num><heading>Expedited preservation</heading>
          <paragraph eId="art_3__para_1"><num>1.</num><content><p>Each State Party shall adopt measures to enable its competent authorities to order the expeditious preservation of specified electronic data for a period of up to ninety days.</p></content></paragraph>
        </article>
      </chapter>"#;

const NEW_BODY: &str = r#"      <chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
        <article eId="art_1"><num>Article 1</num><heading>Scope of application</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention shall apply to the prevention, investigation and prosecution of the offences established in accordance with it and of other serious crimes.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content><p>It shall not apply to national security matters.</p></content></paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Conditions and safeguards</heading>
          <paragraph eId="art_2__para_1"><num>1.</num><intro><p>Each State Party shall ensure that the powers and procedures provided for in this Convention are subject to conditions and safeguards, which may include:</p></intro>
            <point eId="art_2__para_1__point_a"><num>(a)</num><content><p>judicial or other independent review;</p></content></point>
            <point eId="art_2__para_1__point_b"><num>(b)</num><content><p>limitation of the scope and duration of such power or procedure.</p></content></point>
          </paragraph>
        </article>
        <article eId="art_3"><num>Article 3</num><heading>Protection of personal data</heading>
          <paragraph eId="art_3__para_1"><num>1.</num><content><p>Each State Party shall ensure that personal data transferred under this Convention are protected.</p></content></paragraph>
          <paragraph eId="art_3__para_2"><num>2.</num><content><p>Such data shall be kept no longer than necessary.</p></content></paragraph>
        </article>
        <article eId="art_4"><num>Article 4</num><heading>Expedited preservation</heading>
          <paragraph eId="art_4__para_1"><num>1.</num><content><p>Each State Party shall adopt measures to enable its competent authorities to order the expeditious preservation of specified electronic data for a period of up to one hundred and eighty days.</p></content></paragraph>
        </article>
      </chapter>"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn write(path: &Path, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// A temporary folder holding `old.xml` and `new.xml`.
fn pair(old: &str, new: &str) -> tempfile::TempDir {
    let dir = temp();
    write(&dir.path().join("old.xml"), old);
    write(&dir.path().join("new.xml"), new);
    dir
}

fn hand_written() -> tempfile::TempDir {
    pair(
        &draft("2023-05-01", "revised draft", "Draft convention", OLD_BODY),
        &draft("2024-08-01", "final text", "Draft convention", NEW_BODY),
    )
}

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

/// The page for `old` and `new` (paths relative to `dir`), from stdout.
fn html_in(dir: &Path, old: &str, new: &str, extra: &[&str]) -> String {
    let mut args = vec!["diff", "--format", "html", old, new];
    args.extend_from_slice(extra);
    let out = redline_in(dir, &args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "redline failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_in(dir: &Path, old: &str, new: &str) -> serde_json::Value {
    let out = redline_in(dir, &["diff", "--format", "json", old, new]);
    match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON: {e}"),
    }
}

/// The text between `open` (its end) and the next `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let Some(start) = html.find(open).map(|i| i + open.len()) else {
        panic!("no {open}");
    };
    let Some(len) = html[start..].find(close) else {
        panic!("no {close} after {open}");
    };
    &html[start..start + len]
}

/// The page without the inlined style sheet and script, for snapshots.
fn elided(html: &str) -> String {
    let style = between(html, "<style>", "</style>");
    let script = between(html, "<script>", "</script>");
    html.replacen(style, "/* templates/redline.css */", 1)
        .replacen(script, "/* templates/redline.js */", 1)
}

/// A start tag: its name and attribute names.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Every start tag of a page, read the way a browser tokenizes them (text
/// of `script` and `style` skipped). Enough for pages this renderer writes.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if next == b'!' || next == b'/' {
            i += html[i..].find('>').map_or(b.len(), |n| n + 1);
            continue;
        }
        if !next.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && !b"\t\n\x0c\r />=".contains(&b[j]) {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..].find(q as char).map_or(b.len(), |n| j + 1 + n);
                        value = html[j + 1..end].to_string();
                        j = end + 1;
                    }
                    _ => {
                        let start = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = html[start..j].to_string();
                    }
                }
            }
            attrs.push((attr, value));
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            j += html[j..].find(&close).unwrap_or(b.len() - j);
        }
        out.push(Tag { name, attrs });
        i = j;
    }
    out
}

/// Every `id` of the page with how often it occurs.
fn ids(html: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for t in tags(html) {
        for (k, v) in t.attrs {
            if k == "id" {
                *out.entry(unescape(&v)).or_insert(0) += 1;
            }
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn hand_written_pair() {
    let dir = hand_written();
    let html = html_in(dir.path(), "old.xml", "new.xml", &[]);
    insta::assert_snapshot!("hand_written", elided(&html));
}

#[test]
fn bundled_pair() {
    let html = html_in(
        root(),
        "drafts/cybercrime-convention/04-further-revised-draft.xml",
        "drafts/cybercrime-convention/05-final-text.xml",
        &[],
    );
    insta::assert_snapshot!("bundled_04_05", elided(&html));
}

#[test]
fn the_page_names_its_language_and_is_whole() {
    let dir = hand_written();
    let html = html_in(dir.path(), "old.xml", "new.xml", &[]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.trim_end().ends_with("</html>"));
    for landmark in ["<header", "<main", "<footer", "<h1>"] {
        assert!(html.contains(landmark), "{landmark}");
    }
}

/// A draft whose text, headings, identifiers and metadata hold markup shows
/// it as text: the page has exactly the elements and attributes the
/// template writes.
#[test]
fn markup_in_a_draft_stays_text() {
    let payload = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&lt;/p&gt;&lt;style&gt;*{}&lt;/style&gt;";
    let body = |text: &str| {
        format!(
            r#"<article eId="art_1&quot; onclick=&quot;alert(3)"><num>Article 1 {payload}</num><heading>{payload}</heading>
  <paragraph eId="art_1__para_1&gt;&lt;img src=x"><num>1.</num><content><p>{text}</p></content></paragraph>
</article>"#
        )
    };
    let old = draft(
        "2023-05-01",
        payload,
        payload,
        &body(&format!("Each Party shall act. {payload}")),
    );
    let new = draft(
        "2024-08-01",
        payload,
        payload,
        &body(&format!("Each Party may act. {payload} {payload}")),
    );
    let dir = pair(&old, &new);
    let html = html_in(dir.path(), "old.xml", "new.xml", &[]);

    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert_eq!(
        html.to_ascii_lowercase().matches("<script").count(),
        1,
        "only redline's own script"
    );
    assert_eq!(html.to_ascii_lowercase().matches("<style").count(), 1);
    let tags = tags(&html);
    let names: std::collections::BTreeSet<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    let allowed = [
        "a", "article", "body", "button", "code", "dd", "del", "details", "div", "dl", "dt",
        "fieldset", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "html",
        "input", "ins", "kbd", "label", "legend", "li", "main", "meta", "p", "q", "script",
        "section", "span", "strong", "style", "summary", "time", "title", "ul",
    ];
    for name in &names {
        assert!(allowed.contains(name), "unexpected element <{name}>");
    }
    for t in &tags {
        for (attr, _) in &t.attrs {
            assert!(
                !attr.starts_with("on") && attr != "src" && attr != "style",
                "<{} {attr}> is not redline's",
                t.name
            );
        }
    }
    // The hostile eId is still the provision's anchor, as text.
    assert_eq!(
        ids(&html).get("art_1\" onclick=\"alert(3)").copied(),
        Some(1)
    );
}

/// The policy allows the one inline style sheet and the one inline script
/// by their hashes, and nothing else.
#[test]
fn the_policy_allows_exactly_the_inline_style_and_script() {
    let dir = hand_written();
    let html = html_in(dir.path(), "old.xml", "new.xml", &[]);
    let csp = tags(&html)
        .into_iter()
        .find(|t| {
            t.attrs
                .iter()
                .any(|(k, v)| k == "http-equiv" && v == "Content-Security-Policy")
        })
        .and_then(|t| {
            t.attrs
                .into_iter()
                .find(|(k, _)| k == "content")
                .map(|(_, v)| unescape(&v))
        });
    let Some(csp) = csp else {
        panic!("no Content-Security-Policy meta element");
    };
    let hash = |text: &str| {
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
        )
    };
    let style = hash(between(&html, "<style>", "</style>"));
    let script = hash(between(&html, "<script>", "</script>"));
    assert_eq!(
        csp,
        format!("default-src 'none'; style-src {style}; script-src {script}; base-uri 'none'; form-action 'none'")
    );
    // The policy comes before anything it governs.
    let at = |s: &str| html.find(s).unwrap_or(usize::MAX);
    assert!(at("Content-Security-Policy") < at("<style>"));
    // Nothing points to another host.
    for t in tags(&html) {
        for (k, v) in &t.attrs {
            if k == "href" {
                assert!(v.starts_with('#'), "<{} href={v}>", t.name);
            }
        }
    }
}

#[test]
fn every_provision_and_change_has_one_anchor() {
    let (old, new) = (
        "drafts/cybercrime-convention/01-consolidated-negotiating-text.xml",
        "drafts/cybercrime-convention/05-final-text.xml",
    );
    let html = html_in(root(), old, new, &[]);
    let ids = ids(&html);
    let doubles: Vec<_> = ids.iter().filter(|(_, &n)| n > 1).collect();
    assert!(doubles.is_empty(), "ids used twice: {doubles:?}");
    let doc = match redline::akn::read(&root().join(new)) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let missing: Vec<&str> = doc
        .provisions
        .iter()
        .filter_map(|p| p.ids.citable())
        .filter(|eid| !ids.contains_key(*eid))
        .collect();
    assert!(
        missing.is_empty(),
        "provisions without an anchor: {missing:?}"
    );
    let comparison = json_in(root(), old, new);
    let changes = comparison["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(changes.len() > 100);
    for ch in &changes {
        let id = ch["id"].as_str().unwrap_or_default();
        assert!(ids.contains_key(id), "change {id} has no anchor");
    }
    // Every change is one <article>, in the comparison's order.
    let order: Vec<String> = tags(&html)
        .into_iter()
        .filter(|t| t.name == "article")
        .filter_map(|t| {
            t.attrs
                .into_iter()
                .find(|(k, _)| k == "id")
                .map(|(_, v)| unescape(&v))
        })
        .collect();
    let expected: Vec<String> = changes
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(order, expected);
}

#[test]
fn a_deleted_point_stands_where_it_stood() {
    let dir = hand_written();
    let html = html_in(dir.path(), "old.xml", "new.xml", &[]);
    let at = |id: &str| match html.find(&format!("id=\"{id}\"")) {
        Some(i) => i,
        None => panic!("no {id}"),
    };
    // Old (b) went; new (b) is old (c): the deletion comes after (a) and
    // before the renumbered point.
    let deleted = at("del:art_2__para_1__point_b");
    assert!(at("art_2__para_1__point_a") < deleted);
    assert!(deleted < at("art_2__para_1__point_b"));
    let card = between(&html, "id=\"del:art_2__para_1__point_b\"", "</article>");
    assert!(card.contains("<del>the right to an effective remedy;</del>"));
    assert!(card.contains("safeguards weaken"), "{card}");
}

#[test]
fn unchanged_text_is_folded_and_changes_are_not() {
    let dir = hand_written();
    let html = html_in(dir.path(), "old.xml", "new.xml", &[]);
    // The folded run that holds Article 1(2).
    let at = html.find("id=\"art_1__para_2\"").unwrap_or(0);
    let start = html[..at].rfind("<details").unwrap_or(0);
    let run = between(&html[start..], "", "</details>");
    assert!(
        run.starts_with("<details class=\"unchanged run\">"),
        "{run}"
    );
    assert!(run.contains("It shall not apply to national security matters."));
    let change = between(&html, "id=\"art_1__para_1\"", "</article>");
    assert!(
        change.contains("<ins> and of other serious crimes</ins>"),
        "{change}"
    );
    assert!(change.contains("scope widens"));
    // The inserted article with its paragraphs, each with its anchor.
    let inserted = between(&html, "id=\"art_3\"", "</article>");
    for id in ["art_3__para_1", "art_3__para_2"] {
        assert!(inserted.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(inserted.contains("<ins>Such data shall be kept no longer than necessary.</ins>"));
}

#[test]
fn identical_versions_make_a_page_too() {
    let text = draft("2024-08-01", "final text", "Draft convention", NEW_BODY);
    let dir = pair(&text, &text);
    let out = redline_in(
        dir.path(),
        &["diff", "--format", "html", "old.xml", "new.xml"],
    );
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("The two versions do not differ."));
    assert!(!html.contains("<article"));
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let dir = hand_written();
    let a = html_in(dir.path(), "old.xml", "new.xml", &[]);
    let path = dir.path().join("page.html");
    let out = redline_in(
        dir.path(),
        &[
            "diff",
            "--format",
            "html",
            "-o",
            "page.html",
            "old.xml",
            "new.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    match std::fs::read_to_string(&path) {
        Ok(b) => assert_eq!(a, b),
        Err(e) => panic!("no page written: {e}"),
    }
}

#[test]
fn a_templates_folder_replaces_the_files_it_has() {
    let dir = hand_written();
    let templates: PathBuf = dir.path().join("tpl");
    if let Err(e) = std::fs::create_dir(&templates) {
        panic!("{e}");
    }
    write(
        &templates.join("redline.html"),
        "<p>{{ title }}: {{ summary.changes }} changes; {{ csp }}</p>\n<style>{{ style | safe }}</style>\n",
    );
    write(&templates.join("redline.css"), "p { color: black; }");
    let html = html_in(dir.path(), "old.xml", "new.xml", &["--templates", "tpl"]);
    let hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"p { color: black; }"));
    assert!(
        html.starts_with(
            "<p>Draft convention: 7 changes; default-src &#39;none&#39;; style-src &#39;sha256-"
        ),
        "{html}"
    );
    assert!(
        html.contains(&hash),
        "the policy hashes the replaced style sheet"
    );
    assert!(html.contains("<style>p { color: black; }</style>"));

    // A template that does not parse, a folder that is not there, a folder
    // with none of the files: exit 2, and a message that says which.
    write(&templates.join("redline.html"), "{% if %}");
    let out = redline_in(
        dir.path(),
        &[
            "diff",
            "--format",
            "html",
            "--templates",
            "tpl",
            "old.xml",
            "new.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("redline.html"), "{err}");

    let out = redline_in(
        dir.path(),
        &[
            "diff",
            "--format",
            "html",
            "--templates",
            "nowhere",
            "old.xml",
            "new.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("redline: templates: cannot read nowhere"),
        "{err}"
    );

    let empty = dir.path().join("empty");
    if let Err(e) = std::fs::create_dir(&empty) {
        panic!("{e}");
    }
    let out = redline_in(
        dir.path(),
        &[
            "diff",
            "--format",
            "html",
            "--templates",
            "empty",
            "old.xml",
            "new.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("holds none of redline.html"), "{err}");

    // A script that would close its element early is refused.
    write(&templates.join("redline.html"), "{{ script | safe }}");
    write(&templates.join("redline.js"), "var x = '</SCRIPT>';");
    let out = redline_in(
        dir.path(),
        &[
            "diff",
            "--format",
            "html",
            "--templates",
            "tpl",
            "old.xml",
            "new.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("must not contain </script"), "{err}");
}
