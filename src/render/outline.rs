//! `redline inspect`: a document's identification and outline, as text or
//! JSON.
//!
//! The JSON form is an array with one object per document:
//!
//! ```json
//! [{"source": "a.xml",
//!   "identification": {"work": "/akn/un/bill/2022/cybercrime-convention/!main",
//!                      "expression": "...", "date": "2024-08-01", "date_name": "final text",
//!                      "version_label": "final text", "language": "eng", "title": "...",
//!                      "doc_type": "bill", "doc_name": "convention",
//!                      "profile": "Akoma Ntoso 3.0 (OASIS)", "namespace": "http://..."},
//!   "warnings": [{"line": 1, "column": 1, "message": "..."}],
//!   "provisions": [{"label": "Article 1", "element": "article", "num": "Article 1",
//!                   "heading": "Statement of purpose", "eid": "art_1", "wid": null,
//!                   "guid": null, "xml_id": null, "depth": 1, "words": 0,
//!                   "line": 40, "column": 7}]}]
//! ```

use std::io::{self, Write};

use serde::Serialize;

use crate::akn::{Document, Warning};

#[derive(Serialize)]
struct DocumentView<'a> {
    source: &'a str,
    identification: Identification<'a>,
    warnings: &'a [Warning],
    provisions: Vec<ProvisionView<'a>>,
}

#[derive(Serialize)]
struct Identification<'a> {
    work: Option<&'a str>,
    expression: Option<&'a str>,
    date: Option<&'a str>,
    date_name: Option<&'a str>,
    version_label: Option<&'a str>,
    language: Option<&'a str>,
    title: Option<&'a str>,
    doc_type: &'a str,
    doc_name: Option<&'a str>,
    profile: String,
    namespace: Option<&'a str>,
}

#[derive(Serialize)]
struct ProvisionView<'a> {
    label: &'a str,
    element: &'a str,
    num: Option<&'a str>,
    heading: Option<&'a str>,
    eid: Option<&'a str>,
    wid: Option<&'a str>,
    guid: Option<&'a str>,
    xml_id: Option<&'a str>,
    depth: u32,
    words: usize,
    line: u32,
    column: u32,
}

fn identification(doc: &Document) -> Identification<'_> {
    let m = &doc.meta;
    Identification {
        work: m.work_id(),
        expression: m.expression_id(),
        date: m.date.as_deref(),
        date_name: m.date_name.as_deref(),
        version_label: m.version_label(),
        language: m.language.as_deref(),
        title: m.title.as_deref(),
        doc_type: &m.doc_type,
        doc_name: m.doc_name.as_deref(),
        profile: m.profile.describe(),
        namespace: m.namespace.as_deref(),
    }
}

fn view(doc: &Document) -> DocumentView<'_> {
    let positions = doc.positions();
    DocumentView {
        source: &doc.source,
        identification: identification(doc),
        warnings: &doc.warnings,
        provisions: doc
            .provisions
            .iter()
            .zip(positions)
            .map(|(p, (line, column))| ProvisionView {
                label: &p.label,
                element: &p.element,
                num: p.num.as_deref(),
                heading: p.heading.as_deref(),
                eid: p.ids.eid.as_deref(),
                wid: p.ids.wid.as_deref(),
                guid: p.ids.guid.as_deref(),
                xml_id: p.ids.xml_id.as_deref(),
                depth: p.depth,
                words: p.word_count(),
                line,
                column,
            })
            .collect(),
    }
}

/// Writes the JSON array for these documents, with a final newline.
pub fn write_json(out: &mut impl Write, docs: &[Document]) -> io::Result<()> {
    let views: Vec<_> = docs.iter().map(view).collect();
    serde_json::to_writer_pretty(&mut *out, &views)?;
    writeln!(out)
}

/// Writes the identification block and an indented outline.
pub fn write_text(out: &mut impl Write, doc: &Document) -> io::Result<()> {
    let id = identification(doc);
    writeln!(out, "{}", doc.source)?;
    let rows = [
        ("title", id.title.map(str::to_string)),
        (
            "type",
            Some(match id.doc_name {
                Some(name) => format!("{} ({name})", id.doc_type),
                None => id.doc_type.to_string(),
            }),
        ),
        ("work", id.work.map(str::to_string)),
        ("expression", id.expression.map(str::to_string)),
        (
            "date",
            id.date.map(|d| match id.date_name {
                Some(n) => format!("{d} ({n})"),
                None => d.to_string(),
            }),
        ),
        ("version", id.version_label.map(str::to_string)),
        ("language", id.language.map(str::to_string)),
        ("profile", Some(id.profile.clone())),
        ("provisions", Some(doc.provisions.len().to_string())),
    ];
    for (key, value) in rows {
        if let Some(v) = value {
            writeln!(out, "  {key:<11} {v}")?;
        }
    }
    writeln!(out)?;
    for p in &doc.provisions {
        let indent = "  ".repeat(p.depth.min(40) as usize + 1);
        let words = p.word_count();
        let mut line = format!("{indent}{}", p.label);
        if let Some(h) = &p.heading {
            line.push_str("  ");
            line.push_str(h);
        }
        if words > 0 {
            let w = if words == 1 { "word" } else { "words" };
            line.push_str(&format!("  ({words} {w})"));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out)
}
