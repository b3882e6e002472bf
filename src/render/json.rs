//! `redline diff --format json`: a [`Comparison`] as pretty-printed JSON with
//! a final newline.
//!
//! This is the public contract for scripts and automated reports. Its
//! schema is `schema/comparison.schema.json` (a committed copy of the shared
//! one; a test validates real output against it). Fields may be added;
//! none is removed or changes meaning without raising `schema_version`.
//! Objects keep one field order and arrays one element order, so the same
//! inputs give the same bytes.
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "old": {"source": "round-3.xml", "work": "/akn/un/bill/2022/cc/!main",
//!           "expression": "/akn/un/bill/2022/cc/eng@2023-05-01/!main",
//!           "date": "2023-05-01", "title": "Draft convention",
//!           "version_label": "revised draft"},
//!   "new": {"source": "round-4.xml", "...": "..."},
//!   "summary": {"unchanged": 210, "modified": 3, "inserted": 1, "deleted": 0,
//!               "moved": 0, "split": 0, "merged": 0, "renumbered": 1,
//!               "effects": {"scope": {"widens": 0, "narrows": 0, "unclear": 0},
//!                           "safeguards": {"strengthens": 0, "weakens": 0,
//!                                          "unclear": 0}},
//!               "changes": 4},
//!   "alignment": [{"old": "art_23", "new": "art_24", "element": "article"}],
//!   "changes": [{
//!     "id": "art_24__para_2",
//!     "kind": "modified",
//!     "renumbered": false,
//!     "similarity": 0.8571,
//!     "old": [{"eid": "art_23__para_2", "wid": null, "element": "paragraph",
//!              "num": "2.", "label": "Article 23(2)", "heading": null,
//!              "text": "The competent authority shall order it.",
//!              "includes_subdivisions": false}],
//!     "new": [{"eid": "art_24__para_2", "...": "...",
//!              "text": "The competent authority may order it."}],
//!     "diff": [{"op": "equal", "text": "The competent authority "},
//!              {"op": "delete", "text": "shall"},
//!              {"op": "insert", "text": "may"},
//!              {"op": "equal", "text": " order it."}],
//!     "effects": [],
//!     "verdict": {"scope": "none", "safeguards": "none"},
//!     "heading_diff": [],
//!     "notes": []
//!   }]
//! }
//! ```
//!
//! Beyond the schema: `summary.changes` (the number of changes), and per
//! change `heading_diff` (word diff of the headings, empty when unchanged)
//! and `notes` (remarks such as "moved from Chapter IV (...) to Chapter V
//! (...)" or "includes its 2 paragraphs"), and per clause
//! `includes_subdivisions` (true when a unit inserted or deleted whole
//! carries its whole subtree's text, one numbered line per subdivision).

use std::io::{self, Write};

use crate::compare::Comparison;

/// Writes the comparison as pretty JSON followed by a newline.
pub fn write(out: &mut impl Write, comparison: &Comparison) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, comparison)?;
    writeln!(out)
}
