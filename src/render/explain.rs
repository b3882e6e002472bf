//! `redline explain`: every rule that fired on one provision, and why, for a
//! reader who wants to check or dispute an annotation.

use std::io::{self, Write};

use crate::akn::{Document, ProvisionId};
use crate::compare::{Change, Comparison};
use crate::effects::{Classifier, Clause, RoleReading};

/// One provision asked about, found in the comparison and the documents.
pub struct Request<'a> {
    pub label: String,
    pub change: Option<&'a Change>,
    pub old: &'a Document,
    pub new: &'a Document,
    pub old_id: Option<ProvisionId>,
    pub new_id: Option<ProvisionId>,
}

fn find_in(doc: &Document, wanted: &str) -> Option<ProvisionId> {
    doc.by_label(wanted).or_else(|| doc.by_eid(wanted))
}

impl<'a> Request<'a> {
    /// Finds a provision by label or eId, in the new version first.
    pub fn find(
        cmp: &'a Comparison,
        old: &'a Document,
        new: &'a Document,
        wanted: &str,
    ) -> Option<Request<'a>> {
        let matches = |c: &&Change| {
            c.new
                .iter()
                .chain(c.old.iter())
                .any(|cl| cl.label == wanted || cl.eid.as_deref() == Some(wanted))
        };
        let change = cmp
            .changes
            .iter()
            .find(|c| {
                c.new
                    .iter()
                    .any(|cl| cl.label == wanted || cl.eid.as_deref() == Some(wanted))
            })
            .or_else(|| cmp.changes.iter().find(matches));
        let new_id = match change {
            Some(c) => c.new.first().and_then(|cl| {
                cl.eid
                    .as_deref()
                    .and_then(|e| new.by_eid(e))
                    .or_else(|| new.by_label(&cl.label))
            }),
            None => find_in(new, wanted),
        };
        let old_id = match change {
            Some(c) => c.old.first().and_then(|cl| {
                cl.eid
                    .as_deref()
                    .and_then(|e| old.by_eid(e))
                    .or_else(|| old.by_label(&cl.label))
            }),
            None => find_in(old, wanted),
        };
        if change.is_none() && new_id.is_none() && old_id.is_none() {
            return None;
        }
        Some(Request {
            label: wanted.to_string(),
            change,
            old,
            new,
            old_id,
            new_id,
        })
    }
}

fn role_line(
    out: &mut impl Write,
    side: &str,
    label: &str,
    reading: RoleReading,
) -> io::Result<()> {
    let how = if reading.overridden {
        "set by the roles file".to_string()
    } else {
        format!("cue score {:.2}", reading.score)
    };
    writeln!(
        out,
        "  {side:<4} {label}: read as {} ({how})",
        reading.role.noun()
    )
}

/// Writes the explanation.
pub fn write(out: &mut impl Write, req: &Request<'_>, classifier: &Classifier) -> io::Result<()> {
    let Some(change) = req.change else {
        writeln!(
            out,
            "{}: unchanged between the two versions; no rule fired.",
            req.label
        )?;
        if let Some(id) = req.new_id {
            let text = req.new.provisions[id].text();
            let reading = classifier.role(&Clause {
                doc: req.new,
                id,
                text: &text,
            });
            role_line(out, "new", &req.new.provisions[id].label, reading)?;
        }
        return Ok(());
    };
    let labels = |cls: &[crate::compare::Clause]| {
        cls.iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let (ol, nl) = (labels(&change.old), labels(&change.new));
    let title = match (ol.is_empty(), nl.is_empty()) {
        (true, _) => nl.clone(),
        (_, true) => ol.clone(),
        _ if ol == nl => nl.clone(),
        _ => format!("{ol} → {nl}"),
    };
    let mut kind = change.kind.as_str().to_string();
    if change.renumbered && change.kind.as_str() != "renumbered" {
        kind.push_str(", renumbered");
    }
    writeln!(out, "{title}  ({kind})")?;
    for note in &change.notes {
        writeln!(out, "  note: {note}")?;
    }
    writeln!(out, "\nRoles")?;
    for (side, doc, id, clauses) in [
        ("old", req.old, req.old_id, &change.old),
        ("new", req.new, req.new_id, &change.new),
    ] {
        let (Some(id), Some(cl)) = (id, clauses.first()) else {
            continue;
        };
        let text = clauses
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        role_line(
            out,
            side,
            &cl.label,
            classifier.role(&Clause {
                doc,
                id,
                text: &text,
            }),
        )?;
    }
    writeln!(out, "\nRules that fired")?;
    if change.effects.is_empty() {
        writeln!(out, "  none: no rule found a change of scope or safeguards (editorial changes fire nothing).")?;
    }
    for (i, e) in change.effects.iter().enumerate() {
        let axis = match e.axis {
            crate::effects::Axis::Scope => "scope",
            crate::effects::Axis::Safeguards => "safeguards",
        };
        let dir = serde_json::to_value(e.direction)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut flags = Vec::new();
        if e.propagated {
            flags.push("propagated");
        }
        if e.needs_review {
            flags.push("needs review");
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        writeln!(
            out,
            "  {}. {axis} {dir}  rule {}  confidence {:.2}{flags}",
            i + 1,
            e.rule,
            e.confidence
        )?;
        writeln!(out, "     {}", e.explanation)?;
        if let Some(o) = &e.evidence.old {
            writeln!(out, "     old words: \u{201c}{o}\u{201d}")?;
        }
        if let Some(n) = &e.evidence.new {
            writeln!(out, "     new words: \u{201c}{n}\u{201d}")?;
        }
    }
    let v = serde_json::to_value(change.verdict).unwrap_or_default();
    writeln!(
        out,
        "\nVerdict: scope {}, safeguards {}",
        v["scope"].as_str().unwrap_or("none"),
        v["safeguards"].as_str().unwrap_or("none")
    )
}
