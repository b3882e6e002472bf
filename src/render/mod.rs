//! Renderers: turn models into bytes. They compute nothing the models do
//! not already hold.
//!
//! `outline` writes `redline inspect`; `json`, `terminal` and `markdown`
//! write a [`Comparison`](crate::compare::Comparison) for `redline diff`.
//! The few presentational helpers the comparison renderers share (how a
//! version, a change's labels and a redline's lines are laid out) live here.

pub mod docx;
pub mod explain;
pub mod html;
pub mod json;
pub mod markdown;
pub mod outline;
pub mod terminal;

use crate::compare::{Change, ChangeKind, Summary, Version};
use crate::diff::{Op, Segment};
use crate::effects::{Axis, Direction, Effect, SafeguardsVerdict, ScopeVerdict};

/// One line of a redline: runs of text with what happened to them. No run
/// is empty.
pub(crate) type Line<'a> = Vec<(Op, &'a str)>;

/// Cuts an edit script into lines at its newlines (a newline inside a
/// deleted or inserted run ends the line like any other), dropping empty
/// lines.
pub(crate) fn lines(segments: &[Segment]) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::new();
    let mut line: Line<'_> = Vec::new();
    for seg in segments {
        for (i, piece) in seg.text.split('\n').enumerate() {
            if i > 0 && !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if piece.is_empty() {
                continue;
            }
            // Scripts from `diff` never hold two neighbours with the same
            // op, so runs only meet here across a newline, never merge.
            line.push((seg.op, piece));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Whether a script changes nothing (every segment equal).
pub(crate) fn all_equal(segments: &[Segment]) -> bool {
    segments.iter().all(|s| s.op == Op::Equal)
}

/// "revised draft, 2023-05-01", or "" when the version names neither.
pub(crate) fn version_name(v: &Version) -> String {
    let parts: Vec<&str> = [v.version_label.as_deref(), v.date.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    parts.join(", ")
}

/// "Article 23(2)(c) → Article 24(2)(d)", "Article 5" (same label on both
/// sides, or one side only), "Article 5(1), Article 5(2) → Article 5(1)".
pub(crate) fn labels(change: &Change) -> String {
    let side = |clauses: &[crate::compare::Clause]| {
        let ls: Vec<&str> = clauses.iter().map(|c| c.label.as_str()).collect();
        ls.join(", ")
    };
    let (old, new) = (side(&change.old), side(&change.new));
    if old.is_empty() || old == new {
        new
    } else if new.is_empty() {
        old
    } else {
        format!("{old} → {new}")
    }
}

/// "modified", "moved, renumbered".
pub(crate) fn kind(change: &Change) -> String {
    if change.renumbered && change.kind != ChangeKind::Renumbered {
        format!("{}, renumbered", change.kind.as_str())
    } else {
        change.kind.as_str().to_string()
    }
}

/// The summary's counts as (name, count), for the kinds that occur, then
/// renumbered, then unchanged (always).
pub(crate) fn counts(s: &Summary) -> Vec<(&'static str, usize)> {
    let kinds = [
        ("modified", s.modified),
        ("inserted", s.inserted),
        ("deleted", s.deleted),
        ("moved", s.moved),
        ("split", s.split),
        ("merged", s.merged),
        ("renumbered", s.renumbered),
    ];
    let mut out: Vec<_> = kinds.into_iter().filter(|&(_, n)| n > 0).collect();
    out.push(("unchanged", s.unchanged));
    out
}

/// "scope widens; safeguards weaken", or None when neither axis moves.
pub(crate) fn verdict_words(change: &Change) -> Option<String> {
    let scope = match change.verdict.scope {
        ScopeVerdict::Widens => Some("scope widens"),
        ScopeVerdict::Narrows => Some("scope narrows"),
        ScopeVerdict::Mixed => Some("scope mixed"),
        ScopeVerdict::Unclear => Some("scope unclear (review)"),
        ScopeVerdict::None => None,
    };
    let safeguards = match change.verdict.safeguards {
        SafeguardsVerdict::Strengthens => Some("safeguards strengthen"),
        SafeguardsVerdict::Weakens => Some("safeguards weaken"),
        SafeguardsVerdict::Mixed => Some("safeguards mixed"),
        SafeguardsVerdict::Unclear => Some("safeguards unclear (review)"),
        SafeguardsVerdict::None => None,
    };
    let parts: Vec<&str> = [scope, safeguards].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// "safeguards weaken", "scope widens (propagated)".
pub(crate) fn effect_head(e: &Effect) -> String {
    let axis = match e.axis {
        Axis::Scope => "scope",
        Axis::Safeguards => "safeguards",
    };
    let dir = match (e.axis, e.direction) {
        (_, Direction::Widens) => "widens",
        (_, Direction::Narrows) => "narrows",
        (_, Direction::Strengthens) => "strengthen",
        (_, Direction::Weakens) => "weaken",
        (_, Direction::Unclear) => "unclear",
    };
    let mut head = format!("{axis} {dir}");
    if e.propagated {
        head.push_str(" (propagated)");
    }
    if e.needs_review {
        head.push_str(" (review)");
    }
    head
}

/// "Effects: scope 3 widen, 1 narrow; safeguards 2 weaken", or None.
pub(crate) fn effects_line(s: &Summary) -> Option<String> {
    let t = &s.effects;
    let mut parts = Vec::new();
    let scope: Vec<String> = [
        ("widen", t.scope.widens),
        ("narrow", t.scope.narrows),
        ("unclear", t.scope.unclear),
    ]
    .into_iter()
    .filter(|&(_, n)| n > 0)
    .map(|(w, n)| format!("{n} {w}"))
    .collect();
    if !scope.is_empty() {
        parts.push(format!("scope {}", scope.join(", ")));
    }
    let safe: Vec<String> = [
        ("strengthen", t.safeguards.strengthens),
        ("weaken", t.safeguards.weakens),
        ("unclear", t.safeguards.unclear),
    ]
    .into_iter()
    .filter(|&(_, n)| n > 0)
    .map(|(w, n)| format!("{n} {w}"))
    .collect();
    if !safe.is_empty() {
        parts.push(format!("safeguards {}", safe.join(", ")));
    }
    (!parts.is_empty()).then(|| format!("Effects: {}", parts.join("; ")))
}
